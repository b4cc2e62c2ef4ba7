import { redactText } from '../config/secrets.ts';

/**
 * Every credential value the harness made in this process (passwords of SCRAM users and of
 * private keys). Error messages and progress lines pass through `redactKnown` so that none can
 * reach Cucumber's output or a report, whatever a library put in its message.
 */
const known = new Set<string>();

export function rememberSecret(value: string): string {
  known.add(value);
  return value;
}

export function knownSecrets(): string[] {
  return [...known];
}

export function redactKnown(text: string): string {
  return known.size ? redactText(text, known) : text;
}
