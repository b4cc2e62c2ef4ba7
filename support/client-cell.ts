import type { Plugin } from '@cucumber/cucumber/api';
import type { Pickle } from '@cucumber/messages';

const NAMES = /^the apps use the (\S+) client$/;

/** The client a scenario names with `the apps use the … client`, if it names one. */
export function namedClient(pickle: Pick<Pickle, 'steps'>): string | undefined {
  for (const step of pickle.steps) {
    const m = NAMES.exec(step.text);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * One cell of the nightly matrix runs the scenarios of its client: with MIRRORDRILL_CLIENT_CELL=1,
 * a scenario that names another client than MIRRORDRILL_CLIENT (an Examples row of the other
 * client) is left to that client's cell, so each scenario runs once per Kafka version. Scenarios
 * that name no client run in every cell, on the cell's client. Without the variable, nothing is
 * filtered. Listed after the selection guard, which judges the selection before this narrows it.
 */
export const clientCell: Plugin = {
  type: 'plugin',
  coordinator: ({ transform }) => {
    if (process.env.MIRRORDRILL_CLIENT_CELL !== '1') return;
    const client = process.env.MIRRORDRILL_CLIENT?.trim() || 'platformatic';
    transform('pickles:filter', (pickles) =>
      pickles.filter(({ pickle }) => {
        const named = namedClient(pickle);
        return named === undefined || named === client;
      }),
    );
  },
};

export default clientCell;
