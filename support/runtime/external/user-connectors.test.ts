import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ConfigNames } from '../../mirror/config-names.ts';
import { accountLines } from '../../mirror/mirror-config-account.ts';
import { parseMm2Resource } from '../../mirror/mm2-resource.ts';
import { mapMm2Properties } from '../../mirror/mm2-properties-file.ts';
import { mapResource, type ScenarioCluster } from '../../mirror/resource-mapping.ts';
import { knownSecrets } from '../../security/secret-values.ts';
import { parseExternalConfig } from './external-config.ts';
import { accountOnExternal, CONNECTION_KEY, connectionKeys, groupPatternsWithRunId, patternsWithRunId, refuseUserConfig, userConnectorConfig } from './user-connectors.ts';

const names = JSON.parse(readFileSync(new URL('../../mirror/fixtures/mm2-config-names-4.3.1.json', import.meta.url), 'utf8')) as ConfigNames;
const connectorNames = new Set(names.connector);
const repo = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
// The external runtime's clusters are declared without "secured with" (their security is the config file's).
const plain: ScenarioCluster[] = [
  { alias: 'es-src', brokers: 1 },
  { alias: 'es-tgt', brokers: 1 },
];
const ctx = (file: string) => ({ file, clusters: plain, names, kafkaVersion: '4.3.1' });
const labResource = () => mapResource(parseMm2Resource(repo('examples/es-to-es.yml'), 'examples/es-to-es.yml'), ctx('examples/es-to-es.yml'));

/** The compose lab's running source connector (compose/config/connectors), with a SCRAM login as a secured lab would have. */
const SECRET = 'lab-canary-password-7f3a';
const running = (): Record<string, string> => ({
  ...(JSON.parse(repo('compose/config/connectors/MirrorSourceConnector.json')) as Record<string, string>),
  'source.cluster.security.protocol': 'SASL_SSL',
  'source.cluster.sasl.mechanism': 'SCRAM-SHA-512',
  'source.cluster.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="${SECRET}";`,
  'source.cluster.ssl.truststore.location': '/etc/lab/ca.p12',
});

const labConfig = (mirror: Record<string, unknown> = { connectUrl: 'http://127.0.0.1:18083', applyScenarioSettings: true }) =>
  parseExternalConfig({ clusters: { 'es-src': { bootstrapServers: '127.0.0.1:19092' }, 'es-tgt': { bootstrapServers: '127.0.0.1:29092' } }, mirrors: [{ source: 'es-src', target: 'es-tgt', ...mirror }] } as never, 'lab.json', {});

test('connection keys: the clusters\' and their clients\' addresses, TLS and SASL settings and config providers; nothing else', () => {
  for (const k of ['source.cluster.bootstrap.servers', 'target.consumer.bootstrap.servers', 'source.admin.ssl.truststore.location', 'target.cluster.sasl.jaas.config', 'source.cluster.security.protocol', 'config.providers', 'config.providers.file.class']) {
    assert.ok(CONNECTION_KEY.test(k), k);
  }
  for (const k of ['topics', 'offset.lag.max', 'source.cluster.alias', 'target.cluster.plugin.discovery', 'source.admin.request.timeout.ms', 'replication.policy.class', 'name']) {
    assert.ok(!CONNECTION_KEY.test(k), k);
  }
});

test("the lab's resource as the compose lab's source connector: the resource's settings, the running connector's connection settings and name", () => {
  const spec = labResource();
  const config = userConnectorConfig(spec, 'MirrorSourceConnector', 'es-src->es-tgt.MirrorSourceConnector', running(), connectorNames, { source: 1, target: 1 });
  assert.equal(config.name, 'es-src->es-tgt.MirrorSourceConnector');
  assert.equal(config['connector.class'], 'org.apache.kafka.connect.mirror.MirrorSourceConnector');
  assert.equal(config.topics, 'products');
  assert.equal(config['tasks.max'], '1'); // the source connector's tasksMax
  assert.equal(config['replication.factor'], '-1'); // its own config
  assert.equal(config['sync.topic.acls.enabled'], 'false');
  assert.equal(config.groups, '.*');
  // The lab's addresses and credentials, as the running connector has them; none of the file's, no placeholder.
  assert.equal(config['source.cluster.bootstrap.servers'], 'es-src:9092');
  assert.equal(config['target.cluster.bootstrap.servers'], 'es-tgt:9092');
  assert.equal(config['source.cluster.security.protocol'], 'SASL_SSL');
  assert.match(config['source.cluster.sasl.jaas.config']!, /ScramLoginModule/);
  assert.ok(!JSON.stringify(config).includes('replaced.invalid'));
  assert.ok(!JSON.stringify(config).includes('light-es-kafka-bootstrap'));
  assert.ok(!Object.keys(config).some((k) => /ssl\.endpoint\.identification/.test(k)), 'the file\'s ssl.* setting is replaced, not kept');
  // The drill's fast defaults for what the file leaves unset (as on the other runtimes).
  assert.equal(config['refresh.topics.interval.seconds'], '1');
  // The running connector's credential is a known secret: redacted wherever the harness writes.
  assert.ok(knownSecrets().some((s) => s.includes(SECRET)));
  assert.deepEqual(connectionKeys(running()).filter((k) => k.includes('sasl')), ['source.cluster.sasl.jaas.config', 'source.cluster.sasl.mechanism']);
});

