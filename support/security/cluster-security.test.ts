import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretKey, redactProperties } from '../config/secrets.ts';
import { brokerProperties, type BrokerAddress } from '../runtime/broker-properties.ts';
import { mm2Properties } from '../mirror/mm2-properties.ts';
import { javaClientProperties, kafkajsSecurity, platformaticSecurity, type ClientSecurity } from './cluster-security.ts';
import { securityRefusal } from './client-refusal.ts';

const scram: ClientSecurity = { protocol: 'SASL_SSL', caPem: 'CA', caFile: '/p/ca.pem', caName: "es-src's CA", scram: { username: 'app', password: 'pw-123456' } };
const mtls: ClientSecurity = {
  protocol: 'SSL',
  caPem: 'CA',
  caFile: '/p/ca.pem',
  caName: "es-src's CA",
  identity: { name: 'mm2', certPem: 'CERT', keyPem: 'KEY', password: 'kp-123456', keystoreFile: '/p/mm2.keystore.pem' },
};

test('Java clients: SCRAM-SHA-512 over TLS, or a client certificate; every credential redacted in the report copy', () => {
  const s = javaClientProperties(scram);
  assert.equal(s['security.protocol'], 'SASL_SSL');
  assert.equal(s['sasl.mechanism'], 'SCRAM-SHA-512');
  assert.match(String(s['sasl.jaas.config']), /ScramLoginModule required username="app" password="pw-123456";/);
  const m = javaClientProperties(mtls);
  assert.deepEqual(m, {
    'security.protocol': 'SSL',
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': '/p/ca.pem',
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': '/p/mm2.keystore.pem',
    'ssl.key.password': 'kp-123456',
  });
  const shown = JSON.stringify([redactProperties(s), redactProperties(m)]);
  assert.doesNotMatch(shown, /pw-123456|kp-123456/);
  for (const k of ['ssl.key.password', 'ssl.keystore.password', 'ssl.truststore.password', 'sasl.jaas.config', 'ssl.keystore.key', 'es-src.sasl.jaas.config']) assert.ok(isSecretKey(k), k);
  for (const k of ['ssl.keystore.location', 'ssl.truststore.location', 'security.protocol']) assert.ok(!isSecretKey(k), k);
});

test('Node clients get the CA, and SCRAM or the client certificate', () => {
  assert.deepEqual(platformaticSecurity(scram), { tls: { ca: ['CA'] }, sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: 'pw-123456' } });
  assert.deepEqual(kafkajsSecurity(mtls), { ssl: { ca: ['CA'], cert: 'CERT', key: 'KEY', passphrase: 'kp-123456' } });
  assert.deepEqual(platformaticSecurity(undefined), {});
});

test("a secured broker: PLAINTEXT stays inter-broker, apps on CLIENT, MM2 on its own MIRROR listener (the lab's split)", () => {
  const node: BrokerAddress = { nodeId: 1, host: '127.0.0.1', port: 1, controllerPort: 2, client: { port: 3 }, mirror: { port: 4, advertised: '127.0.0.1:5' } };
  const p = brokerProperties(node, [node], '/d', { listeners: { apps: 'SASL_SSL', mirror: 'SSL' }, properties: { 'listener.name.mirror.ssl.client.auth': 'required' } });
  assert.equal(p.listeners, 'PLAINTEXT://127.0.0.1:1,CONTROLLER://127.0.0.1:2,CLIENT://127.0.0.1:3,MIRROR://127.0.0.1:4');
  assert.equal(p['advertised.listeners'], 'PLAINTEXT://127.0.0.1:1,CLIENT://127.0.0.1:3,MIRROR://127.0.0.1:5');
  assert.equal(p['listener.security.protocol.map'], 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,CLIENT:SASL_SSL,MIRROR:SSL');
  assert.equal(p['inter.broker.listener.name'], 'PLAINTEXT');
  assert.equal(p['listener.name.mirror.ssl.client.auth'], 'required');
  const plain = brokerProperties({ ...node, client: undefined, mirror: undefined }, [node], '/d');
  assert.equal(plain.listeners, 'PLAINTEXT://127.0.0.1:1,CONTROLLER://127.0.0.1:2');
  assert.equal(plain['listener.security.protocol.map'], 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT');
});

test("MM2: each alias gets its own cluster's client security; a scenario's row wins", () => {
  const spec = { source: 'es-src', target: 'es-tgt', topics: ['products'], overrides: { 'es-src.sasl.jaas.config': 'wrong' } };
  const p = mm2Properties(spec, { alias: 'es-src', bootstrapServers: ['a:1'], brokers: 1, clientProperties: javaClientProperties(scram) }, { alias: 'es-tgt', bootstrapServers: ['b:1'], brokers: 1, clientProperties: javaClientProperties(mtls) });
  assert.equal(p['es-src.security.protocol'], 'SASL_SSL');
  assert.equal(p['es-src.sasl.jaas.config'], 'wrong');
  assert.equal(p['es-tgt.security.protocol'], 'SSL');
  assert.equal(p['es-tgt.ssl.keystore.location'], '/p/mm2.keystore.pem');
  assert.equal(p['security.protocol'], undefined);
});

test('a TLS error buried in retry errors is dug out and names the cluster and the CA trusted', () => {
  const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  const wrapped = Object.assign(new Error('Cannot connect to any broker.'), { errors: [new Error('Connection failed', { cause: tls })] });
  const e = securityRefusal(wrapped, 'es-src', 'group "g"', { ...scram, caName: 'a CA no cluster of the scenario uses' });
  assert.ok(e);
  assert.match(e.message, /^TLS with es-src failed for group "g": self-signed certificate in certificate chain \(SELF_SIGNED_CERT_IN_CHAIN\); it trusted a CA no cluster/);
  assert.equal(securityRefusal(new Error('Connection refused'), 'es-src', 'g', scram), undefined);
  assert.equal(securityRefusal(wrapped, 'es-src', 'g', undefined), undefined);
});

test('an unknown security mode is refused naming the forms that exist', async () => {
  const { securityMode } = await import('./cluster-security.ts');
  assert.equal(securityMode('SCRAM-SHA-512 and mutual TLS'), 'SCRAM-SHA-512 and mutual TLS');
  assert.throws(() => securityMode('SCRAM-SHA-256'), /cannot be secured with "SCRAM-SHA-256"[\s\S]*"secured with SCRAM-SHA-512"/);
});
