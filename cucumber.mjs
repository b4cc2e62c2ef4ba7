// Cucumber profiles. TypeScript runs through tsx, registered by the npm scripts (node --import tsx).
const common = {
  // Not support/**: unit tests (*.test.ts) live beside the code and must not load here.
  import: ['support/hooks.ts', 'support/parameter-types.ts', 'steps/**/*.ts'],
  // Fails the run when a path, a :LINE or the tags select no scenario (Cucumber would pass with 0).
  plugin: ['./support/selection-guard.ts'],
  strict: true,
  format: ['progress-bar', 'html:reports/cucumber-report.html'],
  formatOptions: { snippetInterface: 'async-await' },
};

export default { ...common };

/** Every drill on the local runtime, with the default Kafka (npm run drill): each step, and each verdict as it is reached. */
export const drill = { ...common, format: ['pretty', 'html:reports/cucumber-report.html'] };

/** The suite `npm test` runs: same drills, plain output for CI logs. */
export const ci = { ...common, format: ['progress', 'html:reports/cucumber-report.html'] };

/**
 * The seed drill on Kafka 3.9 (with MIRRORDRILL_KAFKA_VERSION=3.9.2, set by npm run drill:kafka39).
 * The selection guard is told the tags too: Cucumber does not pass them to plugins.
 */
export const kafka39 = { ...common, format: ['progress'], tags: '@seed', pluginOptions: { tags: '@seed' } };

/**
 * The seed drill and the negative controls on the containers runtime (npm run drill:containers,
 * which sets MIRRORDRILL_RUNTIME=containers): what `npm test` proves on a container engine.
 */
export const containers = {
  ...common,
  format: ['progress', 'html:reports/cucumber-report.html'],
  tags: '@seed or @negative-control',
  pluginOptions: { tags: '@seed or @negative-control' },
};
