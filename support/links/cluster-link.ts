/** Who connects to a cluster through a link of its own: MirrorMaker 2, or the apps (producers and consumers). The harness always connects directly. */
export const VIEWERS = { 'MirrorMaker 2': 'mirror', 'the apps': 'apps' } as const;
export type Viewer = (typeof VIEWERS)[keyof typeof VIEWERS];
export const viewerWords = (v: Viewer): string => Object.entries(VIEWERS).find(([, x]) => x === v)![0];

/** One viewer's link to a proxied cluster: every broker's proxy at once. */
export interface ClusterLink {
  /** The proxies stop accepting and drop their connections. */
  cut(): Promise<void>;
  /** Back to a plain, fast link: enabled, every toxic removed. */
  heal(): Promise<void>;
  /** Adds latency (and jitter) to what the cluster sends back. */
  delay(latencyMs: number, jitterMs: number): Promise<void>;
  /** Limits what the cluster sends back to `kbPerSecond` KB/s. */
  throttle(kbPerSecond: number): Promise<void>;
  /** Nothing gets through either way, and the connections stay open (no error, no reset): a black hole. */
  blackhole(): Promise<void>;
}
