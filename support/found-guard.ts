import type { Plugin } from '@cucumber/cucumber/api';

/** Where `npm run explore` writes the minimal failing schedules it found (support/explore/explore-cli.ts). */
export const FOUND = 'features/found/';

/** Whether a command line's paths name the found drills (the folder, a file or a line in it). */
export function namesFound(paths: readonly string[]): boolean {
  return paths.some((p) => p.replace(/^\.\//, '').startsWith(FOUND) || p.replace(/^\.\//, '').replace(/\/$/, '') === FOUND.slice(0, -1));
}

/**
 * A drill npm run explore found is expected to fail: it is the evidence of what the exploration
 * found, kept and rerun by name (`npm run drill -- features/found/<file>.feature`). The catalogue
 * (`npm run drill`, the nightly, `npm test`) is everything else under features/: Cucumber's default
 * paths take every folder under features/, so this leaves the found ones out unless the command
 * line names them.
 */
export const foundGuard: Plugin = {
  type: 'plugin',
  coordinator: ({ on, transform }) => {
    let named = false;
    on('paths:resolve', (paths) => {
      named = namesFound(paths.unexpandedSourcePaths);
    });
    transform('pickles:filter', (pickles) => (named ? pickles : pickles.filter(({ pickle }) => !pickle.uri.replace(/^\.\//, '').startsWith(FOUND))));
  },
};

export default foundGuard;
