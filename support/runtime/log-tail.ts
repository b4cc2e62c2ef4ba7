import { readFileSync } from 'node:fs';

/** The last lines of a log worth quoting in an error: ERROR/Exception lines first, else the tail. */
export function logTail(file: string, lines = 8): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '(no log written)';
  }
  const all = text.split('\n').filter((l) => l.trim());
  const errors = all.filter((l) => /\b(ERROR|FATAL)\b|Exception|Error:/.test(l));
  const pick = (errors.length ? errors : all).slice(-lines);
  return pick.map((l) => `    ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n');
}
