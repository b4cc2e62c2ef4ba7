import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { scriptsIn } from '../apps/app-command.ts';
import { AppProcess, type AppExit } from '../apps/app-process.ts';
import type { AppEvent } from '../apps/app-contract.ts';
import { writeClientFiles } from '../apps/client-properties.ts';
import { pythonApps } from '../apps/python-env.ts';
import { DEFAULTS, loadSettings } from '../config/defaults.ts';
import { BadStepParameter, DrillError, PrerequisiteMissing, ProcessExited } from '../errors.ts';
import type { Origin, Resume, Session } from '../ledger/ledger.ts';
import { makePrivateDir, removeScratchDir } from '../os/scratch-dir.ts';
import { progress } from '../progress.ts';
import { resolveKafkaTools } from '../runtime/local/kafka-tools.ts';
import type { StartedCluster } from '../runtime/runtime.ts';
import type { ClientSecurity } from '../security/cluster-security.ts';
import { RULES } from '../step-numbers.ts';
import { waitFor } from '../wait-for.ts';
import type { AnyResumeMode, ConsumeHow, DrillContext, SyncedRead, TopicLookups } from './context.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Whether an executable of that name is on the PATH. */
function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, tool)));
}

export interface AppRunsContext extends DrillContext {
  readonly topics: TopicLookups;
  /** This scenario's folder: the apps' logs go to its apps/. */
  dir(): string;
  /** How the apps connect to a cluster (support/drill/apps.ts: its security, or a foreign CA a step chose). */
  security(cluster: StartedCluster): ClientSecurity | undefined;
  /** Where a topic's records come from (the source topic of the mirror into it). */
  origin(alias: string, topic: string, partitions: number): Origin;
  syncedRead: SyncedRead;
  /** Traffic starts flowing to `topic` on `alias` (support/drill/failover.ts samples its replication lag). */
  trafficStarts(alias: string, topic: string, origin: Origin): void;
  /** The group moves to the target (support/drill/failover.ts), read by `read` instead of the built-in client. */
  resume(group: string, topic: string, alias: string, mode: AnyResumeMode, read: (how: ConsumeHow) => Promise<void>): Promise<void>;
}

/** One run of an app: its process, the ledger session its reports go to, and what it reported. */
interface AppRun {
  name: string;
  process: AppProcess;
  /** The group it consumes as; empty for a producing app. */
  group: string;
  topic: string;
  alias: string;
  /** The ledger session of a consuming app; a producing app's records go to `produces`. */
  session?: Session;
  produces?: Origin;
  acked: number;
  failed: number;
  /**
   * Reads reported but not yet in the ledger, in order: a read of a record a producing app wrote
   * may be reported before that app's ack of it is (two processes, two pipes); it waits, and the
   * reads after it with it, until the value names a record or the run ends.
   */
  pending: { partition: number; offset: number; value: Buffer | undefined; time: number }[];
  /** Why the drill must stop judging this run (a value written twice), when it must. */
  fatal?: string;
  finished?: boolean;
  reads: number;
  commits: number;
  /** Per partition: the offset after the last record it reported, or an offset it reported committing or translating. */
  position: Map<number, number>;
  /** The group's committed offsets on the cluster when this run started (the broker's word, not the app's). */
  committedAtStart: Map<number, number>;
  /** Where it starts per partition: the group's commit, else the log start. */
  startAt: Map<number, number>;
  /** Each partition's end when it started: what "to the end" means for this run. */
  endAtStart: Map<number, number>;
  translated?: Map<number, number>;
  lastReadAt: number;
  private: string;
}

/**
 * The apps under test (issue: "drill what users really run"): any command, started with the
 * drill's cluster connection in files of each client's dialect (support/apps/client-properties.ts),
 * reporting what it reads and commits through the app contract (docs/apps.md), all of it in the
 * same ledger as the built-in clients, judged by the same verdict.
 */
export class AppRuns {
  readonly #commands = new Map<string, string>();
  readonly #runs: AppRun[] = [];
  #count = 0;

  constructor(private readonly ctx: AppRunsContext) {}

