/*
 * The names a user chooses among in the environment (support/config/defaults.ts validates them):
 * here, below the runtimes and clients they name, so that the config layer needs neither.
 */

/** Where nodes run, chosen with MIRRORDRILL_RUNTIME (support/runtime/factory.ts); `external`: clusters and an MM2 that run already. */
export const RUNTIMES = ['local', 'containers', 'external'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

/** The client libraries a scenario can choose for its apps' producers and consumers. */
export const CLIENTS = ['platformatic', 'kafkajs'] as const;
export type ClientName = (typeof CLIENTS)[number];
