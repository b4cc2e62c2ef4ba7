/**
 * Negative controls for bad input: a step's action must be refused with a DrillError (a
 * BadStepParameter and its kin), saying a given text, within seconds. The message is returned
 * for the scenario's report, with how long the refusal took.
 */
import { DrillError, VerdictMismatch } from './errors.ts';

/** Refusals are said before anything is waited on: one that takes longer than this is a timeout, not a refusal. */
export const REFUSAL_WITHIN_MS = 15_000;

export async function expectRefused(what: string, action: () => Promise<unknown>, saying: string): Promise<string> {
  const started = Date.now();
  let error: unknown;
  try {
    await action();
  } catch (e) {
    error = e;
  }
  const seconds = (Date.now() - started) / 1000;
  if (error === undefined) throw new VerdictMismatch(`${what} was accepted; it should have been refused saying "${saying}"`, { hint: 'the check that refuses it is missing or too lenient' });
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof DrillError)) throw new VerdictMismatch(`${what} failed, but not with mirrordrill's refusal (${error instanceof Error ? error.name : typeof error}):\n${message}`, { hint: 'bad input should be refused naming the step and what to do' });
  if (!message.includes(saying)) throw new VerdictMismatch(`${what} was refused, but without saying "${saying}":\n${message}`);
  if (seconds * 1000 > REFUSAL_WITHIN_MS) throw new VerdictMismatch(`${what} was refused only after ${seconds.toFixed(1)} s:\n${message}`, { hint: 'a refusal should come before any wait' });
  return `refused after ${seconds.toFixed(1)} s:\n${message}`;
}
