import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { DistributionError, PrerequisiteMissing, ProcessExited } from '../../errors.ts';
import { progress } from '../../progress.ts';
import type { Settings } from '../../config/defaults.ts';
import { loggingBackendOf, mavenAvailable, resolveJava, type LoggingBackend } from './kafka-distribution.ts';

/**
 * Kafka's own command-line tools (`org.apache.kafka:kafka-tools`: ProducerPerformance,
 * ConsumerPerformance, ...) for the same release as the broker, used as a physical reference by
 * the benchmarks. Fetched once with Maven into `<cache>/kafka-tools-<version>/`, beside the
 * broker's jars, and reused offline after that; with KAFKA_HOME, its `libs/` already hold them.
 */
export interface KafkaTools {
  version: string;
  /** A java -cp value. */
  classpath: string;
  logging: LoggingBackend;
  java: string;
  /** Where the jars came from, for the report. */
  source: string;
}

const marker = '.complete';

function pom(version: string): string {
  // The same logging backend as the broker's fetch: tools log through slf4j, and without a
  // binding they would warn about it on every run.
  const logging =
    loggingBackendOf(version) === 'log4j2'
      ? [
          ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3'],
          ['org.apache.logging.log4j', 'log4j-core', '2.24.3'],
        ]
      : [
          ['org.slf4j', 'slf4j-reload4j', '1.7.36'],
          ['ch.qos.reload4j', 'reload4j', '1.2.25'],
        ];
  const deps = [['org.apache.kafka', 'kafka-tools', version], ...logging]
    .map(([g, a, v]) => `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`)
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.mirrordrill</groupId><artifactId>kafka-tools-${version}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

/** The broker fetch's procedure (kafka-distribution.ts), for the kafka-tools artifact: a partial folder renamed into place with its marker. */
async function fetchWithMaven(version: string, dir: string): Promise<void> {
  await mavenAvailable();
  const work = `${dir}.partial-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'pom.xml'), pom(version));
  const logFile = join(work, 'mvn.log');
  progress(`fetching Kafka ${version}'s tools (kafka-tools and its runtime dependencies) with Maven into ${dir}; later runs reuse them offline`);
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
      progress(`fetching Kafka ${version}'s tools: ${downloaded} files downloaded so far…`);
    }
  });
  const result = await child;
  await writeFile(logFile, result.all ?? '');
  if (result.exitCode !== 0) {
    const boilerplate = /full stack trace|Re-run Maven|For more information|^\[ERROR\] \[Help \d+\]|^\[ERROR\]\s*$/;
    const tail = (result.all ?? '')
      .split('\n')
      .map((l) => l.trim().replace(/ -> \[Help \d+\]$/, ''))
      .filter((l) => l.startsWith('[ERROR]') && !boilerplate.test(l))
      .slice(0, 3)
      .join('\n    ');
    throw new DistributionError(`Maven could not fetch Kafka ${version}'s tools:\n    ${tail || '(no ERROR line; see the log)'}`, {
      version,
      log: logFile,
      hint: `check that org.apache.kafka:kafka-tools:${version} is published to Maven Central and that Maven can reach its repository, or set KAFKA_HOME to an unpacked distribution`,
    });
  }
  const jars = await readdir(join(work, 'lib'));
  let bytes = 0;
  for (const jar of jars) bytes += (await stat(join(work, 'lib', jar))).size;
  await writeFile(join(work, marker), `${jars.length} jars\n`);
  try {
    await rename(work, dir);
  } catch {
    // Another run finished the same fetch first; its copy is as good as ours.
    await rm(work, { recursive: true, force: true });
  }
  progress(`Kafka ${version}'s tools: ${jars.length} jars, ${(bytes / 1e6).toFixed(1)} MB cached`);
}

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
  const dir = join(settings.cacheDir, `kafka-tools-${version}`);
  if (!existsSync(join(dir, marker))) {
    await mkdir(settings.cacheDir, { recursive: true });
    await fetchWithMaven(version, dir);
  }
  return { version, classpath: `${join(dir, 'lib')}/*`, logging: loggingBackendOf(version), java, source: `Maven Central, cached in ${dir}` };
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

/*
 * The guard of jvm-process.ts, with the watcher's own stdout and stderr sent to /dev/null so
 * that the tool's pipes close when the tool exits: the shell keeps the harness' stdin pipe on
 * fd 3 in a background watcher, then execs the JVM; when the pipe reaches EOF (the harness is
 * gone, or it closed the pipe) the watcher SIGKILLs that pid while it is still a java process.
 */
const GUARD = [
  'exec 3<&0',
  '( cat <&3 >/dev/null; [ "$(cat /proc/$$/comm 2>/dev/null)" = java ] && kill -KILL $$ ) >/dev/null 2>&1 &',
  'exec "$@" 3<&- </dev/null',
].join('\n');

const running = new Set<number>();
let exitHooked = false;

/** SIGKILLs every tool JVM still running (with its guard); synchronous, for signal and exit handlers. */
export function killToolsSync(): number {
  let killed = 0;
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
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
 * and answers with its exit status and output. The JVM cannot outlive the harness (see GUARD),
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
  log.write(`# mirrordrill started ${mainClass} at ${new Date().toISOString()}\n# ${tools.java} ${jvmArgs.join(' ')}\n`);
  const started = Date.now();
  const child = spawn('/bin/sh', ['-c', GUARD, 'mirrordrill-tool-guard', tools.java, ...jvmArgs], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
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
