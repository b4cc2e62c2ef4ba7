/**
 * The config names MirrorMaker 2 defines in the Kafka release a drill runs, read from its jars by
 * ConfigNames.java (one JVM start per Kafka version, ever: the answer is cached as JSON beside
 * the jars, in the cache folder).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Settings } from '../config/defaults.ts';
import { progress } from '../progress.ts';
import { distribution } from '../kafka/kafka-distribution.ts';
import { onceFor } from '../os/once.ts';

/** What ConfigNames.java prints: each group of names, and the Kafka version of the jars. */
export interface ConfigNames {
  version: string;
  /** MirrorMakerConfig.config(): clusters, config.providers, security, the internal REST server. */
  mm2: string[];
  /** The CONNECTOR_CONFIG_DEF of MirrorSourceConfig, MirrorCheckpointConfig and MirrorHeartbeatConfig (with Connect's ConnectorConfig). */
  connector: string[];
  /** MirrorClientConfig's CLIENT_CONFIG_DEF and CONFIG_DEF: bootstrap.servers, security, replication.policy.*. */
  client: string[];
  consumer: string[];
  producer: string[];
  admin: string[];
  /** DistributedConfig: the Connect worker MM2 runs per flow (read from the target's prefix). */
  worker: string[];
  /** Which Kafka field or method each group came from. */
  from: string[];
}

const PROGRAM = join(dirname(fileURLToPath(import.meta.url)), 'ConfigNames.java');

export function namesFile(cacheDir: string, version: string): string {
  return join(cacheDir, `mm2-config-names-${version}.json`);
}

/** Runs ConfigNames.java on a class path; its JSON, checked for shape. */
export async function readNamesFromJars(java: string, classpath: string): Promise<ConfigNames> {
  const result = await execa(java, ['-cp', classpath, PROGRAM], { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`ConfigNames.java failed (exit ${result.exitCode}):\n${(result.all ?? '').split('\n').slice(0, 8).join('\n')}`);
  const names = JSON.parse(result.stdout) as ConfigNames;
  if (!Array.isArray(names.connector) || !names.connector.includes('topics')) throw new Error('ConfigNames.java printed no MM2 connector names');
  return names;
}

/** Where the names come from, or why they cannot be had: said once per run. */
export type NamesAnswer = { names: ConfigNames; source: string; note?: string } | { names: undefined; why: string };

const answers = new Map<string, Promise<NamesAnswer>>();

/**
 * The names for the configured Kafka version: from the cached JSON; else read from the jars
 * (the local runtime's, fetched as it fetches them; on another runtime only jars already in the
 * cache or KAFKA_HOME), then cached. Without jars the answer says why, and keys go unchecked.
 */
export function mirrorConfigNames(settings: Settings): Promise<NamesAnswer> {
  return onceFor(answers, `${settings.runtime}|${settings.kafkaHome ?? ''}|${settings.kafkaVersion}|${settings.cacheDir}`, () => resolveNames(settings));
}

async function resolveNames(settings: Settings): Promise<NamesAnswer> {
  if (settings.runtime === 'local') return namesOfJars(settings);
  // Another runtime runs an MM2 whose jars may not be here (external: not even its version):
  // the configured version's names when its jars are at hand, said once; else unchecked.
  try {
    const answer = await namesOfJars(settings);
    return answer.names
      ? { ...answer, note: `MM2 property keys are checked against the names of Kafka ${answer.names.version} (MIRRORDRILL_KAFKA_VERSION), which the ${settings.runtime} runtime's MM2 may not run` }
      : answer;
  } catch (error) {
    return { names: undefined, why: `the jars of Kafka ${settings.kafkaVersion} could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

async function namesOfJars(settings: Settings): Promise<NamesAnswer> {
  const jarsHere = settings.runtime === 'local' || settings.kafkaHome || existsSync(join(settings.cacheDir, `kafka-${settings.kafkaVersion}`, '.complete'));
  // With KAFKA_HOME the version is the distribution's, known once it is read.
  if (!settings.kafkaHome) {
    const file = namesFile(settings.cacheDir, settings.kafkaVersion);
    if (existsSync(file)) return { names: JSON.parse(await readFile(file, 'utf8')) as ConfigNames, source: file };
  }
  if (!jarsHere) {
    return {
      names: undefined,
      why: `no jars of Kafka ${settings.kafkaVersion} in ${settings.cacheDir} (the ${settings.runtime} runtime needs none); run one local drill with MIRRORDRILL_KAFKA_VERSION=${settings.kafkaVersion} to have them`,
    };
  }
  const dist = await distribution(settings);
  const file = namesFile(settings.cacheDir, dist.version);
  if (existsSync(file)) return { names: JSON.parse(await readFile(file, 'utf8')) as ConfigNames, source: file };
  progress(`reading the config names MM2 defines in Kafka ${dist.version}'s jars (once per version)`);
  const names = await readNamesFromJars(dist.java, dist.classpath);
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, `${JSON.stringify(names)}\n`);
  await rename(partial, file);
  return { names, source: file };
}