test('the checkpoint connector keeps its own section: sync.group.offsets.enabled and its tasksMax', () => {
  const spec = labResource();
  const config = userConnectorConfig(spec, 'MirrorCheckpointConnector', 'cp', running(), connectorNames, { source: 1, target: 1 });
  assert.equal(config['sync.group.offsets.enabled'], 'true');
  assert.equal(config['checkpoints.topic.replication.factor'], '-1');
  assert.equal(config.name, 'cp');
  assert.equal(config['connector.class'], 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector');
});

test('patterns carry the run id so that x-<run> passes exactly when x passes the file\'s pattern', () => {
  const name = (p: string) => `${p}-1c93bfc1`;
  assert.equal(patternsWithRunId('products', name), 'products-1c93bfc1');
  assert.equal(patternsWithRunId('products, orders.v1', name), 'products-1c93bfc1,orders.v1-1c93bfc1');
  assert.equal(patternsWithRunId('.*', name), '(?:.*)-1c93bfc1');
  assert.equal(patternsWithRunId('a|b', name), '(?:a|b)-1c93bfc1');
  const passes = (pattern: string, topic: string) => pattern.split(',').some((p) => new RegExp(`^(?:${p})$`).test(topic));
  for (const [p, x] of [['a|b', 'b'], ['prod.*', 'products'], ['.*', 'x'], ['a|b', 'c'], ['prod', 'products']] as const) {
    assert.equal(passes(patternsWithRunId(p, name), `${x}-1c93bfc1`), passes(p, x), `${p} / ${x}`);
  }
  const spec = { source: 'es-src', target: 'es-tgt', overrides: { 'es-src->es-tgt.groups': '.*', 'es-src->es-tgt.offset.lag.max': '10' } };
  assert.deepEqual(groupPatternsWithRunId(spec, name), [{ key: 'es-src->es-tgt.groups', was: '.*', now: '(?:.*)-1c93bfc1' }]);
  assert.equal(spec.overrides['es-src->es-tgt.offset.lag.max'], '10');
});

test("the account on external: connection fields are the running connectors', the Connect cluster's settings are not the file's, no advice to secure the drill's clusters", () => {
  const spec = labResource();
  assert.ok(spec.configuredBy!.warnings.some((w) => /authentication/.test(w.path)), 'on local the file\'s tls authentication against a plain cluster is a warning');
  accountOnExternal(spec.configuredBy!, spec, 'http://127.0.0.1:18083');
  const text = accountLines(spec.configuredBy!).join('\n');
  assert.match(text, /spec\.clusters\[0\]\.bootstrapServers: light-es-kafka-bootstrap\.integration\.svc:9093 → the running connectors' own at http:\/\/127\.0\.0\.1:18083/);
  assert.match(text, /spec\.clusters\[0\]\.authentication: type tls \(its secret not read\) → the running connectors' own/);
  assert.match(text, /spec\.version: 2\.6\.0 → the Kafka version the Connect cluster at http:\/\/127\.0\.0\.1:18083 runs/);
  assert.match(text, /spec\.replicas: the Connect cluster at http:\/\/127\.0\.0\.1:18083 runs with the workers it has/);
  assert.match(text, /config\.storage\.replication\.factor.*Connect worker settings/);
  assert.ok(!/the drill's cluster|secured with/.test(text), text);
  // The drill's defaults listed are those the connectors get, not the worker's it does not run.
  assert.ok(spec.configuredBy!.drillDefaults.includes('refresh.topics.interval.seconds=1'));
  assert.ok(!spec.configuredBy!.drillDefaults.some((d) => /^(offset\.storage|status\.storage|es-tgt\.offset\.flush|es-tgt\.scheduled|plugin\.discovery|es-tgt\.plugin\.discovery)/.test(d)), spec.configuredBy!.drillDefaults.join(', '));
});

test('an mm2.properties on external: its connection lines are the running connectors\', dedicated mode is not honoured', () => {
  const spec = mapMm2Properties(repo('examples/mm2.properties'), ctx('examples/mm2.properties'));
  accountOnExternal(spec.configuredBy!, spec, 'http://c:8083');
  const text = accountLines(spec.configuredBy!).join('\n');
  assert.match(text, /dedicated mode: the external runtime runs no dedicated driver/);
  assert.match(text, /examples\/mm2\.properties: es-src\.bootstrap\.servers: light-es-kafka-bootstrap\.integration\.svc:9093 → the running connectors' own at http:\/\/c:8083/);
  assert.match(text, /es-src\.ssl\.keystore\.password: your TLS\/SASL setting → the running connectors' own/);
  assert.ok(!/the drill's (cluster|own)/.test(text), text);
  const config = userConnectorConfig(spec, 'MirrorSourceConnector', 's', running(), connectorNames, { source: 1, target: 1 });
  assert.equal(config['source.cluster.bootstrap.servers'], 'es-src:9092');
  assert.ok(!Object.entries(config).some(([k, v]) => CONNECTION_KEY.test(k) && v !== running()[k]), 'every connection value is the running connector\'s');
});

test('refused on external without a Connect REST API it may change, saying what to add', () => {
  const spec = labResource();
  assert.equal(refuseUserConfig(labConfig(), spec).url, 'http://127.0.0.1:18083');
  assert.throws(() => refuseUserConfig(labConfig({}), spec), /starts no MirrorMaker 2[^]*no "connectUrl"/);
  assert.throws(() => refuseUserConfig(labConfig({ connectUrl: 'http://127.0.0.1:18083' }), spec), /does not allow the harness to change them/);
  assert.throws(() => refuseUserConfig(labConfig(), { ...spec, source: 'x' }), /declares no MirrorMaker 2 flow x → es-tgt/);
});

test('the heartbeat connector is named as Strimzi names it unless the file says otherwise', () => {
  assert.equal(labConfig().mirrors[0]!.connectors.heartbeat, 'es-src->es-tgt.MirrorHeartbeatConnector');
  assert.equal(labConfig({ connectors: { heartbeat: 'hb' } }).mirrors[0]!.connectors.heartbeat, 'hb');
});
