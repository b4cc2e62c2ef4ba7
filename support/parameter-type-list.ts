import { ANOMALIES, type Anomaly } from './ledger/checker.ts';
import { ANOMALY_WORDS } from './ledger/verdict-format.ts';
import { VIEWERS } from './runtime/runtime.ts';
import { SECURITY_MODES, securityMode } from './security/cluster-security.ts';
import { ROLES } from './topology.ts';
import { CLIENTS } from './workload/workload-client.ts';
import { RESUME_MODES } from './drill/failover.ts';
import { CONNECTOR_ACTIONS, NODE_ACTIONS } from './mirror/mirror-ops.ts';

/** A parameter type of the steps, as Cucumber's defineParameterType takes it (support/parameter-types.ts defines them). */
export interface StepParameterType {
  name: string;
  regexp: RegExp;
  transformer: (s: string) => unknown;
}

/** Every parameter type the steps use; also what support/fault-step.ts matches a step's text with. */
export const PARAMETER_TYPES: StepParameterType[] = [];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneOf = (words: readonly string[]) => new RegExp([...words].sort((a, b) => b.length - a.length).map(escape).join('|'));

// Every parameter type comes from the same `as const` list as its TypeScript union.
PARAMETER_TYPES.push({ name: 'role', regexp: oneOf(ROLES), transformer: (s) => s });
// Every parameter type is a closed list of words, so that no parameter can swallow a whole step:
// a mistyped step is then undefined, and the step guard (support/step-guard.ts) names it with a
// useful snippet before any cluster starts.
PARAMETER_TYPES.push({ name: 'security', regexp: oneOf(Object.keys(SECURITY_MODES)), transformer: (s) => securityMode(s) });
PARAMETER_TYPES.push({ name: 'client', regexp: oneOf(CLIENTS), transformer: (s) => s });
PARAMETER_TYPES.push({
  name: 'resume',
  regexp: oneOf(Object.keys(RESUME_MODES)),
  transformer: (s) => RESUME_MODES[s as keyof typeof RESUME_MODES],
});

const ANOMALY_BY_WORD = new Map<string, Anomaly>([
  ...ANOMALIES.map((a) => [ANOMALY_WORDS[a], a] as const),
  ...ANOMALIES.map((a) => [a, a] as const),
]);
PARAMETER_TYPES.push({
  name: 'anomaly',
  regexp: oneOf([...ANOMALY_BY_WORD.keys()]),
  transformer: (s) => ANOMALY_BY_WORD.get(s)!,
});
PARAMETER_TYPES.push({ name: 'validity', regexp: oneOf(['valid', 'invalid']), transformer: (s) => s });
PARAMETER_TYPES.push({
  name: 'viewer',
  regexp: oneOf(Object.keys(VIEWERS)),
  transformer: (s) => VIEWERS[s as keyof typeof VIEWERS],
});
PARAMETER_TYPES.push({ name: 'nodeAction', regexp: oneOf(NODE_ACTIONS), transformer: (s) => s });
PARAMETER_TYPES.push({ name: 'connectorAction', regexp: oneOf(CONNECTOR_ACTIONS), transformer: (s) => s });
