import { isSecretKey } from '../config/secrets.ts';
import { BadStepParameter, DrillError, WaitTimeout } from '../errors.ts';
import type { LedgerEvent } from '../ledger/ledger.ts';
import type { Phase as PhaseName } from '../phases.ts';
import type { MirrorDeployment, MirrorNode, StartedMirror } from './started-mirror.ts';
import { waitFor } from '../wait-for.ts';
import { MIRROR_CONNECTORS } from './connect-config.ts';
import { refuseConnectorKeys } from './mirror-input.ts';
import { assignedSoFar, takenOver } from './group-leader.ts';
import { progress } from '../progress.ts';

export const NODE_ACTIONS = ['killed', 'stopped', 'restarted'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];
export const CONNECTOR_ACTIONS = ['paused', 'resumed', 'restarted'] as const;
export type ConnectorAction = (typeof CONNECTOR_ACTIONS)[number];

export const MAX_MIRROR_NODES = 3;

/** A node or worker as a step names it: its number, the group's leader, or the one running a task. */
export type NodeRef = number | 'leader' | { connector: string; task: number };

/** Settings the harness reads from the mirrors step (mm2-properties.ts); a connector-level change would leave it reading the old value. */
const READ_BY_HARNESS = /^(offset\.lag\.max|sync\.group\.offsets\.enabled|replication\.policy\..+|offset-syncs\.topic\.location)$/;
/** Set by mirrordrill from the scenario's clusters and flow. */
const OWNED = /^(name|connector\.class|source\.cluster\.alias|target\.cluster\.alias|enabled|(source|target)\.cluster\.bootstrap\.servers|(source|target)\.(consumer|producer|admin)\.bootstrap\.servers)$/;

interface Deps {
  mirror: () => StartedMirror;
  event: (kind: LedgerEvent['kind'], subject: string, what: string) => void;
  time: <T>(phase: PhaseName, f: () => Promise<T>) => Promise<T>;
}

const noun = (kind: MirrorDeployment['kind']) => (kind === 'connect' ? 'Connect worker' : 'MirrorMaker 2 node');

/** The faults and operations of MM2's nodes, workers and connectors, for the World's steps. */
export class MirrorOps {
  /** The last node kill or stop: when, and what the nodes ran then (for the takeover wait). */
  #lastLoss: { at: number; expected: { connectors: string[]; tasks: string[] } } | undefined;

  constructor(private readonly deps: Deps) {}

