import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { GenericContainer } from 'testcontainers';
import type { Settings } from '../../config/defaults.ts';
import { DrillError, PrerequisiteMissing } from '../../errors.ts';
import { progress } from '../../progress.ts';
import type { KafkaDistribution } from '../../kafka/kafka-distribution.ts';
import { withLock } from '../../os/once.ts';
import { ENGINE_SETUP_HINT, imageExists, importImage, type Engine } from './engine.ts';

/** Where every image mirrordrill runs keeps Kafka's jars: the official apache/kafka image's layout. */
export const KAFKA_LIBS = '/opt/kafka/libs';

/** The JRE base: Debian 12 minbase + openjdk-17-jre-headless, made with debootstrap once. */
export const JRE_BASE = 'localhost/mirrordrill-jre:17-bookworm';
const SUITE = 'bookworm';

export interface KafkaImage {
  name: string;
  /** For the report: how the image came to be. */
  source: string;
}

/** The Debian mirror apt is configured with (deb822 or one-line sources), else deb.debian.org. */
export function debianMirror(env = process.env, files = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']): string {
  const given = env.MIRRORDRILL_DEBIAN_MIRROR?.trim();
  if (given) return given;
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+\S+/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** The tag of the Kafka image: the version and a hash of the jar list (names and sizes), so new jars make a new image. */
export function kafkaImageTag(version: string, jars: readonly { name: string; size: number }[]): string {
  const hash = createHash('sha256');
  hash.update(version);
  for (const j of [...jars].sort((a, b) => a.name.localeCompare(b.name))) hash.update(`\n${j.name}:${j.size}`);
  return `localhost/mirrordrill-kafka:${version}-${hash.digest('hex').slice(0, 12)}`;
}

function libsDir(d: KafkaDistribution): string {
  return d.classpath.replace(/\/\*$/, '');
}

/**
 * The image brokers and MM2 run in. MIRRORDRILL_IMAGE=official: Apache's own `apache/kafka:<version>`
 * (pulled by the engine; Java on its PATH, jars in /opt/kafka/libs); any other value: that image,
 * with the same layout. Unset: built here, once per Kafka version and jar list, from the jars
 * the local runtime caches, on a JRE base made once with debootstrap (no registry needed).
 */
export async function resolveKafkaImage(settings: Settings, engine: Engine, d: KafkaDistribution): Promise<KafkaImage> {
  const given = settings.containerImage;
  if (given) {
    const name = given === 'official' ? `apache/kafka:${d.version}` : given;
    return { name, source: (await imageExists(engine, name)) ? `image ${name}` : `image ${name} (pulled on first use)` };
  }
  const dir = libsDir(d);
  const jars = await Promise.all((await readdir(dir)).filter((j) => j.endsWith('.jar')).map(async (name) => ({ name, size: (await stat(join(dir, name))).size })));
  const name = kafkaImageTag(d.version, jars);
  const built: KafkaImage = { name, source: `image ${name}, built here from ${d.source}` };
  if (await imageExists(engine, name)) return built;
  // One build per machine: the workers of a --parallel run start together, and two debootstraps
  // or builds of one tag at once would each take twice as long; the second finds the image.
  return withLock(join(settings.cacheDir, 'kafka-image.lock'), `the image ${name}`, async () =>
    (await imageExists(engine, name)) ? built : buildKafkaImage(settings, engine, d, dir, jars, name),
  );
}

async function buildKafkaImage(settings: Settings, engine: Engine, d: KafkaDistribution, dir: string, jars: { name: string; size: number }[], name: string): Promise<KafkaImage> {
  const started = Date.now();
  if (!(await imageExists(engine, JRE_BASE))) await buildJreBase(engine, settings);
  progress(`building ${name}: ${jars.length} jars of Kafka ${d.version} on ${JRE_BASE}`);
  const context = await makeContext(dir, jars.map((j) => j.name), d.version);
  try {
    await GenericContainer.fromDockerfile(context, 'Containerfile').build(name, { deleteOnExit: false });
  } catch (error) {
    throw new DrillError(`building the image ${name} failed: ${(error as Error).message}`, { hint: ENGINE_SETUP_HINT });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  progress(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s (cached in the engine's image store)`);
  return { name, source: `image ${name}, built here from ${d.source} in ${((Date.now() - started) / 1000).toFixed(0)} s` };
}

async function makeContext(libs: string, jars: string[], version: string): Promise<string> {
  const context = join(tmpdir(), `mirrordrill-image-${process.pid}-${Date.now()}`);
  await mkdir(join(context, 'libs'), { recursive: true });
  for (const jar of jars) {
    // A hard link when the cache is on the same file system, else a copy.
    await link(join(libs, jar), join(context, 'libs', jar)).catch(() => copyFile(join(libs, jar), join(context, 'libs', jar)));
  }
  await writeFile(
    join(context, 'Containerfile'),
    [
      `FROM ${JRE_BASE}`,
      `LABEL org.opencontainers.image.title="mirrordrill Kafka ${version}" org.opencontainers.image.description="Apache Kafka ${version} broker and MirrorMaker 2 jars on Debian's OpenJDK 17 JRE"`,
      `COPY libs ${KAFKA_LIBS}`,
      '',
    ].join('\n'),
  );
  return context;
}

/**
 * debootstrap --variant=minbase --include=openjdk-17-jre-headless into a folder of the cache,
 * trimmed (apt's caches, docs, man pages, locales), imported into the engine as JRE_BASE, and
 * the folder removed: the engine's image store is the cache. About a minute, once per machine.
 */
async function buildJreBase(engine: Engine, settings: Settings): Promise<void> {
  const mirror = debianMirror();
  if (process.getuid?.() !== 0) {
    throw new PrerequisiteMissing(`the JRE base image ${JRE_BASE} is missing, and making it with debootstrap needs root`, {
      hint: `run the drills once as root (.ci/run does), or set MIRRORDRILL_IMAGE=official on a host that can pull apache/kafka`,
    });
  }
  const debootstrap = await execa('debootstrap', ['--version'], { reject: false });
  if (debootstrap.failed || debootstrap.exitCode !== 0) {
    throw new PrerequisiteMissing(`the JRE base image ${JRE_BASE} is missing, and debootstrap (which makes it) is not installed`, {
      hint: 'apt-get install -y debootstrap (or run .ci/setup-podman), or set MIRRORDRILL_IMAGE=official on a host that can pull apache/kafka',
    });
  }
  const started = Date.now();
  const rootfs = join(settings.cacheDir, `jre-rootfs.partial-${process.pid}`);
  await rm(rootfs, { recursive: true, force: true });
  await mkdir(dirname(rootfs), { recursive: true });
  progress(`making the JRE base image ${JRE_BASE} once: debootstrap ${SUITE} minbase + openjdk-17-jre-headless from ${mirror} (about a minute)`);
  try {
    const child = execa('debootstrap', ['--variant=minbase', '--include=openjdk-17-jre-headless', SUITE, rootfs, mirror], { reject: false, all: true, buffer: { all: true } });
    let last = Date.now();
    let retrieved = 0;
    let stage = 'resolving packages';
    child.all?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      retrieved += text.split('I: Retrieving ').length - 1;
      const lines = text.trim().split('\n');
      const lastLine = lines[lines.length - 1] ?? '';
      if (/Unpacking|Configuring|Installing/.test(lastLine)) stage = lastLine.replace(/^I: /, '');
      if (Date.now() - last > 5_000) {
        last = Date.now();
        progress(`debootstrap (${((Date.now() - started) / 1000).toFixed(0)} s): ${retrieved} packages fetched; ${stage}`);
      }
    });
    const result = await child;
    if (result.exitCode !== 0) {
      const tail = (result.all ?? '').split('\n').filter((l) => /^E:|W: Failure|error/i.test(l)).slice(-3).join('\n    ');
      throw new DrillError(`debootstrap of the JRE base failed (exit ${result.exitCode}):\n    ${tail || (result.all ?? '').split('\n').slice(-3).join('\n    ')}`, {
        hint: `check that ${mirror} is reachable (MIRRORDRILL_DEBIAN_MIRROR sets another mirror)`,
      });
    }
    for (const trimmed of ['var/cache/apt', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/locale', 'usr/share/info']) {
      for (const entry of existsSync(join(rootfs, trimmed)) ? readdirSync(join(rootfs, trimmed)) : []) await rm(join(rootfs, trimmed, entry), { recursive: true, force: true });
    }
    progress(`importing ${JRE_BASE} into ${engine.description}`);
    const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await importImage(engine, tar.stdout, JRE_BASE, ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'ENV LANG=C.UTF-8']);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  progress(`made ${JRE_BASE} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
