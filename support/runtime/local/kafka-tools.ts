import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrerequisiteMissing, ProcessExited } from '../../errors.ts';
import type { Settings } from '../../config/defaults.ts';
import { fetchArtifacts, loggingBackendOf, loggingDependencies, resolveJava, type Dependency, type KafkaDistribution, type LoggingBackend } from '../../kafka/kafka-distribution.ts';
import { jvmLogHeader, killGuardedSync, spawnGuarded } from './jvm-process.ts';

/**
 * Kafka's own command-line tools (`org.apache.kafka:kafka-tools`: ProducerPerformance,
 * ConsumerPerformance, ...) for the same release as the broker, used as a physical reference by
 * the benchmarks: a classpath like the broker's. Fetched once with Maven into
 * `<cache>/kafka-tools-<version>/`, beside the broker's jars, and reused offline after that; with
 * KAFKA_HOME, its `libs/` already hold them.
 */
export type KafkaTools = KafkaDistribution;

/**
 * The tools of the configured release: KAFKA_HOME's libs/ when set (an official distribution
 * ships kafka-tools), else the cache, else Maven (once). `version` is the broker's version as
 * the runtime resolved it, so that tools and broker always match.
 */
export async function resolveKafkaTools(settings: Settings, version: string): Promise<KafkaTools> {
  const java = await resolveJava(version);
  if (settings.kafkaHome) {
    const libs = join(settings.kafkaHome, 'libs');
    const jar = `kafka-tools-${version}.jar`;
    if (!existsSync(join(libs, jar))) {
      throw new PrerequisiteMissing(`KAFKA_HOME="${settings.kafkaHome}" has no libs/${jar}`, {
        key: 'KAFKA_HOME',
        hint: 'point KAFKA_HOME at an unpacked official kafka_2.13-<version>.tgz (it ships kafka-tools), or unset it to fetch the tools with Maven',
      });
    }
    return { version, classpath: `${libs}/*`, logging: loggingBackendOf(version), java, source: `KAFKA_HOME=${settings.kafkaHome}` };
  }
  // With the broker's logging backend: the tools log through slf4j too.
  const dependencies: Dependency[] = [['org.apache.kafka', 'kafka-tools', version], ...loggingDependencies(version)];
  const jars = await fetchArtifacts(join(settings.cacheDir, `kafka-tools-${version}`), dependencies, {
    name: `Kafka ${version}'s tools`,
    contents: `Kafka ${version}'s tools (kafka-tools and its runtime dependencies)`,
    version,
    hint: `check that org.apache.kafka:kafka-tools:${version} is published to Maven Central and that Maven can reach its repository, or set KAFKA_HOME to an unpacked distribution`,
  });
  return { version, classpath: jars.classpath, logging: loggingBackendOf(version), java, source: jars.source };
}

/**
 * JVM options of Kafka's own scripts: kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh
 * set a 512 MiB heap, kafka-run-class.sh its KAFKA_JVM_PERFORMANCE_OPTS. Deliberately not the
 * drills' JVM options (C1 only, serial GC): the tools are the reference, run as Kafka ships them.
 */
export const TOOL_JVM_OPTIONS = [
  '-Xmx512M',
  '-server',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
] as const;

/** Logging as Kafka's tools-log4j configs have it: warnings and errors only, on stderr, so stdout holds the tool's own figures. */
function toolLogging(backend: LoggingBackend): { fileName: string; text: string; property: (file: string) => string } {
  if (backend === 'log4j2') {
    return {
      fileName: 'tools-log4j2.properties',
      property: (file) => `-Dlog4j2.configurationFile=${file}`,
      text: [
        'status = error',
        'appender.err.type = Console',
        'appender.err.name = STDERR',
        'appender.err.target = SYSTEM_ERR',
        'appender.err.layout.type = PatternLayout',
        'appender.err.layout.pattern = [%d] %p %m (%c)%n',
        'rootLogger.level = WARN',
        'rootLogger.appenderRef.err.ref = STDERR',
        '',
      ].join('\n'),
    };
  }
  return {
    fileName: 'tools-log4j.properties',
    property: (file) => `-Dlog4j.configuration=file:${file}`,
    text: [
      'log4j.rootLogger=WARN, stderr',
      'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.appender.stderr.Target=System.err',
      '',
    ].join('\n'),
  };
}

const running = new Set<number>();
let exitHooked = false;

/** SIGKILLs every tool JVM still running (with its guard); synchronous, for signal and exit handlers. */
export function killToolsSync(): number {
  let killed = 0;
  for (const pid of running) {
    if (killGuardedSync(pid)) killed++;
  }
  running.clear();
  return killed;
}

export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time of the whole JVM, start-up included. */
  ms: number;
  logFile: string;
}

export interface ToolOptions {
  /** stdout and stderr of the run, kept after it. */
  logFile: string;
  /** Folder for the tools' logging config. */
  dir: string;
  /** Called with each line the tool prints on stdout, as it prints it. */
  onLine?: (line: string) => void;
}

/**
 * Runs one of Kafka's tool classes to its end, as `kafka-run-class.sh <mainClass> <args>` would,
 * and answers with its exit status and output. The JVM cannot outlive the harness (spawnGuarded),
 * and `killToolsSync` ends it on Ctrl-C. A non-zero exit is returned, not thrown: the caller
 * knows what the tool's failure means.
 */
export async function runKafkaTool(tools: KafkaTools, mainClass: string, args: string[], options: ToolOptions): Promise<ToolRun> {
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => killToolsSync());
  }
  await mkdir(options.dir, { recursive: true });
  const logging = toolLogging(tools.logging);
  const config = join(options.dir, logging.fileName);
  await writeFile(config, logging.text);
  const jvmArgs = [...TOOL_JVM_OPTIONS, logging.property(config), '-cp', tools.classpath, mainClass, ...args];
  const log = createWriteStream(options.logFile, { flags: 'a' });
  log.write(jvmLogHeader(mainClass, tools.java, jvmArgs));
  const started = Date.now();
  const child = spawnGuarded(tools.java, jvmArgs, { output: 'pipe', guardName: 'mirrordrill-tool-guard' });
  if (child.pid === undefined) {
    log.end();
    throw new ProcessExited(`could not start the JVM of ${mainClass}`, { log: options.logFile, hint: `check that "${tools.java}" runs` });
  }
  const pid = child.pid;
  running.add(pid);
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    log.write(text);
    if (!options.onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine(line);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    log.write(chunk);
  });
  const status = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  running.delete(pid);
  // Closing stdin ends the watcher.
  child.stdin.destroy();
  if (partial && options.onLine) options.onLine(partial);
  await new Promise<void>((resolve) => log.end(resolve));
  return { exitCode: status.code, signal: status.signal, stdout, stderr, ms: Date.now() - started, logFile: options.logFile };
}
