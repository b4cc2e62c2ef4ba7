/**
 * `npm run report -- reports/<run> [--screenshot]`: (re)writes a run's DR report (index.html and
 * one page per scenario) from what the run left; with --screenshot, also screenshot.png of it
 * through headless Chromium. A nightly folder (reports/nightly-<date>) gets its matrix summary
 * rewritten instead.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { screenshot } from './chromium.ts';
import { buildRunReport } from './run-report.ts';
import { rebuildNightly } from './nightly.ts';

const args = process.argv.slice(2);
const shot = args.includes('--screenshot');
const dirs = args.filter((a) => !a.startsWith('--'));
if (!dirs.length) dirs.push(join(process.env.MIRRORDRILL_REPORTS?.trim() || 'reports', 'latest'));
let code = 0;
for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.error(`mirrordrill: no run folder at ${dir}`);
    code = 2;
    continue;
  }
  const index = basename(dir).startsWith('nightly-') ? await rebuildNightly(dir) : await buildRunReport(dir);
  console.log(index);
  if (shot) console.log(await screenshot(index, join(dir, 'screenshot.png')));
}
process.exit(code);