  /** `the app "payments" runs "python apps/lab-consumer.py"`: the command, checked now. */
  define(name: string, command: string): void {
    if (!command.trim()) throw new BadStepParameter(`the app "${name}" has an empty command`, { hint: 'write the command line that starts it, e.g. "python apps/lab-consumer.py"' });
    const script = scriptsIn(command).find((word) => !existsSync(join(ROOT, word)));
    if (script) {
      const ready = readdirSync(join(ROOT, 'apps')).filter((f) => /\.(py|sh|mjs)$/.test(f) && f !== 'app_contract.py');
      throw new BadStepParameter(`the app "${name}" runs "${script}", which does not exist in ${ROOT}`, { hint: `the ready apps are in apps/: ${ready.join(', ')}; a command of your own runs from the repository's folder` });
    }
    // A tool the command runs that is not on this machine: said now, not as an app that dies.
    for (const [tool, pkg] of [['kcat', 'kcat']] as const) {
      if ((new RegExp(`\\b${tool}\\b`).test(command) || scriptsIn(command).some((f) => f.includes(tool))) && !onPath(tool)) {
        throw new PrerequisiteMissing(`the app "${name}" runs ${tool}, which is not on the PATH`, { hint: `install it (Debian: apt-get install -y ${pkg}); .ci/run does` });
      }
    }
    this.#commands.set(name, command.trim());
  }

