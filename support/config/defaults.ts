import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.ts';
import { CLIENTS, RUNTIMES, type ClientName, type RuntimeName } from './choices.ts';

/**
 * The one source of mirrordrill's defaults. Everything a user can change is read from the
 * environment here, validated once, and reported with a one-sentence fix when wrong.
 */
export const DEFAULTS = {
  /**
   * Newest 4.x release whose broker *and* MM2 jars are both on Maven Central (4.4.0's
   * kafka_2.13 is published, its connect-mirror is not).
   */
  kafkaVersion: '4.3.1',
  /** Heap for a broker or MM2 JVM; 256–512 MiB is plenty for drills. */
  jvmHeap: '384m',
  /** Time for one broker to answer metadata after its JVM was started. */
  brokerStartTimeoutMs: 60_000,
  /** Time for MM2 to mirror a topic, a checkpoint, a synced offset. */
  mirrorTimeoutMs: 90_000,
  /** A read fails when no record arrives for this long; a read as a whole has no time cap. */
  consumeStallMs: 30_000,
  /** Records per produce request, and requests a producer keeps in flight. */
  produceBatch: 2_000,
  produceInFlight: 4,
  /** Time for the broker to ack one produce request. */
  produceTimeoutMs: 30_000,
  /** How long SIGTERM may take before a process is SIGKILLed. */
  stopGraceMs: 15_000,
  /**
   * MM2's own default for offset.lag.max: MM2 writes an offset sync at least this many records
   * apart, but keeps only a sparse subset of them, so it does not bound re-reads (the checkpoint does).
   */
  offsetLagMax: 100,
  /**
   * request.timeout.ms and default.api.timeout.ms of MM2's admin clients (Kafka's: 30 s and
   * 60 s): how long a call pinned to a lost broker can hold up MM2 (see mm2-properties.ts).
   */
  mirrorAdminTimeoutMs: 10_000,
  /**
   * scheduled.rebalance.max.delay.ms of MM2's workers (Connect's: 5 minutes): how long the tasks
   * of a worker or node that left the group wait before they move to the others.
   */
  rebalanceDelayMs: 10_000,
  /** Time for a Connect worker's REST API to answer, its connectors to be created and to run. */
  connectStartTimeoutMs: 90_000,
} as const;

export interface Settings {
  /** Where nodes run (MIRRORDRILL_RUNTIME): local JVMs, or containers through testcontainers. */
  runtime: RuntimeName;
  /**
   * The containers runtime's image (MIRRORDRILL_IMAGE): unset, built here from the cached jars;
   * `official`, apache/kafka:<version>; any other value, that image (same layout).
   */
  containerImage: string | undefined;
  kafkaVersion: string;
  /**
   * The Kafka release whose MirrorMaker 2 runs (MIRRORDRILL_MM2_VERSION): the brokers' by default.
   * Another release's connect-mirror jars run against the brokers of kafkaVersion (clients talk
   * across versions), so an MM2 bug reproduces without old brokers. Local runtime only.
   */
  mm2Version: string;
  /** An unpacked official Kafka distribution used instead of Maven when set. */
  kafkaHome: string | undefined;
  cacheDir: string;
  reportsDir: string;
  jvmHeap: string;
  /** Write ledger.ndjson for every scenario, not only the failed ones (MIRRORDRILL_LEDGER=full). */
  fullLedger: boolean;
  /** Hold a scenario before the first step whose text matches, for inspection with other tools. */
  inspectBefore: RegExp | undefined;
  /** Start JVMs from AppCDS archives made on first use (MIRRORDRILL_CDS=off: never). */
  classArchives: boolean;
  /** The client of scenarios that name none (MIRRORDRILL_CLIENT); a scenario that names one keeps it. */
  defaultClient: ClientName;
}

const VERSION = /^\d+\.\d+\.\d+$/;
const HEAP = /^\d+[mMgG]$/;

