import { test } from 'node:test';
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rememberSecret } from '../security/secret-values.ts';
import { AppProcess } from './app-process.ts';
import type { AppEvent } from './app-contract.ts';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'app-process-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function start(dir: string, command: string, events: AppEvent[] = []): AppProcess {
  return new AppProcess({ name: 't', command, cwd: dir, env: process.env as Record<string, string>, logFile: join(dir, 'app.log'), onEvent: (e) => events.push(e) });
}

/**
 * Whether a process group still has a live member (zombies aside: in a container whose init does
 * not reap, an orphan's zombie stays in its group), polled for a second after the app exited (the
 * guard's watcher goes once the harness closes its pipe).
 */
async function alive(pgid: number): Promise<boolean> {
  const members = async () => {
    let n = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      // Fields after the command (in parentheses, which may hold spaces): state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') n++;
    }
    return n;
  };
  for (let i = 0; i < 50; i++) {
    if ((await members()) === 0) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

test('a graceful stop reaches the app behind the shell, and the app finishes its own way', async () => {
  await withDir(async (dir) => {
    const events: AppEvent[] = [];
    // A shell program with a TERM handler that reports and exits 0 (a consumer closing and committing).
    await writeFile(join(dir, 'app.sh'), ['trap \'echo \'\\\'\'{"event":"stopped"}\'\\\'\'; exit 0\' TERM', 'echo \'{"event":"started"}\'', 'while :; do sleep 0.1; done', ''].join('\n'));
    const app = start(dir, 'exec sh app.sh', events);
    while (!events.some((e) => e.kind === 'started')) await new Promise((r) => setTimeout(r, 20));
    const exit = await app.stop(5_000);
    expect(exit).to.deep.include({ code: 0, by: 'stopped' });
    expect(events.map((e) => e.kind)).to.include('stopped');
    expect(await alive(app.pid!)).to.equal(false);
  });
});

test('a kill takes the whole process group, a pipeline included', async () => {
  await withDir(async (dir) => {
    const app = start(dir, 'sleep 37 | cat');
    await new Promise((r) => setTimeout(r, 200));
    app.kill();
    const exit = await app.exited;
    expect(exit.by).to.equal('killed');
    expect(await alive(app.pid!)).to.equal(false);
  });
});

test('a line that breaks the contract stops the app, and is quoted', async () => {
  await withDir(async (dir) => {
    const app = start(dir, `echo '{"event":"read","topic":"t","partition":0,"offset":"x"}'; sleep 30`);
    const exit = await app.exited;
    expect(exit.violation).to.match(/"offset" must be an integer of 0 or more, got "x", in the line: \{"event":"read"/);
    expect(await alive(app.pid!)).to.equal(false);
  });
});

test('its log keeps stdout and stderr, with every secret the harness knows redacted', async () => {
  await withDir(async (dir) => {
    const secret = rememberSecret('pa55-w0rd-of-the-app');
    const app = start(dir, `echo "sasl.password=${secret}"; echo oops >&2; exit 3`);
    const exit = await app.exited;
    expect(exit.code).to.equal(3);
    const log = await readFile(join(dir, 'app.log'), 'utf8');
    expect(log).to.not.include(secret);
    expect(log).to.match(/out\] sasl\.password=\[redacted\]/);
    expect(log).to.match(/err\] oops/);
    expect(app.tail()).to.include('err: oops').and.not.include(secret);
  });
});
