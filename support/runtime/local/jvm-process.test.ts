import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../wait-for.ts';
import { JvmProcess } from './jvm-process.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]?.startsWith('Z');
  } catch {
    return false;
  }
}

const children: ReturnType<typeof spawn>[] = [];
const dirs: string[] = [];
// A failed assertion must not leave a stand-in harness (and its JVM) behind, nor its folders.
after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-jvm-'));
  dirs.push(dir);
  return dir;
}

/** Starts the stand-in harness and returns it with the pid of the JVM it started. */
async function harness(): Promise<{ child: ReturnType<typeof spawn>; jvm: number }> {
  const dir = tempDir();
  const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, 'hold-jvm.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const jvm = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', () => reject(new Error('the stand-in harness exited before starting its JVM')));
  });
  await waitFor(() => (readFileSync(join(dir, 'hold.log'), 'utf8').includes('holding') ? true : 'not yet holding'), {
    what: 'the JVM to start',
    timeoutMs: 30_000,
    abort: () => (alive(jvm) ? undefined : new Error(`the JVM exited at start:\n${readFileSync(join(dir, 'hold.log'), 'utf8')}`)),
  });
  return { child, jvm };
}

test('a JVM does not outlive a harness that is SIGKILLed', async () => {
  const { child, jvm } = await harness();
  assert.ok(alive(jvm));
  child.kill('SIGKILL');
  await waitFor(() => (alive(jvm) ? `pid ${jvm} still alive` : true), { what: 'the orphaned JVM to be killed by its guard', timeoutMs: 10_000 });
});

test('SIGINT to the harness kills its JVMs and exits 130', async () => {
  const { child, jvm } = await harness();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  await waitFor(() => (alive(jvm) ? `pid ${jvm} still alive` : true), { what: 'the JVM to be killed on SIGINT', timeoutMs: 10_000 });
});

test('stop sends SIGTERM, kill sends SIGKILL, and the exit is described', async () => {
  const dir = tempDir();
  const spec = { java: 'java', classpath: dir, mainClass: join(fixtures, 'Hold.java'), args: [], heap: '32m' };
  const a = JvmProcess.start({ ...spec, name: 'a', logFile: join(dir, 'a.log') });
  const b = JvmProcess.start({ ...spec, name: 'b', logFile: join(dir, 'b.log') });
  const [sa, sb] = await Promise.all([a.stop(10_000), b.kill()]);
  // The JVM turns SIGTERM into an orderly exit with status 143.
  assert.ok(sa.code === 143 || sa.signal === 'SIGTERM', `stop: ${a.describeExit()}`);
  assert.equal(sb.signal, 'SIGKILL');
  assert.equal(b.describeExit(), 'killed by SIGKILL');
  assert.ok(!alive(a.pid) && !alive(b.pid));
});