  /**
   * Until the nodes still running have taken over every connector and task: on Connect, the
   * status endpoint shows each RUNNING on a live worker; dedicated, the nodes' logs show a
   * rebalance that a live node leads and that hands out everything the nodes ran before the
   * loss. Says how long the takeover took from the loss.
   */
  async takeover(kind: MirrorDeployment['kind']): Promise<void> {
    const mirror = this.deps.mirror();
    requireKind(mirror, kind);
    const loss = this.#lastLoss;
    if (!loss) throw new BadStepParameter(`no ${noun(kind)} was killed or stopped in this scenario: there is nothing to take over`, { hint: `kill one first: When ${noun(kind)} 1 is killed` });
    const nodes = nodesOf(mirror);
    if (!nodes.some((n) => n.running)) throw new BadStepParameter(`no ${noun(kind)} is running: nobody is left to take over`, { hint: 'keep at least one running' });
    await this.deps.time('MM2 waits', async () => {
      if (mirror.connectors) {
        const live = nodes.filter((n) => n.running && n.url).map((n) => n.url!.replace(/^https?:\/\//, '').replace(/\/$/, ''));
        await mirror.connectors.waitRunning(`the ${noun(kind)}s left to run every connector and task`, live);
      } else {
        await waitFor(() => takenOver(mirror.groupViews!(), loss.expected), {
          what: `the ${noun(kind)}s left to take over ${[...loss.expected.connectors, ...loss.expected.tasks].join(', ')}`,
          timeoutMs: 120_000,
          log: mirror.logFile,
          onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for the takeover: ${state ?? ''}`),
        });
      }
    });
    const seconds = ((Date.now() - loss.at) / 1000).toFixed(1);
    const leader = mirror.leader?.();
    this.deps.event('heal', `the ${noun(kind)}s left`, `took over every connector and task ${seconds} s after the loss${leader ? ` (leader: ${noun(kind)} ${leader})` : ''}`);
    progress(`the ${noun(kind)}s left run every connector and task, ${seconds} s after the loss${leader ? `; ${noun(kind)} ${leader} leads` : ''}`);
  }

  /** A deployment step's input, refused with the fix when it cannot be used. */
  static checkDeployment(d: MirrorDeployment, previous: MirrorDeployment | undefined, mirrorStarted: boolean): MirrorDeployment {
    const what = d.kind === 'connect' ? 'Connect workers' : 'MirrorMaker 2 nodes';
    if (!Number.isInteger(d.nodes) || d.nodes < 1 || d.nodes > MAX_MIRROR_NODES) {
      throw new BadStepParameter(`MirrorMaker 2 cannot run on ${d.nodes} ${what}`, { hint: `use 1 to ${MAX_MIRROR_NODES} (each is a JVM on this machine)` });
    }
    if (previous) throw new BadStepParameter('how MirrorMaker 2 runs is said twice in this scenario', { hint: 'keep one "MirrorMaker 2 runs on …" step' });
    if (mirrorStarted) {
      throw new BadStepParameter('MirrorMaker 2 is already running: how it runs must be said before it starts', { hint: 'move this step before "MirrorMaker 2 mirrors …"' });
    }
    return d;
  }

  async node(kind: MirrorDeployment['kind'], which: NodeRef, action: NodeAction): Promise<void> {
    const { mirror, node, index, subject } = await findMirrorNode(this.deps.mirror(), kind, which);
    if (action === 'restarted') {
      if (node.running) throw new BadStepParameter(`${noun(kind)} ${index} is running: there is nothing to restart`, { hint: `kill or stop it first: When ${noun(kind)} ${index} is killed` });
      this.deps.event('restart', subject, 'restarted with its config');
      await this.deps.time('faults', async () => {
        await node.restart();
        // A worker back in the group: its share of the tasks comes back to it at the next rebalance.
        if (mirror.connectors) await mirror.connectors.waitRunning(`the connectors to run again with ${noun(kind)} ${index} back`);
      });
      return;
    }
    if (!node.running) {
      throw new BadStepParameter(`${noun(kind)} ${index} is already down: there is nothing left to ${action === 'killed' ? 'kill' : 'stop'}`, { hint: `restart it first: When ${noun(kind)} ${index} is restarted` });
    }
    const views = mirror.groupViews?.();
    this.#lastLoss = { at: Date.now(), expected: views ? assignedSoFar(views) : { connectors: [], tasks: [] } };
    this.deps.event('fault', subject, action === 'killed' ? 'killed (SIGKILL)' : 'stopped (SIGTERM)');
    await this.deps.time('faults', () => (action === 'killed' ? node.kill() : node.stop()));
  }

  async connector(connector: string, action: ConnectorAction): Promise<void> {
    const control = connectorsOf(this.deps.mirror());
    const subject = `connector ${connector}`;
    await this.deps.time('faults', async () => {
      if (action === 'paused') {
        await control.pause(connector);
        this.deps.event('fault', subject, 'paused over REST (PUT /connectors/…/pause)');
      } else if (action === 'resumed') {
        await control.resume(connector);
        this.deps.event('heal', subject, 'resumed over REST');
      } else {
        this.deps.event('restart', subject, 'restarted with its tasks over REST (POST /connectors/…/restart?includeTasks=true)');
        await control.restart(connector);
      }
    });
  }

  /**
   * MirrorSourceConnector's stored offset of an upstream partition set over Connect's REST API
   * (stop, PATCH …/offsets, resume): its task seeks to `offset` + 1 when it starts again
   * (MirrorSourceTask.loadOffset), so MM2 copies again what it had copied past there, and the
   * offset sync it writes next rewinds upstream, which makes MM2 forget its earlier syncs.
   * `topic` is the name on the source cluster.
   */
  async setSourceOffset(topic: string, partition: number, offset: number): Promise<void> {
    const mirror = this.deps.mirror();
    const control = connectorsOf(mirror);
    this.deps.event('fault', 'connector MirrorSourceConnector', `its source offset of ${topic} partition ${partition} set to ${offset} over REST (stop, PATCH /connectors/…/offsets, resume): it copies from ${offset + 1} on`);
    await this.deps.time('faults', () => control.alterOffsets('MirrorSourceConnector', [{ partition: { cluster: mirror.spec.source, topic, partition }, offset: { offset } }]));
  }

  async restartTask(connector: string, task: number): Promise<void> {
    if (!Number.isInteger(task) || task < 0) throw new BadStepParameter(`a task number is 0 or more, not ${task}`, { hint: 'tasks are numbered from 0: task 0 of connector "MirrorSourceConnector"' });
    const control = connectorsOf(this.deps.mirror());
    this.deps.event('restart', `task ${task} of connector ${connector}`, 'restarted over REST');
    await this.deps.time('faults', () => control.restartTask(connector, task));
  }

  async reconfigure(connector: string, changes: Record<string, string>): Promise<void> {
    const control = connectorsOf(this.deps.mirror());
    const keys = Object.keys(changes);
    if (keys.length === 0) throw new BadStepParameter('the table of the reconfiguration is empty', { hint: 'one | key | value | per row, e.g. | tasks.max | 2 |' });
    for (const key of keys) {
      if (!key.trim() || /\s/.test(key)) throw new BadStepParameter(`"${key}" is not a connector property name`, { hint: 'one | key | value | per row, e.g. | tasks.max | 2 |' });
      if (OWNED.test(key)) throw new BadStepParameter(`connector property "${key}" is set by mirrordrill from the scenario's clusters and flow`, { hint: 'change other properties; the clusters and the flow are fixed by the mirrors step' });
      if (READ_BY_HARNESS.test(key)) {
        throw new BadStepParameter(`"${key}" is read by mirrordrill itself from the mirrors step, so it cannot change on one connector mid-drill`, { hint: `set it in the mirrors step's table: | ${key} | … |` });
      }
    }
    if (!MIRROR_CONNECTORS.some((c) => c === connector)) {
      throw new BadStepParameter(`MirrorMaker 2 runs no connector "${connector}"`, { hint: `name one of: ${MIRROR_CONNECTORS.map((c) => `"${c}"`).join(', ')}` });
    }
    await refuseConnectorKeys(keys);
    const shown = Object.entries(changes).map(([k, v]) => `${k}=${isSecretKey(k) ? '[redacted]' : v}`).join(', ');
    this.deps.event('fault', `connector ${connector}`, `reconfigured over REST (PUT /connectors/…/config): ${shown}`);
    await this.deps.time('faults', () => control.reconfigure(connector, changes));
  }

  /**
   * A negative control of FAILED reporting: Connect's status shows the connector (or a task of
   * it) FAILED with `text` in its trace, and a wait on MM2 (`wait`) fails at once quoting it,
   * naming the connector, rather than running into its timeout.
   */
  async expectFailed(connector: string, text: string, wait: () => Promise<void>): Promise<void> {
    const control = connectorsOf(this.deps.mirror());
    let trace: string | undefined;
    await waitFor(async () => ((trace = await control.failedTrace(connector)) ? true : (await control.describe()).join('; ')), {
      what: `Connect to report ${connector} FAILED`,
      timeoutMs: 30_000,
    });
    if (!trace!.includes(text)) throw new DrillError(`${connector} FAILED, but its trace does not mention "${text}":\n${trace}`);
    const started = Date.now();
    try {
      await wait();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof WaitTimeout) throw new DrillError(`the wait on MM2 ran into its timeout instead of reporting ${connector} FAILED:\n${message}`);
      if (!message.includes(connector) || !message.includes(text)) throw new DrillError(`the wait on MM2 failed without naming ${connector} and "${text}":\n${message}`);
      if (Date.now() - started > 5_000) throw new DrillError(`the wait on MM2 took ${((Date.now() - started) / 1000).toFixed(1)} s to report ${connector} FAILED (more than 5 s)`);
      return;
    }
    throw new DrillError(`the wait on MM2 succeeded although ${connector} is FAILED`, { hint: 'the failure is not seen by the waits: see support/runtime/mirror-cluster.ts' });
  }
}

function deploymentOf(mirror: StartedMirror): MirrorDeployment {
  return mirror.deployment ?? { kind: 'dedicated', nodes: 1 };
}

/** The mirror's nodes; a one-node dedicated MM2 is its own node 1. */
function nodesOf(mirror: StartedMirror): MirrorNode[] {
  return mirror.nodes ?? [{ index: 1, get running() { return mirror.running; }, logFile: mirror.logFile, describeExit: () => mirror.describeExit(), stop: () => mirror.stop(), kill: () => mirror.kill(), pause: () => mirror.pause(), resume: () => mirror.resume(), restart: () => mirror.restart() }];
}

function requireKind(mirror: StartedMirror, kind: MirrorDeployment['kind']): MirrorDeployment {
  const d = deploymentOf(mirror);
  if (d.kind === kind) return d;
  throw new BadStepParameter(
    kind === 'connect' ? 'MirrorMaker 2 runs as the dedicated driver in this scenario: it has no Connect worker' : 'MirrorMaker 2 runs on Kafka Connect in this scenario: it has workers, not dedicated nodes',
    {
      hint:
        kind === 'connect'
          ? 'say "Given MirrorMaker 2 runs on Kafka Connect with 3 workers" before the mirrors step, or use "MirrorMaker 2 node 1 is killed"'
          : 'use "Connect worker 1 is killed", or drop "MirrorMaker 2 runs on Kafka Connect"',
    },
  );
}

/** The node leading the group, from the nodes' logs; waits (bounded) for a rebalance to name one. */
async function leaderOf(mirror: StartedMirror): Promise<number> {
  if (!mirror.leader) return 1;
  let found: number | undefined;
  await waitFor(() => ((found = mirror.leader!()) !== undefined ? true : 'no running node has logged a completed rebalance naming itself leader'), {
    what: 'the nodes of MirrorMaker 2 to agree on a group leader',
    timeoutMs: 30_000,
    log: mirror.logFile,
  });
  return found!;
}

/** The Connect worker that runs a task now, by Connect's status (worker_id is its REST host:port). */
async function runningTask(mirror: StartedMirror, connector: string, task: number): Promise<number> {
  const control = connectorsOf(mirror);
  const worker = await control.workerOf(connector, task);
  const node = nodesOf(mirror).find((n) => n.running && worker && n.url?.replace(/^https?:\/\//, '').replace(/\/$/, '') === worker);
  if (!node) throw new DrillError(`no running worker runs task ${task} of ${connector} now (Connect says: ${worker ?? 'not RUNNING'})`, { hint: 'wait until MirrorMaker 2 has mirrored, so that its tasks run' });
  return node.index;
}

/**
 * The node or worker a step names (by number, as the group's leader, or as the one running a
 * task) and what the history calls it; a step error naming what there is otherwise.
 */
export async function findMirrorNode(mirror: StartedMirror, kind: MirrorDeployment['kind'], which: NodeRef): Promise<{ mirror: StartedMirror; node: MirrorNode; index: number; subject: string }> {
  const d = requireKind(mirror, kind);
  const nodes = nodesOf(mirror);
  const index = which === 'leader' ? await leaderOf(mirror) : typeof which === 'number' ? which : await runningTask(mirror, which.connector, which.task);
  const node = nodes.find((n) => n.index === index);
  if (!node) throw new BadStepParameter(`MirrorMaker 2 has no ${noun(kind)} ${index}`, { hint: `its ${kind === 'connect' ? 'workers' : 'nodes'} are numbered 1 to ${d.nodes}` });
  const subject = `${noun(kind)} ${index}${which === 'leader' ? ' (the group leader)' : typeof which === 'object' ? ` (running task ${which.task} of ${which.connector})` : ''}`;
  return { mirror, node, index, subject };
}

function connectorsOf(mirror: StartedMirror): NonNullable<StartedMirror['connectors']> {
  if (!mirror.connectors) {
    throw new BadStepParameter('MirrorMaker 2 runs as the dedicated driver in this scenario: its connectors have no REST API to act on', {
      hint: 'say "Given MirrorMaker 2 runs on Kafka Connect" before the mirrors step',
    });
  }
  return mirror.connectors;
}
