import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { join } from 'node:path';

/**
 * For unit tests: the step files loaded as Cucumber loads them (outside a run, a step file cannot
 * be imported), so that what they declare (the fault steps, support/fault-step.ts) is declared.
 * Returns the patterns of the step definitions.
 */
export async function loadStepDefinitions(): Promise<string[]> {
  const cwd = join(import.meta.dirname, '..');
  const { runConfiguration } = await loadConfiguration({ file: false, provided: { import: ['support/parameter-types.ts', 'steps/**/*.ts'] } }, { cwd });
  const library = await loadSupport(runConfiguration, { cwd });
  // The library's step definitions are not in its public type; their patterns are what the steps wrote.
  return (library as unknown as { stepDefinitions: { pattern: string | RegExp }[] }).stepDefinitions.map((d) => d.pattern.toString());
}