  #command(name: string): string {
    const command = this.#commands.get(name);
    if (command === undefined) {
      throw new BadStepParameter(`no app "${name}" was declared in this scenario`, {
        hint: `declare it first: Given the app "${name}" runs "python apps/lab-consumer.py"${this.#commands.size ? ` (declared: ${[...this.#commands.keys()].map((n) => `"${n}"`).join(', ')})` : ''}`,
      });
    }
    return command;
  }

  #running(name: string): AppRun | undefined {
    return this.#runs.find((r) => r.name === name && r.process.running);
  }

  // ---- starting -----------------------------------------------------------------------------

  async #start(name: string, group: string, topic: string, alias: string, more: { max?: number; translateFrom?: string; resume?: Resume; produce?: { rate?: number } }): Promise<AppRun> {
    const command = this.#command(name);
    if (this.#running(name)) throw new BadStepParameter(`the app "${name}" is running already`, { hint: `stop it first: When the app "${name}" stops` });
    const { topics, ledger } = this.ctx;
    const cluster = await this.ctx.topology.cluster(alias);
    const partitions = await topics.requireTopic(alias, topic);
    const admin = await this.ctx.topology.admin(alias);
    let session: Session | undefined;
    let produces: Origin | undefined;
    let committed = new Map<number, number>();
    const ends = await admin.offsets(topic, partitions);
    if (more.produce) {
      // What a producing app writes is the origin of the records it names by their values.
      produces = ledger.origin({ cluster: alias, topic }, partitions);
    } else {
      const origin = this.ctx.origin(alias, topic, partitions);
      cluster.own?.('group', group);
      committed = await admin.groupOffsets(group, topic);
      // A plain read of a remote topic by a group MM2 synced offsets into is judged as a resume.
      const resume = more.resume ?? (more.translateFrom ? undefined : await this.ctx.syncedRead(group, topic, alias, partitions, origin));
      // Without a resume, the app starts over in its group: re-reads from the group's commits on
      // are its at-least-once; so are those of a partition it never committed while it committed
      // others (killed within its commit interval of its first reads there). A group that never
      // committed at all re-reads everything in excess: that is the finding.
      const rejoined = new Map(committed);
      if (committed.size) for (const o of ends) if (!rejoined.has(o.partition)) rejoined.set(o.partition, o.start);
      session = ledger.newSession({ cluster: alias, topic, group, origin, client: `app "${name}"`, ...(resume ? { resume } : {}) }, resume ? undefined : rejoined);
    }
    const dir = await makePrivateDir(`app-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    const bootstrap = cluster.bootstrapFor('apps');
    const files = await writeClientFiles(dir, bootstrap, this.ctx.security(cluster));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      MIRRORDRILL_APP: name,
      MIRRORDRILL_CLUSTER: alias,
      MIRRORDRILL_BOOTSTRAP: bootstrap.join(','),
      MIRRORDRILL_TOPIC: topic,
      ...(group ? { MIRRORDRILL_GROUP: group } : {}),
      // Distinct per run: a producing app's values must name one record each (VerifiableProducer's --value-prefix).
      MIRRORDRILL_RUN: String(this.#count + 1),
      MIRRORDRILL_CLIENT_PROPERTIES: files.java,
      MIRRORDRILL_LIBRDKAFKA_PROPERTIES: files.librdkafka,
      PYTHONUNBUFFERED: '1',
    };
    if (more.max !== undefined) env.MIRRORDRILL_MAX_RECORDS = String(more.max);
    if (more.translateFrom) env.MIRRORDRILL_TRANSLATE_FROM = more.translateFrom;
    if (more.produce?.rate !== undefined) env.MIRRORDRILL_RATE = String(more.produce.rate);
    const settings = loadSettings();
    if (/\bpython/.test(command)) env.PATH = `${join(await pythonApps(settings.cacheDir), 'bin')}:${env.PATH ?? ''}`;
    if (/java|MIRRORDRILL_KAFKA_TOOLS/.test(command)) {
      const tools = await resolveKafkaTools(settings, settings.kafkaVersion);
      env.MIRRORDRILL_JAVA = tools.java;
      env.MIRRORDRILL_KAFKA_TOOLS_CLASSPATH = tools.classpath;
    }
    const logs = join(this.ctx.dir(), 'apps');
    await mkdir(logs, { recursive: true });
    const position = new Map<number, number>();
    for (const o of ends) position.set(o.partition, committed.get(o.partition) ?? o.start);
    const run: AppRun = { name, group, topic, alias, ...(session ? { session } : {}), ...(produces ? { produces } : {}), acked: 0, failed: 0, reads: 0, commits: 0, pending: [], position, committedAtStart: committed, startAt: new Map(position), endAtStart: new Map(ends.map((o) => [o.partition, o.end])), lastReadAt: Date.now(), private: dir, process: undefined as unknown as AppProcess };
    run.process = new AppProcess({
      name,
      command,
      cwd: ROOT,
      env,
      logFile: join(logs, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++this.#count}.log`),
      onEvent: (event) => this.#event(run, event),
    });
    this.#runs.push(run);
    if (produces) {
      ledger.event('producers', `${topic} on ${alias}`, `the app "${name}" starts writing${more.max !== undefined ? ` ${more.max} records` : ''}${more.produce?.rate ? ` at ${more.produce.rate} records/s` : ''}`);
      progress(`the app "${name}" started (pid ${run.process.pid}) producing to ${topic}@${alias}: ${command}`);
      this.ctx.trafficStarts(alias, topic, produces);
    } else {
      ledger.event('consumer', `group ${group}`, `the app "${name}" starts on ${topic} on ${alias}${more.max !== undefined ? ` to read ${more.max} records` : ''}`);
      progress(`the app "${name}" started (pid ${run.process.pid}) as group "${group}" on ${topic}@${alias}: ${command}`);
    }
    return run;
  }

  #event(run: AppRun, e: AppEvent): void {
    const { ledger } = this.ctx;
    switch (e.kind) {
      case 'produced':
        if (!run.produces || e.topic !== run.topic) break;
        run.lastReadAt = Date.now();
        if (ledger.appProduced(run.produces, e.partition, e.offset, e.value)) {
          run.acked++;
          for (const r of this.#runs) if (r.pending.length) this.#drain(r, false);
        } else if (!run.fatal) {
          // Two records with one value cannot be told apart where they are read: no verdict could be true.
          run.fatal = `it wrote the value ${JSON.stringify(e.value.slice(0, 80))} twice (at ${e.topic}-${e.partition} offset ${e.offset}): the drill names each record by its value`;
          run.process.kill('killed: it wrote a value twice');
        }
        break;
      case 'produce-failed':
        run.failed++;
        if (run.failed <= 3) progress(`the app "${run.name}" gave up on a record: ${e.message}`);
        break;
      case 'read':
        if (!run.session) break;
        run.reads++;
        run.lastReadAt = Date.now();
        run.pending.push({ partition: e.partition, offset: e.offset, value: e.value === undefined ? undefined : Buffer.from(e.value, 'utf8'), time: run.lastReadAt });
        this.#drain(run, false);
        if (e.topic === run.topic) run.position.set(e.partition, Math.max(run.position.get(e.partition) ?? 0, e.offset + 1));
        break;
      case 'committed':
      case 'translated': {
        const mine = e.offsets.filter((o) => o.topic === run.topic);
        const offsets = new Map(mine.map((o) => [o.partition, o.offset]));
        // A translation that found no checkpoint is still the app's answer: it starts where its group stands.
        if (e.kind === 'translated') run.translated = offsets;
        if (!mine.length) break;
        if (e.kind === 'committed') run.commits++;
        ledger.recordCommit(run.group, { cluster: run.alias, topic: run.topic }, offsets);
        // A commit ahead of what it read (commit before processing) is not a position it read to.
        if (e.kind === 'translated') for (const [p, o] of offsets) run.position.set(p, Math.max(run.position.get(p) ?? 0, o));
        break;
      }
      case 'commit-failed':
      case 'error':
        progress(`the app "${run.name}" reports: ${e.message}`);
        break;
      case 'warning':
        progress(`the app "${run.name}" warns: ${e.message}`);
        break;
      default:
        break;
    }
  }

  /**
   * Reads into the ledger, in the order reported, while each names a record (or no producing app
   * runs in the scenario, so none will); with `all`, every one left (the run is over: an unknown
   * value is a read of something this drill did not write).
   */
  #drain(run: AppRun, all: boolean): void {
    if (!run.session) return;
    const producing = this.#runs.some((r) => r.produces);
    let i = 0;
    for (; i < run.pending.length; i++) {
      const r = run.pending[i]!;
      if (!all && producing && this.ctx.ledger.identify(r.value) === undefined) break;
      this.ctx.ledger.recordRead(run.session, r.partition, r.offset, r.value, r.time);
    }
    run.pending.splice(0, i);
  }

  /** The app's exit as an error, with its last output lines, unless the drill ended it. */
  #exitError(run: AppRun, exit: AppExit, doing: string): DrillError {
    const how = exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
    const why = exit.violation ? `it broke the app contract: ${exit.violation}` : `it ${how}`;
    const did = run.produces ? `${run.acked} acked` : `${run.reads} read(s)`;
    return new ProcessExited(`the app "${run.name}" stopped while ${doing}: ${why} after ${did}; its last output:\n${run.process.tail()}`, {
      hint: exit.violation ? 'see docs/apps.md for the JSON lines an app reports' : 'read its log in the scenario folder (apps/); a Python app needs its dependencies in apps/requirements.txt',
    });
  }

  // ---- the steps ----------------------------------------------------------------------------

  /** The app reads `count` records as the group and exits by itself (MIRRORDRILL_MAX_RECORDS), committing what it read its own way. */
  async reads(name: string, count: number, topic: string, alias: string, group: string): Promise<void> {
    const { names } = this.ctx;
    names.count(count, RULES.records);
    const run = await this.#start(name, names.g(group), names.t(topic), alias, { max: count });
    await this.ctx.timings.time('workload', async () => {
      await this.#until(run, () => (run.reads >= count ? true : `${run.reads} of ${count} read`), `the app "${name}" to read ${count} records`);
      const exit = await run.process.exited;
      this.#finish(run, []);
      if (exit.code !== 0 || exit.violation) throw this.#exitError(run, exit, `reading ${count} records`);
      if (run.reads !== count) throw new DrillError(`the app "${name}" was to read ${count} records and reported ${run.reads}`, { hint: 'an app given MIRRORDRILL_MAX_RECORDS must stop after that many records (docs/apps.md)' });
      progress(`the app "${name}" read ${run.reads} record(s) and exited, after ${run.commits} commit(s)`);
    });
  }

  /**
   * A producing app writes `count` records (MIRRORDRILL_MAX_RECORDS) and exits by itself; every
   * record it reports acked goes to the ledger, named by its value.
   */
  async produces(name: string, count: number, topic: string, alias: string): Promise<void> {
    const { names } = this.ctx;
    names.count(count, RULES.records);
    const run = await this.#start(name, '', names.t(topic), alias, { max: count, produce: {} });
    await this.ctx.timings.time('workload', async () => {
      await this.#until(run, () => (run.acked + run.failed >= count ? true : `${run.acked} of ${count} acked${run.failed ? `, ${run.failed} given up` : ''}`), `the app "${name}" to write ${count} records`);
      const exit = await run.process.exited;
      this.#finish(run, []);
      if (exit.code !== 0 || exit.violation) throw this.#exitError(run, exit, `writing ${count} records`);
      progress(`the app "${name}" wrote ${count} record(s) to ${run.topic} on ${alias}: ${run.acked} acked${run.failed ? `, ${run.failed} given up` : ''}`);
    });
  }

  /** A producing app writes `rate` records/s (MIRRORDRILL_RATE) in the background until it is killed or stopped. */
  async producesContinuously(name: string, rate: number, topic: string, alias: string): Promise<void> {
    const { names } = this.ctx;
    names.count(rate, RULES.rate);
    await this.#start(name, '', names.t(topic), alias, { produce: { rate } });
  }

  /** Until the producing app has had `count` records acked (since it started). */
  async hasWritten(name: string, count: number): Promise<void> {
    this.ctx.names.count(count, RULES.records);
    const run = this.#running(name) ?? this.#last(name);
    if (!run.produces) throw new BadStepParameter(`the app "${name}" does not produce in this scenario`, { hint: `start it producing: When the app "${name}" produces 200 records/s to "products" on "es-src"` });
    await this.ctx.timings.time('workload', () => this.#until(run, () => (run.acked >= count ? true : `${run.acked} of ${count} acked`), `the app "${name}" to have written ${count} records`));
  }

  /** The app consumes in the background until it is killed, stopped or moved. */
  async consumes(name: string, topic: string, alias: string, group: string): Promise<void> {
    const { names } = this.ctx;
    await this.#start(name, names.g(group), names.t(topic), alias, {});
  }

  async hasRead(name: string, count: number, more = false): Promise<void> {
    this.ctx.names.count(count, RULES.records);
    const run = this.#running(name) ?? this.#last(name);
    const base = more ? run.reads : 0;
    await this.ctx.timings.time('workload', () => this.#until(run, () => (run.reads - base >= count ? true : `${run.reads - base} of ${count} read`), `the app "${name}" to have read ${count} records`));
  }

  /** SIGKILL: the app dies where it stands, with whatever it had not committed. */
  async kill(name: string): Promise<void> {
    const run = this.#mustRun(name);
    this.ctx.fault(`the app "${name}"`, 'SIGKILL');
    run.process.kill();
    await run.process.exited;
    this.#finish(run, []);
    progress(`the app "${name}" was killed after ${run.produces ? `${run.acked} acked write(s)` : `${run.reads} read(s) and ${run.commits} commit(s)`}`);
  }

  /** SIGTERM and wait: the app closes its consumer its own way (an auto-commit consumer commits on close). */
  async stop(name: string): Promise<void> {
    const run = this.#mustRun(name);
    const exit = await run.process.stop(DEFAULTS.stopGraceMs);
    this.#finish(run, []);
    if (exit.violation) throw this.#exitError(run, exit, 'stopping');
    progress(`the app "${name}" stopped after ${run.produces ? `${run.acked} acked write(s), ${run.failed} given up` : `${run.reads} read(s) and ${run.commits} commit(s)`}${exit.signal === 'SIGKILL' ? `: it did not exit within ${DEFAULTS.stopGraceMs / 1000} s of SIGTERM and was SIGKILLed` : ''}`);
  }

  /**
   * The app's group moves to `topic` on `alias` (failover or failback): a run still going is
   * killed (its cluster may be gone), the group's offsets are prepared as `mode` says (support/
   * drill/failover.ts, which accounts for MM2's checkpoint first), and the app starts there and
   * reads until it has reached the end of every partition as it stood, then is stopped.
   * `itself`: the app translates its group's offsets from the checkpoints on its own
   * (MIRRORDRILL_TRANSLATE_FROM names the source alias) and must say so with a `translated` line.
   */
  async resumes(name: string, topic: string, alias: string, mode: AnyResumeMode): Promise<void> {
    const last = this.#last(name);
    const group = last.group;
    if (last.process.running) {
      last.process.kill('killed at the failover');
      await last.process.exited;
      this.#finish(last, []);
    }
    topic = this.ctx.names.t(topic);
    const via = this.ctx.topology.mirrorInto(alias, topic);
    // A topic MM2 does not mirror into is refused by the move itself (support/drill/failover.ts).
    await this.ctx.resume(group, topic, alias, mode, async (how) => {
      const run = await this.#start(name, group, topic, alias, { resume: how.resume, ...(mode === 'itself' ? { translateFrom: via!.mirror.spec.source } : {}) });
      await this.#readToEnd(run, () => {
        if (mode === 'itself' && run.reads > 0 && !run.translated) {
          return new DrillError(`the app "${name}" was asked to translate its offsets itself (MIRRORDRILL_TRANSLATE_FROM=${via!.mirror.spec.source}) and read records without reporting a "translated" line`, {
            hint: 'an app that translates offsets reports what it committed: {"event":"translated","offsets":[…]} (docs/apps.md); apps/lab-consumer.py does',
          });
        }
        return undefined;
      });
      if (run.translated && how.resume) {
        for (const r of how.resume.partitions) {
          const t = run.translated.get(r.partition);
          if (t !== undefined) r.startOffset = t;
        }
      }
      progress(`the app "${name}" read ${topic} on ${alias} to the end: ${run.reads} read(s), ${run.commits} commit(s)${run.translated ? `, from offsets it translated itself (${[...run.translated].map(([p, o]) => `${p}: ${o}`).join(', ') || 'none: no checkpoint of its group'})` : ''}`);
    });
  }

  /** The app starts again in its group where it left off (its last run ended), on `topic` on `alias`, and reads to the end. */
  async restarts(name: string, topic: string, alias: string): Promise<void> {
    const last = this.#last(name);
    if (last.process.running) throw new BadStepParameter(`the app "${name}" is still running`, { hint: `kill or stop it first: When the app "${name}" is killed` });
    topic = this.ctx.names.t(topic);
    const run = await this.#start(name, last.group, topic, alias, {});
    await this.ctx.timings.time('workload', () => this.#readToEnd(run));
    progress(`the app "${name}" read ${topic} on ${alias} to the end: ${run.reads} read(s), ${run.commits} commit(s)`);
  }

  /**
   * Until the app has read every partition to its end when it started (the offset after the last record read, or a
   * translated offset at or past the end), then a graceful stop; the session counts as drained.
   * `fatal` may end the wait with an error of the caller's.
   */
  async #readToEnd(run: AppRun, fatal?: () => Error | undefined): Promise<void> {
    const end = run.endAtStart;
    const left = () => [...end].filter(([p, e]) => (run.position.get(p) ?? 0) < e);
    await this.#until(
      run,
      () => {
        const l = left();
        return l.length === 0 ? true : `${run.reads} read; partition(s) ${l.map(([p, e]) => `${p} at ${run.position.get(p) ?? 0} of ${e}`).join(', ')}`;
      },
      `the app "${run.name}" to read ${run.topic} on ${run.alias} to the end`,
      fatal,
    );
    const exit = await run.process.stop(DEFAULTS.stopGraceMs);
    this.#finish(run, [...end.keys()]);
    if (exit.violation) throw this.#exitError(run, exit, 'reading to the end');
  }

  /** The app reads the topic as the group from its committed offsets (else the log start) to the end of every partition, then stops. */
  async readsToEnd(name: string, topic: string, alias: string, group: string): Promise<void> {
    const { names } = this.ctx;
    topic = names.t(topic);
    const run = await this.#start(name, names.g(group), topic, alias, {});
    await this.ctx.timings.time('workload', () => this.#readToEnd(run));
    progress(`the app "${name}" read ${topic} on ${alias} to the end: ${run.reads} read(s), ${run.commits} commit(s)`);
  }

  /**
   * The app's last run started where its group's commit on the cluster stood (the broker's word,
   * read when it started) after a run that had read further: it must have re-read exactly the
   * records between that commit and where the run before had read to, per partition, and nothing
   * else. What an auto-commit consumer really costs when it is killed.
   */
  rereadExactlyPastCommit(name: string): string {
    const runs = this.#runs.filter((r) => r.name === name);
    const last = runs.at(-1);
    const before = runs.at(-2);
    if (!last || !before || last.alias !== before.alias || last.topic !== before.topic) {
      throw new BadStepParameter(`the app "${name}" has not run twice on the same topic and cluster in this scenario`, { hint: `kill it and restart it first: When the app "${name}" restarts on "products" on "es-src" and reads to the end` });
    }
    const lines: string[] = [];
    let wrong = 0;
    for (const [p, reached] of before.position) {
      const committed = last.committedAtStart.get(p);
      const from = last.startAt.get(p) ?? 0;
      const expected = Math.max(0, reached - from);
      const rereads = last.session?.rereads.get(p) ?? 0;
      if (rereads !== expected) wrong++;
      const where = committed === undefined ? `no commit when it restarted (it starts at the log start, ${from})` : `committed ${committed} when it restarted`;
      lines.push(`partition ${p}: read to ${reached}, ${where}: ${expected} to re-read, ${rereads} re-read${rereads === expected ? '' : '  <-- differs'}`);
    }
    const summary = lines.join('\n  ');
    if (wrong) throw new DrillError(`the app "${name}" did not re-read exactly what it had read past its group's commit:\n  ${summary}`, { hint: "the group's commit is read from the cluster when the app restarts; compare with the app's log (apps/) and its committed lines" });
    return summary;
  }

  #last(name: string): AppRun {
    this.#command(name);
    const run = this.#runs.findLast((r) => r.name === name);
    if (!run) throw new BadStepParameter(`the app "${name}" has not run in this scenario`, { hint: `start it first: When the app "${name}" consumes "products" on "es-src" as group "products-consumer"` });
    return run;
  }

  #mustRun(name: string): AppRun {
    const run = this.#running(name);
    if (run) return run;
    const last = this.#last(name);
    if (last.process.exit && !last.process.exit.by) throw this.#exitError(last, last.process.exit, 'the drill went on');
    throw new BadStepParameter(`the app "${name}" is not running`, { hint: `start it: When the app "${name}" consumes "products" on "es-src" as group "products-consumer"` });
  }

  /**
   * Until `done` holds: fails at once when the app exits before it does (or breaks the contract),
   * or reads nothing for the stall time while it does not (a hung app is killed).
   */
  async #until(run: AppRun, done: () => true | string, what: string, fatal?: () => Error | undefined): Promise<void> {
    // Before its first read an app may wait out a killed predecessor's session in the group
    // (session.timeout.ms, 45 s in the Java client and librdkafka): a longer allowance then.
    const firstReadMs = 90_000;
    const since = Date.now();
    await waitFor(
      () => {
        return done();
      },
      {
        what,
        timeoutMs: 24 * 3600_000,
        onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${what}: ${state ?? ''}`),
        abort: () => {
          if (run.fatal) return new DrillError(`the app "${run.name}" was stopped: ${run.fatal}. Its last output:\n${run.process.tail()}`, { hint: 'a producing app must write a distinct value per record (VerifiableProducer: --value-prefix "$MIRRORDRILL_RUN")' });
          const error = fatal?.();
          if (error) {
            run.process.kill('killed: the drill cannot judge it');
            return error;
          }
          const exit = run.process.exit;
          if (exit && done() !== true) return this.#exitError(run, exit, `the drill waited for it to ${what.replace(/^the app "[^"]*" to /, '')}`);
          const stallMs = run.reads ? DEFAULTS.consumeStallMs : firstReadMs;
          if (Date.now() - Math.max(run.lastReadAt, since) > stallMs && done() !== true) {
            run.process.kill('killed: it read nothing for too long');
            return new DrillError(`the app "${run.name}" read nothing for ${stallMs / 1000} s${run.reads ? '' : ' from its start (longer than a killed member\'s session in its group lasts by default)'} while the drill waited for it to ${what.replace(/^the app "[^"]*" to /, '')} (${run.reads} read so far); it was killed. Its last output:\n${run.process.tail()}`, {
              hint: 'the app may be hung, or reading elsewhere than the step says: read its log in the scenario folder (apps/)',
            });
          }
          return undefined;
        },
      },
    );
  }

  #finish(run: AppRun, drained: number[]): void {
    if (run.finished) return;
    run.finished = true;
    this.#drain(run, true);
    if (run.session) {
      this.ctx.ledger.finishSession(run.session, drained);
      this.ctx.ledger.event('consumer', `group ${run.group}`, `the app "${run.name}" ${run.process.exit?.by ?? 'exited'} after ${run.reads} read(s) and ${run.commits} commit(s)`);
    } else {
      this.ctx.ledger.event('producers', `${run.topic} on ${run.alias}`, `the app "${run.name}" ${run.process.exit?.by ?? 'exited'} after ${run.acked} acked, ${run.failed} given up`);
    }
    void removeScratchDir(run.private);
  }

  /** At teardown: every app still running is killed, its private files removed. */
  async teardown(): Promise<void> {
    await Promise.allSettled(
      this.#runs.map(async (run) => {
        if (run.process.running) run.process.kill('killed at teardown');
        await run.process.exited;
        await removeScratchDir(run.private);
      }),
    );
  }
}
