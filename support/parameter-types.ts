import { defineParameterType } from '@cucumber/cucumber';
import { ANOMALIES, type Anomaly } from './ledger/checker.ts';
import { ANOMALY_WORDS } from './ledger/verdict-format.ts';
import { VIEWERS } from './runtime/runtime.ts';
import { SECURITY_MODES, securityMode } from './security/cluster-security.ts';
import { ROLES } from './topology.ts';
import { CLIENTS } from './workload/workload-client.ts';
import { RESUME_MODES } from './drill/failover.ts';
import { CONNECTOR_ACTIONS, NODE_ACTIONS } from './mirror/mirror-ops.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneOf = (words: readonly string[]) => new RegExp([...words].sort((a, b) => b.length - a.length).map(escape).join('|'));

// Every parameter type comes from the same `as const` list as its TypeScript union.
defineParameterType({ name: 'role', regexp: oneOf(ROLES), transformer: (s) => s });
// Every parameter type is a closed list of words, so that no parameter can swallow a whole step:
// a mistyped step is then undefined, and the step guard (support/step-guard.ts) names it with a
// useful snippet before any cluster starts.
defineParameterType({ name: 'security', regexp: oneOf(Object.keys(SECURITY_MODES)), transformer: (s) => securityMode(s) });
defineParameterType({ name: 'client', regexp: oneOf(CLIENTS), transformer: (s) => s });
defineParameterType({
  name: 'resume',
  regexp: oneOf(Object.keys(RESUME_MODES)),
  transformer: (s) => RESUME_MODES[s as keyof typeof RESUME_MODES],
});

const ANOMALY_BY_WORD = new Map<string, Anomaly>([
  ...ANOMALIES.map((a) => [ANOMALY_WORDS[a], a] as const),
  ...ANOMALIES.map((a) => [a, a] as const),
]);
defineParameterType({
  name: 'anomaly',
  regexp: oneOf([...ANOMALY_BY_WORD.keys()]),
  transformer: (s) => ANOMALY_BY_WORD.get(s)!,
});
defineParameterType({ name: 'validity', regexp: oneOf(['valid', 'invalid']), transformer: (s) => s });
defineParameterType({
  name: 'viewer',
  regexp: oneOf(Object.keys(VIEWERS)),
  transformer: (s) => VIEWERS[s as keyof typeof VIEWERS],
});
defineParameterType({ name: 'nodeAction', regexp: oneOf(NODE_ACTIONS), transformer: (s) => s });
defineParameterType({ name: 'connectorAction', regexp: oneOf(CONNECTOR_ACTIONS), transformer: (s) => s });
