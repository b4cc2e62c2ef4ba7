import { DEFAULTS } from '../config/defaults.ts';
import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import { waitFor } from '../wait-for.ts';
import type { StartedCluster } from './runtime.ts';

/**
 * A new cluster is ready when its metadata lists every broker (any runtime). A broker that exits
 * meanwhile ends the wait at once (`dead` says which, with its log); on any failure the cluster
 * is disposed, so nothing of it is left, and the error goes on. The admin is closed either way.
 */
export async function readyOrDisposed<C extends StartedCluster>(cluster: C, admin: ClusterAdmin, o: { what: string; dead: () => Error | undefined }): Promise<C> {
  const expected = cluster.brokers.length;
  try {
    await waitFor(
      async () => {
        const ids = await admin.brokerIds();
        return ids.length === expected ? true : `metadata lists brokers [${ids.join(', ')}] of ${expected}`;
      },
      { what: o.what, timeoutMs: DEFAULTS.brokerStartTimeoutMs, log: cluster.brokers[0]?.logFile, abort: o.dead },
    );
  } catch (error) {
    await cluster[Symbol.asyncDispose]();
    throw error;
  } finally {
    await admin.close();
  }
  return cluster;
}
