import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BadStepParameter } from '../errors.ts';
import type { ConfigNames } from './config-names.ts';
import { connectorConfig } from './connect-config.ts';
import { accountLines } from './mirror-config-account.ts';
import { parseMm2Resource } from './mm2-resource.ts';
import { mapMm2Properties } from './mm2-properties-file.ts';
import { mapResource, type ScenarioCluster } from './resource-mapping.ts';

// Printed by ConfigNames.java from Kafka 4.3.1's jars (see mm2-keys.test.ts).
const names = JSON.parse(readFileSync(new URL('./fixtures/mm2-config-names-4.3.1.json', import.meta.url), 'utf8')) as ConfigNames;
const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');
const secured: ScenarioCluster[] = [
  { alias: 'es-src', brokers: 1, security: 'SCRAM-SHA-512 and mutual TLS' },
  { alias: 'es-tgt', brokers: 1, security: 'SCRAM-SHA-512 and mutual TLS' },
];
const ctx = (file: string, clusters: ScenarioCluster[] = secured) => ({ file, clusters, names, kafkaVersion: '4.3.1' });
const map = (yaml: string, clusters?: ScenarioCluster[]) => mapResource(parseMm2Resource(yaml, 'r.yml'), ctx('r.yml', clusters));

/** A v1beta2 resource with `extra` appended under the first mirror (indented to it). */
const v1beta2 = (mirror = '', spec = '', srcConfig = '') => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaMirrorMaker2
metadata:
  name: mm2
spec:
  replicas: 1
  connectCluster: es-tgt
${spec}  clusters:
    - alias: es-src
      bootstrapServers: src:9093
      config:
        ssl.endpoint.identification.algorithm: https
${srcConfig}    - alias: es-tgt
      bootstrapServers: tgt:9093
  mirrors:
    - sourceCluster: es-src
      targetCluster: es-tgt
      topicsPattern: products
      sourceConnector:
        tasksMax: 2
        config:
          replication.factor: -1
      checkpointConnector:
        config:
          sync.group.offsets.enabled: "true"
