import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configLines, flowLines, type FlowReport, type ScenarioReport } from './scenario-report.ts';

const flow = (name: string, more: Partial<FlowReport> = {}): FlowReport => {
  const [source, target] = name.split(' → ') as [string, string];
  return { name, source, target, topics: ['products'], deployment: 'dedicated on 1 node', policy: 'DefaultReplicationPolicy', overrides: {}, running: true, history: [], checkpoints: [], failovers: [], ...more };
};
const report = (flows: FlowReport[]) => ({ flows }) as unknown as ScenarioReport;

test('verdict.txt shows each flow when a scenario has several, and nothing new when it has one', () => {
  assert.deepEqual(flowLines(report([flow('es-src → es-tgt')])), []);
  const lines = flowLines(
    report([
      flow('es-src → es-tgt', { checkpoints: [{ group: 'g', topic: 'es-src.products', partition: 0, upstream: 100, downstream: 100 }] }),
      flow('es-tgt → es-src', {
        overrides: { 'es-tgt->es-src.topics': 'products, es-src.products' },
        running: false,
        history: [{ time: '2026-12-07T06:00:01.500Z', kind: 'fault', what: 'killed (SIGKILL)' }],
        failovers: ['failover of group "g" from products on es-tgt to es-tgt.products on es-src through MM2 es-tgt → es-src: …'],
      }),
    ]),
  );
  assert.equal(lines[0], 'flows:');
  assert.match(lines.join('\n'), /MM2 es-src → es-tgt: products; dedicated on 1 node; DefaultReplicationPolicy; running at the end\n    checkpoints of group "g": es-src\.products-0 100 → 100/);
  assert.match(lines.join('\n'), /MM2 es-tgt → es-src: products; dedicated on 1 node; DefaultReplicationPolicy; es-tgt->es-src\.topics=products, es-src\.products; down at the end\n    06:00:01\.500 fault: killed \(SIGKILL\)\n    failover of group "g" .* through MM2 es-tgt → es-src/);
});

test("verdict.txt accounts for a flow driven by the user's own file, one flow or several", () => {
  assert.deepEqual(configLines(report([flow('es-src → es-tgt')])), []);
  const configuredBy = {
    file: 'examples/es-to-es.yml',
    shape: 'KafkaMirrorMaker2 kafka.strimzi.io/v1beta2 (v1beta2 shape: spec.clusters, spec.connectCluster)',
    replaced: [{ path: 'spec.clusters[0].bootstrapServers', was: 'src:9093', now: 'the drill\'s cluster "es-src"' }],
    notHonoured: [{ path: 'spec.template', why: 'pod templates' }],
    warnings: [{ path: 'spec.clusters[0].config.my.filter', message: 'not a name MM2 defines' }],
    drillDefaults: ['emit.checkpoints.interval.seconds=1'],
  };
  const text = configLines(report([flow('es-src → es-tgt', { configuredBy })])).join('\n');
  assert.match(text, /^MM2 configured by examples\/es-to-es\.yml: KafkaMirrorMaker2 kafka\.strimzi\.io\/v1beta2 \(v1beta2 shape/);
  for (const part of ['replaced by the drill', 'spec.clusters[0].bootstrapServers: src:9093 → the drill\'s cluster "es-src"', 'not honoured', 'spec.template: pod templates', 'warnings (kept as written)', "the drill's defaults: emit.checkpoints.interval.seconds=1"]) {
    assert.ok(text.includes(part), part);
  }
});
