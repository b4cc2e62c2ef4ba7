import { BadStepParameter, DrillError } from '../errors.ts';
import { clusterWhole, metadataOf, type MetadataView } from '../kafka/replication-state.ts';
import { progress } from '../progress.ts';
import { waitFor } from '../wait-for.ts';
import type { StartedBroker, StartedCluster } from './runtime.ts';

export interface RollingRestartOptions {
  alias: string;
  cluster: Pick<StartedCluster, 'brokers'> & Partial<Pick<StartedCluster, 'security'>>;
  /** Bounds each wait for the cluster to be whole again (DEFAULTS.brokerStartTimeoutMs). */
  timeoutMs: number;
  /** Ledger events: the SIGTERM of a broker (a fault) and its restart. */
  event: (kind: 'fault' | 'restart', subject: string, what: string) => void;
  /** Before each SIGTERM: drop clients that would only wait on retries against the stopping broker. */
  beforeStop?: () => Promise<void>;
  /** How long a stop may take before the runtime SIGKILLs (DEFAULTS.stopGraceMs): a stop that long was no controlled shutdown. */
  stopGraceMs?: number;
  /** One broker's metadata (the real one by default; a test gives its own). */
  metadata?: (bootstrap: string) => Promise<MetadataView>;
  /** Polling interval of the waits (the waitFor default when unset). */
  intervalMs?: number;
}

/** A rolling restart needs every broker up: refuses, naming the first one down, before anything is stopped. */
export function refuseRollingRestart(alias: string, brokers: Pick<StartedBroker, 'nodeId' | 'running'>[]): void {
  const down = brokers.filter((b) => !b.running);
  if (down.length === 0) return;
  const first = down[0]!.nodeId;
  throw new BadStepParameter(
    `broker ${down.map((b) => b.nodeId).join(', ')} of ${alias} ${down.length > 1 ? 'are' : 'is'} down: restart ${down.length > 1 ? 'them' : 'it'} first`,
    { hint: `a rolling restart takes one broker down at a time from a whole cluster: When broker ${first} of "${alias}" is restarted` },
  );
}

/** What each broker took: SIGTERM to exit, and start to the cluster being whole again. */
export interface BrokerRestart {
  nodeId: number;
  stopMs: number;
  rejoinMs: number;
}

/**
 * A rolling restart, as an operator does one: first the cluster is whole (every broker listed,
 * no under-replicated partition); then, for each broker in turn, SIGTERM (a controlled
 * shutdown: the controller moves its leaderships away), the same node started again with its
 * data, and a wait until every running broker's metadata lists it again and every partition of
 * every topic, internal ones included, has all its replicas in sync, before the next broker goes
 * down. So at most one replica of any partition is ever missing: with replication factor 3 and
 * min.insync.replicas 2, acks=all writes never stop. A single-broker cluster is just a restart
 * of that broker (its partitions are offline meanwhile).
 */
export async function rollingRestart(o: RollingRestartOptions): Promise<BrokerRestart[]> {
  const brokers = o.cluster.brokers;
  refuseRollingRestart(o.alias, brokers);
  const metadata = o.metadata ?? ((bootstrap: string) => metadataOf(bootstrap, undefined, o.cluster.security));
  const ids = brokers.map((b) => b.nodeId);

  const whole = (what: string, restarted?: StartedBroker) =>
    waitFor(
      async () => {
        const running = brokers.filter((b) => b.running);
        const views = new Map<number, MetadataView>();
        const unanswered: string[] = [];
        // Every running broker is asked: each answers from its own metadata cache.
        await Promise.all(
          running.map(async (b) => {
            try {
              views.set(b.nodeId, await metadata(b.bootstrap));
            } catch (error) {
              unanswered.push(`broker ${b.nodeId} does not answer metadata yet (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
            }
          }),
        );
        if (unanswered.length) return unanswered.sort().join('; ');
        return clusterWhole(views, ids);
      },
      {
        what,
        timeoutMs: o.timeoutMs,
        intervalMs: o.intervalMs,
        log: (restarted ?? brokers[0])?.logFile,
        onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${what}: ${state ?? ''}`),
        hint: restarted ? `read broker ${restarted.nodeId}'s log: a broker that does not catch up its replicas stalls the rolling restart` : 'read the broker logs: a partition stays under-replicated while one of its replicas cannot catch up',
        abort: () => {
          const dead = brokers.find((b) => !b.running);
          return dead
            ? new DrillError(`broker ${dead.nodeId} of ${o.alias} exited during the rolling restart${dead === restarted ? ', while starting again' : ''}`, { log: dead.logFile })
            : undefined;
        },
      },
    );

  await whole(`every broker of ${o.alias} to be in sync before the rolling restart`);
  const done: BrokerRestart[] = [];
  for (const broker of brokers) {
    const subject = `broker ${broker.nodeId} of ${o.alias}`;
    await o.beforeStop?.();
    o.event('fault', subject, 'stopped (SIGTERM) in a rolling restart');
    const stopping = Date.now();
    await broker.stop();
    const stopMs = Date.now() - stopping;
    const forced = o.stopGraceMs !== undefined && stopMs >= o.stopGraceMs;
    await broker.restart();
    o.event('restart', subject, 'restarted with its data in a rolling restart');
    const starting = Date.now();
    progress(`rolling restart of ${o.alias}: broker ${broker.nodeId} ${forced ? `did not exit within ${(stopMs / 1000).toFixed(0)} s of SIGTERM and was SIGKILLed` : `stopped in ${(stopMs / 1000).toFixed(1)} s`}; started again`);
    await whole(`broker ${broker.nodeId} of ${o.alias} to rejoin with every partition in sync`, broker);
    const rejoinMs = Date.now() - starting;
    progress(`rolling restart of ${o.alias}: broker ${broker.nodeId} back, every partition in sync ${(rejoinMs / 1000).toFixed(1)} s after its start`);
    done.push({ nodeId: broker.nodeId, stopMs, rejoinMs });
  }
  return done;
}
