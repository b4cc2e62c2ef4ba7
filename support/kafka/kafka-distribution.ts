import { existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { DistributionError, PrerequisiteMissing } from '../errors.ts';
import { progress } from '../progress.ts';
import { once, onceFor } from '../os/once.ts';
import type { Settings } from '../config/defaults.ts';

export type LoggingBackend = 'log4j2' | 'reload4j';

/** The jars of one Kafka release: brokers, the storage tool and the dedicated MM2 driver. */
export interface KafkaDistribution {
  version: string;
  /** A java -cp value. */
  classpath: string;
  logging: LoggingBackend;
  java: string;
  /** Where the jars came from, for the report. */
  source: string;
}

const marker = '.complete';

export function loggingBackendOf(version: string): LoggingBackend {
  return Number(version.split('.')[0]) >= 4 ? 'log4j2' : 'reload4j';
}

/** Finds java (JAVA_HOME first) and checks it runs a release this Kafka supports. */
export async function resolveJava(kafkaVersion: string, env = process.env): Promise<string> {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const needed = Number(kafkaVersion.split('.')[0]) >= 4 ? 17 : 11;
  let output: string;
  try {
    const result = await execa(java, ['-version'], { reject: false, all: true });
    if (result.exitCode !== 0 || result.failed) throw result;
    output = result.all ?? '';
  } catch {
    throw new PrerequisiteMissing(`java was not found (looked for "${java}")`, {
      hint: `install a JDK ${needed}+ (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME to one`,
    });
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < needed) {
    throw new PrerequisiteMissing(`Kafka ${kafkaVersion} needs Java ${needed}+, but "${java}" is Java ${major || 'unknown'}`, {
      hint: `install a JDK ${needed}+ (Debian: apt-get install openjdk-17-jdk-headless) or point JAVA_HOME at one`,
    });
  }
  return java;
}

/** A Maven artifact: groupId, artifactId, version. */
export type Dependency = readonly [groupId: string, artifactId: string, version: string];

/** The slf4j binding of the release's logging backend: Kafka's jars log through slf4j, and without a binding they warn about it on every run. */
export function loggingDependencies(version: string): Dependency[] {
  return loggingBackendOf(version) === 'log4j2'
    ? [
        ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3'],
        ['org.apache.logging.log4j', 'log4j-core', '2.24.3'],
      ]
    : [
        ['org.slf4j', 'slf4j-reload4j', '1.7.36'],
        ['ch.qos.reload4j', 'reload4j', '1.2.25'],
      ];
}

function pom(artifactId: string, dependencies: readonly Dependency[]): string {
  const deps = dependencies
    .map(([g, a, v]) => `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`)
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.mirrordrill</groupId><artifactId>${artifactId}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

async function fromKafkaHome(home: string, java: (v: string) => Promise<string>): Promise<KafkaDistribution> {
  const libs = join(home, 'libs');
  const jars = existsSync(libs) ? await readdir(libs) : [];
  const core = jars.map((j) => /^kafka_2\.1[23]-(\d+\.\d+\.\d+)\.jar$/.exec(j)).find(Boolean);
  if (!core) {
    throw new PrerequisiteMissing(`KAFKA_HOME="${home}" is not an unpacked Kafka distribution (no libs/kafka_2.13-<version>.jar)`, {
      key: 'KAFKA_HOME',
      hint: 'point KAFKA_HOME at the folder of an unpacked kafka_2.13-<version>.tgz, or unset it to fetch the jars with Maven',
    });
  }
  const version = core[1]!;
  return { version, classpath: `${libs}/*`, logging: loggingBackendOf(version), java: await java(version), source: `KAFKA_HOME=${home}` };
}

export async function mavenAvailable(env = process.env): Promise<void> {
  const result = await execa('mvn', ['-v'], { reject: false, env, extendEnv: false });
  if (result.failed || result.exitCode !== 0) {
    throw new PrerequisiteMissing('mvn (Apache Maven) was not found; the local runtime uses it to fetch the Kafka jars', {
      hint: 'install Maven (Debian: apt-get install maven), or set KAFKA_HOME to an unpacked Kafka distribution',
    });
  }
}

/** What fetchArtifacts says about one set of jars. */
export interface ArtifactLabel {
  /** Names the jars in progress lines and errors: "Kafka 4.3.1", "Kafka 4.3.1's tools". */
  name: string;
  /** Says what is fetched, in the first progress line: "the jars of Kafka 4.3.1 (broker + MirrorMaker 2)". */
  contents: string;
  /** The Kafka release, for the error's context. */
  version: string;
  /** What to do when Maven fails. */
  hint: string;
}

/**
 * The jars of `dependencies` and their runtime dependencies, in `<dir>/lib`: reused offline when
 * `dir` holds the marker of a finished fetch, else fetched once with Maven (a generated pom and
 * `dependency:copy-dependencies` in a partial folder, renamed into place with its marker, under
 * a lock: support/os/once.ts).
 */
export async function fetchArtifacts(dir: string, dependencies: readonly Dependency[], label: ArtifactLabel): Promise<{ classpath: string; source: string }> {
  const found = { classpath: `${join(dir, 'lib')}/*`, source: `Maven Central, cached in ${dir}` };
  if (existsSync(join(dir, marker))) return found;
  await mavenAvailable();
  // once(): the workers of a --parallel run and other checkouts fetch it one at a time (the
  // others wait, then reuse it), and a failed fetch keeps its partial folder for its mvn.log.
  await once(dir, label.contents, (d) => existsSync(join(d, marker)), (work) => mavenFetch(work, dir, dependencies, label), { keepFailed: true });
  return found;
}

async function mavenFetch(work: string, dir: string, dependencies: readonly Dependency[], label: ArtifactLabel): Promise<void> {
  // The pom is named after the folder (kafka-4.3.1, kafka-tools-4.3.1); Maven's errors name it.
  await writeFile(join(work, 'pom.xml'), pom(basename(dir), dependencies));
  const logFile = join(work, 'mvn.log');
  progress(`fetching ${label.contents} with Maven into ${dir}; later runs reuse them offline`);
  const child = execa('mvn', ['-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'], {
    cwd: work,
    reject: false,
    all: true,
    buffer: { all: true },
  });
  let last = Date.now();
  let downloaded = 0;
  child.all?.on('data', (chunk: Buffer) => {
    downloaded += chunk.toString().split('Downloaded from').length - 1;
    if (Date.now() - last > 3_000) {
      last = Date.now();
      progress(`fetching ${label.name}: ${downloaded} files downloaded so far…`);
    }
  });
  const result = await child;
  await writeFile(logFile, result.all ?? '');
  if (result.exitCode !== 0) {
    // Maven's own advice (-e, -X, the help page) is noise here; keep the lines that say what failed.
    const boilerplate = /full stack trace|Re-run Maven|For more information|^\[ERROR\] \[Help \d+\]|^\[ERROR\]\s*$/;
    const tail = (result.all ?? '')
      .split('\n')
      .map((l) => l.trim().replace(/ -> \[Help \d+\]$/, ''))
      .filter((l) => l.startsWith('[ERROR]') && !boilerplate.test(l))
      .slice(0, 3)
      .join('\n    ');
    throw new DistributionError(`Maven could not fetch ${label.name}:\n    ${tail || '(no ERROR line; see the log)'}`, {
      version: label.version,
      log: logFile,
      hint: label.hint,
    });
  }
  const jars = await readdir(join(work, 'lib'));
  let bytes = 0;
  for (const jar of jars) bytes += (await stat(join(work, 'lib', jar))).size;
  await writeFile(join(work, marker), `${jars.length} jars\n`);
  progress(`${label.name}: ${jars.length} jars, ${(bytes / 1e6).toFixed(1)} MB cached`);
}

/** Resolves the jars for the configured version: KAFKA_HOME, the cache, or Maven (once). */
export async function resolveDistribution(settings: Settings): Promise<KafkaDistribution> {
  if (settings.kafkaHome) return fromKafkaHome(settings.kafkaHome, resolveJava);
  const version = settings.kafkaVersion;
  const java = await resolveJava(version);
  const dir = join(settings.cacheDir, `kafka-${version}`);
  const dependencies: Dependency[] = [
    ['org.apache.kafka', 'kafka_2.13', version],
    ['org.apache.kafka', 'connect-mirror', version],
    ...loggingDependencies(version),
  ];
  const jars = await fetchArtifacts(dir, dependencies, {
    name: `Kafka ${version}`,
    contents: `the jars of Kafka ${version} (broker + MirrorMaker 2)`,
    version,
    hint: `check that ${version} is a Kafka release published to Maven Central (kafka_2.13 and connect-mirror), and that Maven can reach its repository`,
  });
  return { version, classpath: jars.classpath, logging: loggingBackendOf(version), java, source: jars.source };
}

const resolved = new Map<string, Promise<KafkaDistribution>>();
/** One resolution per process and setting (the brokers' release, and MM2's when MIRRORDRILL_MM2_VERSION differs). */
export function distribution(settings: Settings): Promise<KafkaDistribution> {
  return onceFor(resolved, `${settings.kafkaHome ?? ''}|${settings.kafkaVersion}|${settings.cacheDir}`, () => resolveDistribution(settings));
}
