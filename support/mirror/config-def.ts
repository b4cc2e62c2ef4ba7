/**
 * Kafka's rules for reading a config value (ConfigDef.parseType in kafka-clients), for the MM2
 * properties the harness reads itself. Each parser returns undefined where MM2 would refuse the
 * value with "Invalid value <v> for configuration <key>", so mirrordrill can refuse it first.
 */

/** Java's String.trim(): strips every char up to U+0020 (controls and space), nothing else. */
export function javaTrim(value: string): string {
  return value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/** What MM2 accepts for each type, as a person would write it. */
export const EXPECTED = {
  BOOLEAN: 'true or false (any case)',
  LONG: 'a whole number from -9223372036854775808 to 9223372036854775807',
} as const;

/** BOOLEAN: "true" or "false" after trimming, compared as String.equalsIgnoreCase does. */
export function parseBoolean(value: string): boolean | undefined {
  const trimmed = javaTrim(value);
  const is = (word: string) => trimmed.length === word.length && trimmed.toUpperCase() === word.toUpperCase();
  if (is('true')) return true;
  if (is('false')) return false;
  return undefined;
}

/**
 * LONG: Long.parseLong of the trimmed value, an optional sign and decimal digits within 64 bits.
 * Java also takes non-ASCII decimal digits (Arabic-Indic, fullwidth); these are refused here,
 * the one place where this is stricter than MM2.
 */
export function parseLong(value: string): bigint | undefined {
  const trimmed = javaTrim(value);
  if (!/^[+-]?[0-9]+$/.test(trimmed)) return undefined;
  const n = BigInt(trimmed);
  return n < -(2n ** 63n) || n > 2n ** 63n - 1n ? undefined : n;
}
