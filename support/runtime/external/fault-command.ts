import { appendFile } from 'node:fs/promises';
import { execa } from 'execa';
import { redactText } from '../../config/secrets.ts';
import { DrillError } from '../../errors.ts';
import { progress } from '../../progress.ts';
import type { FaultCommand } from './external-config.ts';

/** A fault command refused, failed or timed out; the message quotes its output (secrets removed). */
export class FaultCommandFailed extends DrillError {}

/** How a command reads in a log: argv joined, secrets out. */
export function commandText(c: FaultCommand, secrets: readonly string[]): string {
  return redactText(Array.isArray(c.command) ? c.command.join(' ') : c.command, secrets);
}

/**
 * Runs one configured command (argv without a shell, or a string through `sh -c`), bounded by
 * its timeout, its output appended to `log` (the scenario's report folder), secrets removed.
 * A non-zero exit or a timeout fails with the command's last output lines.
 */
export async function runFaultCommand(c: FaultCommand, what: string, log: string, secrets: readonly string[]): Promise<void> {
  const text = commandText(c, secrets);
  const started = Date.now();
  await appendFile(log, `[${new Date().toISOString()}] ${what}: ${text} (${c.where}, timeout ${c.timeoutMs / 1000} s)\n`);
  const [file, args] = Array.isArray(c.command) ? [c.command[0]!, c.command.slice(1)] : ['sh', ['-c', c.command]];
  const result = await execa(file, args, { reject: false, all: true, timeout: c.timeoutMs, stdin: 'ignore', killSignal: 'SIGKILL' });
  const output = redactText(result.all ?? '', secrets).trimEnd();
  const ms = Date.now() - started;
  await appendFile(log, `${output ? `${output.replace(/^/gm, '    ')}\n` : ''}[${new Date().toISOString()}] ${result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`} after ${(ms / 1000).toFixed(1)} s\n`);
  if (result.failed || result.exitCode !== 0) {
    const why = result.timedOut
      ? `did not finish within ${c.timeoutMs / 1000} s`
      : (result as { code?: string }).code === 'ENOENT'
        ? `could not start: ${file} is not on the PATH`
        : `exited with ${result.exitCode ?? result.signal}`;
    throw new FaultCommandFailed(`${what}: the command \`${text}\` (${c.where}) ${why}${output ? `:\n    ${output.split('\n').slice(-8).join('\n    ')}` : ''}`, {
      log,
      hint: result.timedOut ? `make the command finish sooner, or give it "timeoutSeconds" in ${c.where}` : `run it by hand to see why; fix it in ${c.where}`,
    });
  }
  progress(`${what}: \`${text}\` done in ${(ms / 1000).toFixed(1)} s`);
}
