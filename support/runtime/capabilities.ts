import { DrillError } from '../errors.ts';
import type { Fault, RuntimeName } from './runtime.ts';

/**
 * A step that injects faults, and which: declared where the step is defined (steps/*.steps.ts,
 * through support/fault-step.ts), so the step text is written once, in its definition.
 */
export interface FaultStep {
  /** The step's Cucumber expression, as its definition writes it. */
  readonly expression: string;
  readonly faults: readonly Fault[];
  /** Whether a step's text, as written in a scenario (parameters filled in), is this step. */
  matches(stepText: string): boolean;
}

const FAULT_STEPS: FaultStep[] = [];

/** Declares a fault step (support/fault-step.ts does, as the step files load). */
export function declareFaultStep(step: FaultStep): void {
  FAULT_STEPS.push(step);
}

/** Every fault step declared so far. */
export function faultSteps(): readonly FaultStep[] {
  return FAULT_STEPS;
}

/** The faults one step's text asks for (none for a step that injects nothing). */
export function faultsOf(stepText: string): readonly Fault[] {
  const text = stepText.trim();
  return FAULT_STEPS.find((s) => s.matches(text))?.faults ?? [];
}

/** A scenario asks for a fault its runtime cannot inject; raised before the scenario's first step. */
export class FaultNotSupported extends DrillError {}

/**
 * Fails, naming the runtime, the fault and the step, when a scenario has a step whose fault the
 * runtime cannot inject: before anything starts, not halfway through a drill.
 */
export function refuseUnsupportedFaults(runtime: { name: RuntimeName | string; capabilities: ReadonlySet<Fault> }, steps: readonly string[]): void {
  const refused: string[] = [];
  for (const step of steps) {
    for (const fault of faultsOf(step)) {
      if (!runtime.capabilities.has(fault)) refused.push(`the ${runtime.name} runtime cannot inject ${fault} (step "${step}")`);
    }
  }
  if (refused.length === 0) return;
  const can = [...runtime.capabilities];
  throw new FaultNotSupported(refused.join('\n'), {
    hint: `the ${runtime.name} runtime can inject: ${can.length ? can.join(', ') : 'no fault'}; run this scenario on a runtime that can (MIRRORDRILL_RUNTIME=local injects every fault), or leave it out with a tag expression`,
  });
}
