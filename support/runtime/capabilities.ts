import { DrillError } from '../errors.ts';
import type { Fault, RuntimeName } from './runtime.ts';

/**
 * Which fault each fault step needs from the runtime, by the step's text as written in a
 * scenario (parameters filled in). Kept beside steps/fault.steps.ts and the topology step
 * "… behind Toxiproxy": a new fault step adds its line here, and the unit test holds every
 * fault step of features/ against this table.
 */
export const FAULT_STEPS: readonly { pattern: RegExp; faults: readonly Fault[] }[] = [
  { pattern: /^(every broker of "[^"]*"|broker \d+ of "[^"]*"|MirrorMaker 2|MirrorMaker 2 from "[^"]*" to "[^"]*") is killed$/, faults: ['kill'] },
  { pattern: /^(every broker of "[^"]*"|broker \d+ of "[^"]*"|MirrorMaker 2|MirrorMaker 2 from "[^"]*" to "[^"]*") is stopped$/, faults: ['stop'] },
  { pattern: /^(every broker of "[^"]*"|broker \d+ of "[^"]*"|MirrorMaker 2|MirrorMaker 2 from "[^"]*" to "[^"]*") is paused for \d+ seconds?$/, faults: ['pause'] },
  { pattern: /^(every broker of "[^"]*"|broker \d+ of "[^"]*"|MirrorMaker 2|MirrorMaker 2 from "[^"]*" to "[^"]*") is restarted$/, faults: ['restart'] },
  // SIGTERM, then the same node started again, one broker at a time.
  { pattern: /^the brokers of "[^"]*" are restarted one at a time$/, faults: ['stop', 'restart'] },
  { pattern: /^an? (source|target) cluster "[^"]*" with \d+ brokers? behind Toxiproxy$/, faults: ['network'] },
  { pattern: /^an? (source|target) cluster "[^"]*" with \d+ brokers? secured with [^,]+, behind Toxiproxy$/, faults: ['security', 'network'] },
  { pattern: /^an? (source|target) cluster "[^"]*" with \d+ brokers? secured with [^,]+$/, faults: ['security'] },
  { pattern: /^the link from (MirrorMaker 2|the apps) to "[^"]*" (is cut|is cut for \d+ seconds?|has \d+ ms latency|has \d+ ms latency with \d+ ms jitter|is throttled to \d+ KB\/s|is blackholed|is healed)$/, faults: ['network'] },
  { pattern: /^every link is healed$/, faults: ['network'] },
  // A lost disk: the leader killed, its log of the partition deleted, started again.
  { pattern: /^the leader of partition \d+ of "[^"]*" on "[^"]*" is killed and restarted without its log of the partition$/, faults: ['kill', 'restart', 'disk'] },
  // MM2 on Kafka Connect or on several dedicated nodes, and what is done to its nodes and connectors.
  { pattern: /^MirrorMaker 2 runs on (Kafka Connect|Kafka Connect with \d+ workers?|\d+ nodes?)$/, faults: ['deployments'] },
  { pattern: /^(Connect worker \d+|the Connect worker that leads the group|MirrorMaker 2 node \d+|the MirrorMaker 2 node that leads the group|the Connect worker running task \d+ of connector "[^"]*") is \w+$/, faults: ['deployments'] },
  { pattern: /^(connector "[^"]*" is \w+|task \d+ of connector "[^"]*" is restarted|connector "[^"]*" is reconfigured with:?)$/, faults: ['deployments'] },
];

/** The faults one step's text asks for (none for a step that injects nothing). */
export function faultsOf(stepText: string): readonly Fault[] {
  return FAULT_STEPS.find((s) => s.pattern.test(stepText.trim()))?.faults ?? [];
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
