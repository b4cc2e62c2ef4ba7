import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';

/** The JVMs a drill starts, each with its own set of classes. */
export const ARCHIVE_ROLES = ['format', 'broker', 'mm2'] as const;
export type ArchiveRole = (typeof ARCHIVE_ROLES)[number];

/**
 * AppCDS archives (JDK 13+ dynamic class-data sharing) of one Kafka distribution on one JVM,
 * one per role: a JVM started with its role's archive maps the classes it would otherwise load
 * and verify from the jars (a broker starts about 1.5 s faster, MM2 more). They live in the
 * cache beside the jars, in a folder keyed by the JVM's version and the jars' names and sizes,
 * so a change of either makes new ones. An archive is only ever an optimisation: the JVM is
 * started with -Xshare:auto, which ignores an archive it cannot use, and with its CDS warnings
 * off; an archive that cannot be made leaves the role without one.
 */
export class ClassArchives {
  private constructor(readonly dir: string) {}

  static async of(java: string, classpath: string, cacheRoot: string): Promise<ClassArchives> {
    const version = await execa(java, ['-version'], { reject: false, all: true });
    const hash = createHash('sha256').update(java).update(version.all ?? '').update(classpath);
    // The class path is a folder wildcard: its jars' names and sizes say whether it changed.
    for (const entry of classpath.split(':')) {
      const folder = entry.endsWith('/*') ? entry.slice(0, -2) : undefined;
      if (!folder || !existsSync(folder)) continue;
      for (const jar of readdirSync(folder).sort()) hash.update(`${jar}:${statSync(join(folder, jar)).size}`);
    }
    return new ClassArchives(join(cacheRoot, `cds-${hash.digest('hex').slice(0, 16)}`));
  }

  /**
   * Checks every archive present with the JVM itself (-Xshare:on and a CRC check of the file,
   * about 60 ms each): a truncated or foreign archive would crash the JVM that maps it. Those
   * that fail are removed, to be made again; returns a note per removed archive.
   */
  async verify(java: string, classpath: string): Promise<string[]> {
    const notes = await Promise.all(
      ARCHIVE_ROLES.filter((r) => this.has(r)).map(async (role) => {
        const check = await execa(java, [`-XX:SharedArchiveFile=${this.file(role)}`, '-Xshare:on', '-XX:+VerifySharedSpaces', '-Xlog:cds=off', '-Xlog:cds+dynamic=off', '-cp', classpath, '-version'], { reject: false, all: true });
        if (check.exitCode === 0) return undefined;
        await rm(this.file(role), { force: true }).catch(() => undefined);
        return `the ${role} archive could not be used (${(check.all ?? '').split('\n').find((l) => /error|fatal|could not|unable/i.test(l))?.replace(/^#\s*/, '') ?? `exit ${check.exitCode}`}); it is made again`;
      }),
    );
    return notes.filter((n): n is string => n !== undefined);
  }

  file(role: ArchiveRole): string {
    return join(this.dir, `${role}.jsa`);
  }

  has(role: ArchiveRole): boolean {
    return existsSync(this.file(role));
  }

  missing(): ArchiveRole[] {
    return ARCHIVE_ROLES.filter((r) => !this.has(r));
  }

  /** JVM options that use the role's archive, when there is one. */
  use(role: ArchiveRole): string[] {
    return this.has(role) ? [`-XX:SharedArchiveFile=${this.file(role)}`, '-Xshare:auto', '-Xlog:cds=off', '-Xlog:cds+dynamic=off'] : [];
  }

  /** JVM options that write the role's archive when the JVM exits normally (SIGTERM included, not SIGKILL). */
  async record(role: ArchiveRole): Promise<string[]> {
    await mkdir(this.dir, { recursive: true });
    return [`-XX:ArchiveClassesAtExit=${this.#pending(role)}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off'];
  }

  /** Moves a recorded archive into place; false when the JVM wrote none. */
  async keep(role: ArchiveRole): Promise<boolean> {
    const pending = this.#pending(role);
    const written = await stat(pending).then((s) => s.size > 0).catch(() => false);
    if (!written) {
      await rm(pending, { force: true });
      return false;
    }
    await rename(pending, this.file(role));
    return true;
  }

  #pending(role: ArchiveRole): string {
    return join(this.dir, `${role}.${process.pid}.jsa.part`);
  }

  describe(): string {
    return `${basename(dirname(this.dir))}/${basename(this.dir)}`;
  }
}