/** Reads and validates the environment once. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const kafkaVersion = env.MIRRORDRILL_KAFKA_VERSION?.trim() || DEFAULTS.kafkaVersion;
  if (!VERSION.test(kafkaVersion)) {
    throw new ConfigError(`MIRRORDRILL_KAFKA_VERSION="${kafkaVersion}" is not a Kafka release number`, {
      key: 'MIRRORDRILL_KAFKA_VERSION',
      hint: 'set it to a release such as 4.3.1 or 3.9.2, or unset it for the default',
    });
  }
  const major = Number(kafkaVersion.split('.')[0]);
  const minor = Number(kafkaVersion.split('.')[1]);
  if (major < 3 || (major === 3 && minor < 7)) {
    throw new ConfigError(`Kafka ${kafkaVersion} is too old for mirrordrill`, {
      key: 'MIRRORDRILL_KAFKA_VERSION',
      hint: 'use 3.7.0 or newer: mirrordrill runs brokers in KRaft mode and relies on KAFKA-12468 offset translation',
    });
  }
  const mm2Version = env.MIRRORDRILL_MM2_VERSION?.trim() || kafkaVersion;
  if (!VERSION.test(mm2Version)) {
    throw new ConfigError(`MIRRORDRILL_MM2_VERSION="${mm2Version}" is not a Kafka release number`, {
      key: 'MIRRORDRILL_MM2_VERSION',
      hint: 'set it to the release whose MirrorMaker 2 should run, such as 3.6.2, or unset it for the brokers\' own',
    });
  }
  const [mm2Major, mm2Minor] = mm2Version.split('.').map(Number) as [number, number];
  const mm2Patch = Number(mm2Version.split('.')[2]);
  if (mm2Major < 3 || (mm2Major === 3 && (mm2Minor < 4 || (mm2Minor === 4 && mm2Patch < 1)))) {
    throw new ConfigError(`MirrorMaker 2 ${mm2Version} is older than mirrordrill can drive`, {
      key: 'MIRRORDRILL_MM2_VERSION',
      hint: 'use 3.4.1 or newer: mirrordrill knows MM2 has copied a topic when MM2 writes the offset sync of its last record, and before 3.4.1 (KAFKA-14797) MM2 wrote syncs only when offsets jumped',
    });
  }
  const jvmHeap = env.MIRRORDRILL_JVM_HEAP?.trim() || DEFAULTS.jvmHeap;
  if (!HEAP.test(jvmHeap)) {
    throw new ConfigError(`MIRRORDRILL_JVM_HEAP="${jvmHeap}" is not a heap size`, {
      key: 'MIRRORDRILL_JVM_HEAP',
      hint: 'write it the way -Xmx takes it, for example 384m or 1g',
    });
  }
  const client = env.MIRRORDRILL_CLIENT?.trim() || 'platformatic';
  if (!(CLIENTS as readonly string[]).includes(client)) {
    throw new ConfigError(`MIRRORDRILL_CLIENT="${client}" is not a client mirrordrill knows`, {
      key: 'MIRRORDRILL_CLIENT',
      hint: `set it to one of ${CLIENTS.join(', ')}, or unset it for platformatic`,
    });
  }
  const runtime = (env.MIRRORDRILL_RUNTIME?.trim() || 'local') as RuntimeName;
  if (!RUNTIMES.includes(runtime)) {
    throw new ConfigError(`MIRRORDRILL_RUNTIME="${runtime}" is not a runtime mirrordrill has`, {
      key: 'MIRRORDRILL_RUNTIME',
      hint: `set it to one of ${RUNTIMES.join(', ')}, or unset it for local`,
    });
  }
  if (mm2Version !== kafkaVersion && runtime !== 'local') {
    throw new ConfigError(`MIRRORDRILL_MM2_VERSION=${mm2Version} runs only on the local runtime, not on ${runtime}`, {
      key: 'MIRRORDRILL_MM2_VERSION',
      hint: 'the local runtime starts MM2 from that release\'s jars beside the brokers of MIRRORDRILL_KAFKA_VERSION; unset MIRRORDRILL_RUNTIME, or unset MIRRORDRILL_MM2_VERSION',
    });
  }
  const cacheRoot = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return {
    runtime,
    containerImage: env.MIRRORDRILL_IMAGE?.trim() || undefined,
    kafkaVersion,
    mm2Version,
    kafkaHome: env.KAFKA_HOME?.trim() || undefined,
    cacheDir: env.MIRRORDRILL_CACHE?.trim() || join(cacheRoot, 'mirrordrill'),
    reportsDir: env.MIRRORDRILL_REPORTS?.trim() || join(process.cwd(), 'reports'),
    jvmHeap,
    fullLedger: env.MIRRORDRILL_LEDGER?.trim() === 'full',
    inspectBefore: inspectPattern(env.MIRRORDRILL_INSPECT_BEFORE),
    classArchives: env.MIRRORDRILL_CDS?.trim().toLowerCase() !== 'off',
    defaultClient: client as ClientName,
  };
}

/**
 * The settings as MM2 sees them: its release's jars (and names) in place of the brokers'. With
 * MIRRORDRILL_MM2_VERSION unset, the settings themselves.
 */
export function mirrorSettings(settings: Settings): Settings {
  if (settings.mm2Version === settings.kafkaVersion) return settings;
  return { ...settings, kafkaVersion: settings.mm2Version, kafkaHome: undefined };
}

function inspectPattern(value: string | undefined): RegExp | undefined {
  if (!value?.trim()) return undefined;
  try {
    return new RegExp(value.trim());
  } catch (error) {
    throw new ConfigError(`MIRRORDRILL_INSPECT_BEFORE="${value}" is not a regular expression: ${(error as Error).message}`, {
      key: 'MIRRORDRILL_INSPECT_BEFORE',
      hint: 'give a part of a step\'s text, e.g. "resumes on" (regex special characters need a backslash)',
    });
  }
}
