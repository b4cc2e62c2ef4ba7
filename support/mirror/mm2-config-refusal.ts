import type { LogWatch } from '../os/log-watch.ts';

/** The first line of a log record, as the logging configs of mirrordrill lay it out: `[%d] %p %m (%c)`. */
const RECORD_START = /^\[[^\]]+\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) /;
const ERROR_START = /^\[[^\]]+\] (ERROR|FATAL) /;
/**
 * How Kafka words a refused configuration: ConfigDef's ConfigException ("Invalid value x for
 * configuration k: …", "Missing required configuration …") and, from MM2's herder, Connect's
 * "Connector configuration is invalid and contains the following N error(s):" listing them.
 */
const REFUSAL = /ConfigException|Connector configuration is invalid|Invalid value .* for configuration |Missing required configuration /;
const FRAME = /^\s+at |^\s*\.\.\. \d+ more/;
/** Connect's pointer to its REST validate endpoint, which a dedicated MM2 does not serve. */
const NOISE = /^You can also find the above list of errors at the endpoint/;
const MAX_LINES = 12;

/**
 * The lines worth quoting when one log record (its first line and the lines after it, stack
 * trace included) is an ERROR that refuses a configuration, else undefined. MM2 logs a refused
 * connector configuration as
 *   [..] ERROR Failed to configure MirrorCheckpointConnector connector for es-src->es-tgt (org.apache.kafka.connect.mirror.MirrorHerder)
 *   org.apache.kafka.connect.runtime.rest.errors.BadRequestException: Connector configuration is invalid and contains the following 1 error(s):
 *   Invalid value -x for configuration emit.checkpoints.interval.seconds: Not a number of type LONG
 * and keeps running, mirroring nothing for that connector.
 */
export function configRefusal(record: string[]): string[] | undefined {
  const [first, ...rest] = record;
  if (!first || !ERROR_START.test(first)) return undefined;
  const frame = rest.findIndex((l) => FRAME.test(l));
  const message = (frame < 0 ? rest : rest.slice(0, frame)).filter((l) => l.trim() && !NOISE.test(l));
  const causes = (frame < 0 ? [] : rest.slice(frame)).filter((l) => /^Caused by: /.test(l) && REFUSAL.test(l));
  if (!REFUSAL.test(first) && ![...message, ...causes].some((l) => REFUSAL.test(l))) return undefined;
  return [first, ...message, ...causes].slice(0, MAX_LINES);
}

/**
 * Watches MM2's log for the first record refusing a configuration. A record is judged once it
 * is complete: when the next record starts, or when its stack trace began (log4j writes a
 * record with its trace at once). Once found, the refusal is kept.
 */
export class ConfigRefusalWatch {
  #record: string[] = [];
  #found: string[] | undefined;

  constructor(private readonly log: LogWatch) {}

  check(): string[] | undefined {
    if (this.#found) return this.#found;
    for (const line of this.log.newLines()) {
      if (RECORD_START.test(line)) {
        this.#found = configRefusal(this.#record);
        if (this.#found) return this.#found;
        this.#record = [line];
      } else if (this.#record.length > 0) {
        this.#record.push(line);
      }
    }
    if (this.#record.some((l) => FRAME.test(l))) this.#found = configRefusal(this.#record);
    return this.#found;
  }
}