${mirror}`;

function refusedSaying(f: () => unknown, ...texts: string[]): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof BadStepParameter, String(e));
    for (const t of texts) assert.ok(e.message.includes(t), `"${t}" not in:\n${e.message}`);
    return true;
  });
}

test('the v1beta2 example: one flow on Kafka Connect, each connector with its own section', () => {
  const spec = mapResource(parseMm2Resource(example('es-to-es.yml'), 'examples/es-to-es.yml'), ctx('examples/es-to-es.yml'));
  assert.deepEqual([spec.source, spec.target, spec.topics], ['es-src', 'es-tgt', ['products']]);
  assert.deepEqual(spec.deployment, { kind: 'connect', nodes: 1 });
  assert.equal(spec.overrides['es-src->es-tgt.sync.group.offsets.enabled'], 'true');
  assert.equal(spec.overrides['es-src->es-tgt.groups'], '.*');
  // The Connect cluster's storage settings are the worker's own: top level, where they win.
  assert.equal(spec.overrides['config.storage.replication.factor'], '-1');
  assert.equal(spec.connectorOverrides?.MirrorSourceConnector?.['tasks.max'], '1');
  assert.match(spec.configuredBy!.shape, /v1beta2 shape/);
  // Nothing secret or of the user's TLS reaches MM2's settings.
  assert.ok(!Object.keys(spec.overrides).some((k) => /ssl|sasl|security|bootstrap/.test(k)), Object.keys(spec.overrides).join());
});

test('the v1 example: spec.target and mirrors[].source, its group and storage topics as the worker reads them', () => {
  const spec = mapResource(parseMm2Resource(example('es-to-es-v1.yml'), 'examples/es-to-es-v1.yml'), ctx('examples/es-to-es-v1.yml'));
  assert.match(spec.configuredBy!.shape, /v1 shape/);
  assert.equal(spec.overrides['es-tgt.group.id'], 'mm2-es-tgt');
  assert.equal(spec.overrides['config.storage.topic'], 'mm2-es-tgt-configs');
  assert.ok(spec.configuredBy!.notHonoured.some((n) => n.path === 'spec.mirrors[0].heartbeatConnector'), 'v1 has no heartbeat connector: said');
});

test('what was replaced, what is not honoured, and the drill defaults are all accounted for', () => {
  const spec = mapResource(parseMm2Resource(example('es-to-es.yml'), 'examples/es-to-es.yml'), ctx('examples/es-to-es.yml'));
  const a = spec.configuredBy!;
  const replaced = a.replaced.map((r) => r.path);
  for (const p of ['spec.version', 'spec.clusters[0].bootstrapServers', 'spec.clusters[0].tls', 'spec.clusters[0].authentication', 'spec.clusters[0].config.ssl.endpoint.identification.algorithm', 'spec.clusters[1].authentication']) {
    assert.ok(replaced.includes(p), `${p} in ${replaced.join(', ')}`);
  }
  assert.deepEqual(a.notHonoured.map((n) => n.path), ['spec.template']);
  assert.ok(a.drillDefaults.includes('emit.checkpoints.interval.seconds=1'));
  assert.ok(!a.drillDefaults.some((d) => d.startsWith('sync.group.offsets.enabled=')), 'set by the resource: not a drill default');
  const text = accountLines(a).join('\n');
  assert.match(text, /not honoured/);
  assert.doesNotMatch(text, /user\.key|es-tls-user/, 'secret names and keys are not read, so not shown');
});

test('the drill authenticating otherwise than the resource is a warning naming the step to write', () => {
  const plain = [{ alias: 'es-src', brokers: 1 }, { alias: 'es-tgt', brokers: 1 }];
  const spec = mapResource(parseMm2Resource(example('es-to-es.yml'), 'f'), ctx('f', plain));
  const w = spec.configuredBy!.warnings.find((x) => x.path === 'spec.clusters[0].authentication');
  assert.ok(w && /mutual TLS/.test(w.message), JSON.stringify(spec.configuredBy!.warnings));
});

test("a key MM2 does not define is kept with a warning; one edit from a name it defines is refused naming both", () => {
  const spec = map(v1beta2('', '', '        my.policy.filter.mode: strict\n'));
  assert.equal(spec.overrides['es-src.my.policy.filter.mode'], 'strict', 'kept as written');
  assert.ok(spec.configuredBy!.warnings.some((w) => w.path === 'spec.clusters[0].config.my.policy.filter.mode'));
  const typo = v1beta2().replace('sync.group.offsets.enabled: "true"', 'sync.group.offsets.enabled: "true"\n          offset.lag.maxx: 10');
  refusedSaying(() => map(typo), 'spec.mirrors[0].checkpointConnector.config.offset.lag.maxx', '"offset.lag.maxx" is one edit from "offset.lag.max"');
});

test('an alias the scenario has no cluster for is refused naming it and the scenario clusters', () => {
  refusedSaying(() => map(v1beta2(), [{ alias: 'es-src', brokers: 1 }, { alias: 'dr', brokers: 1 }]), 'spec.clusters[1].alias', 'no cluster "es-tgt"', '"es-src", "dr"');
});

test('a targetCluster other than connectCluster is refused at the mirror', () => {
  const yaml = v1beta2().replace('connectCluster: es-tgt', 'connectCluster: es-src');
  refusedSaying(() => map(yaml), 'spec.mirrors[0].targetCluster', 'is not spec.connectCluster');
});

test('an unknown field, a value of the wrong type and a broken pattern are refused by path', () => {
  refusedSaying(() => map(v1beta2('      topicPattern: x\n')), 'spec.mirrors[0].topicPattern', 'did you mean "topicsPattern"?');
  refusedSaying(() => map(v1beta2().replace('tasksMax: 2', 'tasksMax: many')), 'spec.mirrors[0].sourceConnector.tasksMax', 'whole number');
  refusedSaying(() => map(v1beta2().replace('topicsPattern: products', 'topicsPattern: "prod(ucts"')), 'spec.mirrors[0].topicsPattern', 'not a regular expression');
  refusedSaying(() => map(v1beta2().replace('replicas: 1', 'replicas: 5')), 'spec.replicas');
  refusedSaying(() => map(v1beta2('', '  authentication: {}\n')), 'spec.authentication', 'not a field');
  refusedSaying(() => map(v1beta2().replace('sync.group.offsets.enabled: "true"', 'sync.group.offsets.enabled: "yes"')), 'spec.mirrors[0].checkpointConnector.config.sync.group.offsets.enabled', 'MM2 refuses');
});

test("the operator's fields are named as not honoured, never dropped in silence", () => {
  const spec = map(v1beta2('', '  resources:\n    limits: { cpu: 2 }\n  metricsConfig: { type: jmxPrometheusExporter }\n  logging: { type: inline }\n'));
  assert.deepEqual(spec.configuredBy!.notHonoured.map((n) => n.path).filter((p) => p.startsWith('spec.') && !p.includes('mirrors')), ['spec.resources', 'spec.metricsConfig', 'spec.logging']);
});

test("each connector's own section reaches that connector on Connect, and only it", () => {
  const spec = map(v1beta2());
  const mm2 = { ...spec.overrides };
  const src = connectorConfig(mm2, spec, 'MirrorSourceConnector', new Set(['tasks.max']));
  const cp = connectorConfig(mm2, spec, 'MirrorCheckpointConnector', new Set(['tasks.max']));
  assert.equal(src['tasks.max'], '2');
  assert.equal(cp['tasks.max'], undefined);
  assert.equal(cp['sync.group.offsets.enabled'], 'true');
});

test('mm2.properties: its one enabled flow, addresses and TLS replaced, the rest kept; typos refused', () => {
  const spec = mapMm2Properties(example('mm2.properties'), ctx('examples/mm2.properties'));
  assert.deepEqual([spec.source, spec.target, spec.topics], ['es-src', 'es-tgt', ['products']]);
  assert.equal(spec.overrides['sync.group.offsets.enabled'], 'true');
  assert.ok(!Object.keys(spec.overrides).some((k) => /ssl|security|bootstrap|->[^.]+\.enabled$/.test(k)), Object.keys(spec.overrides).join());
  assert.ok(spec.configuredBy!.replaced.some((r) => r.path.endsWith('es-src.ssl.keystore.password') && !r.was.includes('${')), 'the password line is replaced, its value not shown');
  const base = 'clusters = es-src, es-tgt\nes-src->es-tgt.enabled = true\n';
  refusedSaying(() => mapMm2Properties(`${base}es-src->es-tgt.offset.lag.maxx = 5\n`, ctx('m')), 'm: es-src->es-tgt.offset.lag.maxx', 'one edit from');
  refusedSaying(() => mapMm2Properties('clusters = a, es-tgt\na->es-tgt.enabled = true\n', ctx('m')), 'no such cluster', '"es-src", "es-tgt"');
  refusedSaying(() => mapMm2Properties('clusters = es-src, es-tgt\n', ctx('m')), 'is true for no flow');
});

test('what the drill cannot stand in for is refused, not guessed', () => {
  const oauth = v1beta2().replace('      bootstrapServers: tgt:9093\n', '      bootstrapServers: tgt:9093\n      authentication:\n        type: oauth\n');
  refusedSaying(() => map(oauth), 'spec.clusters[1].authentication.type', 'tls, scram-sha-512');
  refusedSaying(() => map(v1beta2('', '  target:\n    alias: es-tgt\n')), 'spec.target', 'one or the other');
  const two = `${v1beta2()}    - sourceCluster: es-src\n      targetCluster: es-tgt\n`;
  refusedSaying(() => map(two), 'spec.mirrors[1]', 'one mirror per resource');
  refusedSaying(() => map('kind: KafkaConnect\nspec: {}\n'), 'kind', 'not KafkaMirrorMaker2');
  refusedSaying(() => map('spec: [\n'), 'is not YAML');
});

test("TLS, SASL and address settings in a cluster's config are replaced and accounted for, their values never shown", () => {
  const yaml = v1beta2('', '', '        sasl.jaas.config: secret-value\n        bootstrap.servers: elsewhere:9092\n');
  const spec = map(yaml);
  assert.ok(!JSON.stringify(spec.overrides).includes('secret-value'));
  const replaced = spec.configuredBy!.replaced.filter((r) => r.path.startsWith('spec.clusters[0].config.'));
  assert.deepEqual(replaced.map((r) => r.path), ['spec.clusters[0].config.ssl.endpoint.identification.algorithm', 'spec.clusters[0].config.sasl.jaas.config', 'spec.clusters[0].config.bootstrap.servers']);
  assert.ok(!accountLines(spec.configuredBy!).join('\n').includes('secret-value'), 'a secret value is never shown');
});
