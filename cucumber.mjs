// Cucumber profiles. TypeScript runs through tsx, registered by the npm scripts (node --import tsx).
import { join } from 'node:path';

// Every run writes into a folder of its own, reports/<run>/: the drills' verdicts and logs
// (support/hooks.ts) and Cucumber's HTML, JUnit XML and message (NDJSON) reports. Formatter paths
// are fixed here, before any hook runs, so the folder is chosen here (or by the launcher,
// support/report/launcher.ts, which passes it down) and handed to the hooks through the
// environment (Cucumber's --parallel workers inherit it).
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
process.env.MIRRORDRILL_RUN_DIR ||= join(process.env.MIRRORDRILL_REPORTS?.trim() || 'reports', stamp);
const run = process.env.MIRRORDRILL_RUN_DIR;
const files = [`html:${join(run, 'cucumber-report.html')}`, `junit:${join(run, 'junit.xml')}`, `message:${join(run, 'messages.ndjson')}`];

const common = {
  // Not support/**: unit tests (*.test.ts) live beside the code and must not load here.
  import: ['support/hooks.ts', 'support/parameter-types.ts', 'steps/**/*.ts'],
  // Fails the run when a path, a :LINE or the tags select no scenario (Cucumber would pass with 0);
  // then leaves out the drills npm run explore found (features/found/: expected to fail, as evidence)
  // unless the command line names them (support/found-guard.ts);
  // then, in a nightly cell (MIRRORDRILL_CLIENT_CELL=1), keeps only the scenarios of the cell's client;
  // then fails the run, before any hook starts a cluster, when a step of what is left is undefined or ambiguous
  // (of the whole selection: every shard of a selection refuses the same bad input),
  // or acts on MirrorMaker 2 without naming its flow in a scenario with several (support/flow-guard.ts);
  // then, with MIRRORDRILL_SHARD=K/N (the launcher's --shard K/N), keeps the K-th of N (support/shard.ts);
  // then, in a --parallel run, puts the drills that must run alone last (support/alone.ts).
  plugin: ['./support/selection-guard.ts', './support/found-guard.ts', './support/client-cell.ts', './support/step-guard.ts', './support/flow-guard.ts', './support/shard.ts', './support/alone.ts'],
  strict: true,
  format: ['progress-bar', ...files],
  formatOptions: { snippetInterface: 'async-await', junit: { suiteName: 'mirrordrill' } },
};

export default { ...common };

/** Every drill on the local runtime, with the default Kafka (npm run drill): each step, and each verdict as it is reached. */
export const drill = { ...common, format: ['pretty', ...files] };

/**
 * The tier `npm test` runs: the scenarios tagged @core (the seed, one drill per capability, and
 * a negative control for every kind of anomaly the checker reports; support/tier.test.ts keeps
 * it so), two at a time, except the drills that measure time, which run alone (support/alone.ts).
 * Plain output for CI logs. The whole catalogue runs in `npm run drill` and the nightly.
 */
export const ci = {
  ...common,
  format: ['progress', ...files],
  tags: '@core and not @long',
  parallel: 2,
  pluginOptions: { tags: '@core and not @long', parallel: 2 },
};

/**
 * The seed drill on Kafka 3.9 (with MIRRORDRILL_KAFKA_VERSION=3.9.2, set by npm run drill:kafka39).
 * The selection guard is told the tags too: Cucumber does not pass them to plugins.
 */
export const kafka39 = { ...common, format: ['progress', ...files], tags: '@seed', pluginOptions: { tags: '@seed' } };

/** One cell of the nightly matrix (support/report/nightly.ts): plain output, a failed scenario run once more. */
export const nightly = { ...common, format: ['progress', ...files], retry: 1 };

/**
 * The seed drill and the negative controls on the containers runtime (npm run drill:containers,
 * which sets MIRRORDRILL_RUNTIME=containers): what `npm test` proves on a container engine
 * (`--tags @seed`). With no --tags it also runs the drills driven by your own MM2 resource
 * (@your-mm2-resource; `-- --tags @your-mm2-resource` runs them alone): Cucumber ANDs a
 * --tags with the profile's, so a drill not listed here cannot be selected on containers.
 */
export const containers = {
  ...common,
  format: ['progress', ...files],
  tags: '@seed or @negative-control or @your-mm2-resource or @apps',
  pluginOptions: { tags: '@seed or @negative-control or @your-mm2-resource or @apps' },
};

/**
 * The seed drill against clusters and an MM2 already running (npm run drill:external, which sets
 * MIRRORDRILL_RUNTIME=external; e.g. compose/ brought up with podman-compose, see docs/runtimes.md, "Against your own clusters"),
 * and the lab's KafkaMirrorMaker2 PUT to its Connect cluster (@lab-resource, features/your-mm2-resource-lab.feature;
 * `-- --tags @lab-resource` runs it alone).
 */
export const external = { ...common, format: ['progress', ...files], tags: '@seed or @lab-resource', pluginOptions: { tags: '@seed or @lab-resource' } };
