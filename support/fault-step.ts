import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { PARAMETER_TYPES } from './parameter-type-list.ts';
import { declareFaultStep } from './runtime/capabilities.ts';
import type { Fault } from './runtime/runtime.ts';

let registry: ParameterTypeRegistry | undefined;

/** The steps' parameter types, as Cucumber matches them, made once. */
function parameterTypes(): ParameterTypeRegistry {
  if (!registry) {
    registry = new ParameterTypeRegistry();
    for (const p of PARAMETER_TYPES) registry.defineParameterType(new ParameterType(p.name, p.regexp, null, p.transformer, true, false));
  }
  return registry;
}

/**
 * A step definition's expression, declared as needing `faults` of the runtime: a scenario with
 * the step fails before it starts on a runtime that cannot inject them (support/hooks.ts,
 * support/runtime/capabilities.ts). Written where the step is defined:
 *
 *     When(needs(['kill'], 'every broker of {string} is killed'), async function (…) { … });
 */
export function needs(faults: readonly Fault[], expression: string): string {
  let compiled: CucumberExpression | undefined;
  declareFaultStep({
    expression,
    faults,
    matches: (text) => (compiled ??= new CucumberExpression(expression, parameterTypes())).match(text) !== null,
  });
  return expression;
}
