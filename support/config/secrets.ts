import { ConfigError } from '../errors.ts';
import type { Properties } from './properties.ts';

/** Property keys whose values are credentials (SASL JAAS configs, passwords, keys, tokens). */
const SECRET_KEY = /password|secret|jaas\.config|token|credential|(^|\.)key$|private/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * `${NAME}` in a value is replaced by the environment variable NAME, so feature files (and
 * Cucumber's reports of them) never hold a credential. An unset variable is an error that
 * names it, never an empty password.
 */
export function interpolate(value: string, where: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) {
      throw new ConfigError(`${where} refers to \${${name}}, which is not set in the environment`, { key: name, hint: `export ${name}=… before running the drill` });
    }
    return v;
  });
}

/** A copy fit for reports and logs: secret-looking keys keep their name, lose their value. */
export function redactProperties(props: Properties): Properties {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : v]));
}

export function hasSecrets(props: Properties): boolean {
  return Object.keys(props).some(isSecretKey);
}

/** Removes every given secret value from a text (an error message, a log line). */
export function redactText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * A log or error text fit for a report: `key=value` / `key: value` lines whose key looks secret
 * lose their value, and so do JAAS options such as password="…". Known secret values are removed
 * by the report pages themselves (support/report/html.ts), which know the run's placeholders.
 */
export function redactLogText(text: string): string {
  return text
    .replace(/([\w.\-]+)(\s*[=:]\s*)([^\s,;}\]]+)/g, (all, key: string, sep: string, value: string) => (isSecretKey(key) && value !== REDACTED && !/^\[?(hidden|redacted)\]?$/.test(value) ? `${key}${sep}${REDACTED}` : all))
    .replace(/\b(password|username|token|secret)="[^"]*"/gi, (_, k: string) => `${k}="${REDACTED}"`);
}
