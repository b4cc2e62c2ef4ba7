/**
 * Headless Chromium (Debian's `chromium` package, or CHROMIUM_BIN) for the DR report's checks:
 * the DOM after rendering (--dump-dom) and a screenshot (--screenshot). No browser download,
 * no driver: the binary's own headless mode.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function chromiumBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_BIN) return env.CHROMIUM_BIN;
  for (const dir of (env.PATH ?? '').split(':')) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function run(args: string[], timeoutMs = 60_000): Promise<string> {
  const bin = chromiumBin();
  if (!bin) return Promise.reject(new Error('no chromium on the PATH: apt-get install -y chromium (or set CHROMIUM_BIN)'));
  // A profile of its own per call: two calls side by side must not share a lock.
  const profile = mkdtempSync(join(tmpdir(), 'mirrordrill-chromium-'));
  const base = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`];
  return new Promise((done, fail) => {
    execFile(bin, [...base, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) fail(new Error(`chromium failed: ${error.message}`));
      else done(stdout);
    });
  });
}

const url = (file: string) => pathToFileURL(resolve(file)).href;

/** The page's DOM once loaded, as HTML. */
export function dumpDom(file: string): Promise<string> {
  return run(['--dump-dom', url(file)]);
}

/** A PNG of the page at the given window size (the top of the page; long pages are cut). */
export async function screenshot(file: string, png: string, width = 1280, height = 1800): Promise<string> {
  await run([`--screenshot=${resolve(png)}`, `--window-size=${width},${height}`, url(file)]);
  if (!existsSync(png)) throw new Error(`chromium wrote no screenshot to ${png}`);
  return png;
}
