import { test } from 'node:test';
import { expect } from 'chai';
import { javaProperties, librdkafkaProperties } from './client-properties.ts';
import type { ClientSecurity } from '../security/cluster-security.ts';

const pem = { ca: '/p/ca.pem', cert: '/p/client.crt', key: '/p/client.key' };
const scram: ClientSecurity = { protocol: 'SASL_SSL', caPem: 'CA', caFile: '/c/ca.crt', caName: "es-src's CA", scram: { username: 'app', password: 's3cret' } };
const mtls: ClientSecurity = {
  protocol: 'SSL',
  caPem: 'CA',
  caFile: '/c/ca.crt',
  caName: "es-src's CA",
  identity: { name: 'es-src-app', certPem: 'CERT', keyPem: 'KEY', password: 'kp', keystoreFile: '/c/es-src-app.keystore.pem' },
};

test('a plaintext cluster: the bootstrap servers alone, in both dialects', () => {
  expect(javaProperties(['127.0.0.1:9092', '127.0.0.1:9093'], undefined)).to.deep.equal({ 'bootstrap.servers': '127.0.0.1:9092,127.0.0.1:9093' });
  expect(librdkafkaProperties(['127.0.0.1:9092'], undefined, pem)).to.deep.equal({ 'bootstrap.servers': '127.0.0.1:9092' });
});

test("SCRAM-SHA-512 over TLS in librdkafka's words and Java's", () => {
  expect(librdkafkaProperties(['h:1'], scram, pem)).to.deep.equal({
    'bootstrap.servers': 'h:1',
    'security.protocol': 'sasl_ssl',
    'ssl.ca.location': '/p/ca.pem',
    'sasl.mechanisms': 'SCRAM-SHA-512',
    'sasl.username': 'app',
    'sasl.password': 's3cret',
  });
  const java = javaProperties(['h:1'], scram);
  expect(java).to.include({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/c/ca.crt' });
  expect(String(java['sasl.jaas.config'])).to.match(/ScramLoginModule required username="app" password="s3cret";/);
});

test('mutual TLS: PEM files by path for librdkafka, a PEM keystore for Java', () => {
  expect(librdkafkaProperties(['h:1'], mtls, pem)).to.deep.equal({
    'bootstrap.servers': 'h:1',
    'security.protocol': 'ssl',
    'ssl.ca.location': '/p/ca.pem',
    'ssl.certificate.location': '/p/client.crt',
    'ssl.key.location': '/p/client.key',
    'ssl.key.password': 'kp',
  });
  expect(javaProperties(['h:1'], mtls)).to.include({ 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': '/c/es-src-app.keystore.pem', 'ssl.key.password': 'kp' });
});
