/**
 * The app contract (docs/apps.md): an app under test reports what it does as one JSON object per
 * line on its stdout. Two dialects are read as they are:
 *
 *  - mirrordrill's own: `{"event":"read","topic":…,"partition":…,"offset":…,"value":…}` per
 *    record processed, `{"event":"committed","offsets":[{"topic","partition","offset"}]}` per
 *    commit (offset = the next record to read, as Kafka commits it), and optionally `started`,
 *    `stopped`, `translated` (offsets the app translated itself and committed), `hung`,
 *    `warning` and `error` (a message the app wants the drill to show);
 *  - Kafka's VerifiableConsumer and VerifiableProducer (`"name"`: `record_data`,
 *    `offsets_committed`, `producer_send_success`, `producer_send_error`, `startup_complete`,
 *    `shutdown_complete`, …), so Kafka's own Java client serves unedited.
 *
 * A producing app reports `{"event":"produced","topic","partition","offset","value"}` per acked
 * record and `{"event":"produce-failed","value","message"}` per record it gave up on.
 *
 * Lines that are not JSON objects are the app's own log and are kept, not judged. A JSON object
 * whose event is known but whose fields are not what the contract says is garbage: the drill stops
 * with that line quoted, since judging reads the harness cannot place would be a false verdict.
 */

export interface AppOffset {
  topic: string;
  partition: number;
  offset: number;
}

export type AppEvent =
  | { kind: 'read'; topic: string; partition: number; offset: number; value: string | undefined }
  | { kind: 'committed'; offsets: AppOffset[] }
  /** A record the app produced and had acked: where it landed, and its value (which must name it: distinct per record). */
  | { kind: 'produced'; topic: string; partition: number; offset: number; value: string }
  | { kind: 'produce-failed'; value: string | undefined; message: string }
  | { kind: 'commit-failed'; message: string }
  | { kind: 'translated'; offsets: AppOffset[] }
  | { kind: 'started' | 'stopped' | 'hung' }
  | { kind: 'warning' | 'error'; message: string }
  /** A JSON object of an event this contract does not judge (VerifiableConsumer's summaries, rebalances). */
  | { kind: 'other'; name: string }
  /** Not a JSON object: the app's own log line. */
  | { kind: 'log' };

export class ContractViolation extends Error {}

const VERIFIABLE: Record<string, string> = {
  record_data: 'read',
  offsets_committed: 'committed',
  startup_complete: 'started',
  shutdown_complete: 'stopped',
  // VerifiableProducer's
  producer_send_success: 'produced',
  producer_send_error: 'produce-failed',
};

/** The event one line of an app's stdout reports; throws ContractViolation for a malformed event. */
export function parseAppLine(line: string): AppEvent {
  const text = line.trim();
  if (!text.startsWith('{')) return { kind: 'log' };
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'log' };
    o = parsed as Record<string, unknown>;
  } catch {
    // A log line that happens to start with a brace (a Python dict printed with repr) is the app's own.
    return { kind: 'log' };
  }
  const name = typeof o.event === 'string' ? o.event : typeof o.name === 'string' ? (VERIFIABLE[o.name] ?? `verifiable:${o.name}`) : undefined;
  if (name === undefined) return { kind: 'other', name: '(no "event" field)' };
  switch (name) {
    case 'read':
      return { kind: 'read', topic: str(o, 'topic'), partition: int(o, 'partition'), offset: int(o, 'offset'), value: value(o) };
    case 'produced': {
      const v = value(o);
      if (v === undefined) throw new ContractViolation('"value" of a produced record must be its value as text: it names the record wherever it is read');
      return { kind: 'produced', topic: str(o, 'topic'), partition: int(o, 'partition'), offset: int(o, 'offset'), value: v };
    }
    case 'produce-failed':
      return { kind: 'produce-failed', value: value(o), message: typeof o.message === 'string' ? o.message : typeof o.exception === 'string' ? o.exception : JSON.stringify(o) };
    case 'committed':
      // VerifiableConsumer reports failed commits as offsets_committed with success false.
      if (o.success === false) return { kind: 'commit-failed', message: typeof o.error === 'string' ? o.error : 'the commit failed' };
      return { kind: 'committed', offsets: offsets(o) };
    case 'translated':
      return { kind: 'translated', offsets: offsets(o) };
    case 'commit-failed':
    case 'warning':
    case 'error':
      return { kind: name, message: typeof o.message === 'string' ? o.message : JSON.stringify(o) };
    case 'started':
    case 'stopped':
    case 'hung':
      return { kind: name };
    default:
      return { kind: 'other', name };
  }
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new ContractViolation(`"${key}" must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function int(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ContractViolation(`"${key}" must be an integer of 0 or more, got ${JSON.stringify(v)}`);
  return v;
}

function value(o: Record<string, unknown>): string | undefined {
  const v = o.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw new ContractViolation(`"value" must be the record's value as text (or null), got ${JSON.stringify(v).slice(0, 80)}`);
  return v;
}

function offsets(o: Record<string, unknown>): AppOffset[] {
  const list = o.offsets;
  if (!Array.isArray(list)) throw new ContractViolation(`"offsets" must be a list of {"topic","partition","offset"}, got ${JSON.stringify(list)}`);
  return list.map((e: unknown) => {
    if (typeof e !== 'object' || e === null) throw new ContractViolation(`each of "offsets" must be {"topic","partition","offset"}, got ${JSON.stringify(e)}`);
    const r = e as Record<string, unknown>;
    return { topic: str(r, 'topic'), partition: int(r, 'partition'), offset: int(r, 'offset') };
  });
}
