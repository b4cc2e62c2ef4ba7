import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthFailureWatch, authFailure } from './mm2-auth-failure.ts';

// As MM2 4.3.1 logged a wrong SCRAM password for es-src (negative-controls-security.feature).
const SCRAM = '[2026-12-02 05:54:38,209] ERROR [AdminClient clientId=es-src->es-tgt|MirrorSourceConnector|replication-source-admin] Connection to node -1 (localhost/127.0.0.1:39567) failed authentication due to: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (org.apache.kafka.clients.NetworkClient)';

test('a refused SCRAM password is an authentication failure, with the broker address', () => {
  assert.deepEqual(authFailure(SCRAM), { line: SCRAM, address: '127.0.0.1:39567' });
});

test('refused or untrusted certificates are authentication failures', () => {
  assert.ok(authFailure('Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target'));
  assert.ok(authFailure('[x] WARN [Producer clientId=p] Connection to node 1 (/127.0.0.1:4000) failed authentication due to: SSL handshake failed (org.apache.kafka.clients.NetworkClient) Received fatal alert: bad_certificate'));
});

test('a broker that died mid-handshake, or a refused connection, is not', () => {
  assert.equal(authFailure('javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake'), undefined);
  assert.equal(authFailure('[x] WARN [AdminClient clientId=a] Connection to node 1 (/127.0.0.1:4000) could not be established. Node may not be available.'), undefined);
  assert.equal(authFailure('\tat org.apache.kafka.common.security.authenticator.SaslClientAuthenticator.handleSaslAuthenticateResponse(SaslClientAuthenticator.java:1)'), undefined);
});

test('a refusal with no broker address waits for the line naming the broker, and stands alone only after the grace', () => {
  const lines: string[][] = [
    ['ERROR org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512'],
    [],
    ['WARN [AdminClient clientId=x] Connection to node -1 (/127.0.0.1:40215) failed authentication due to: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (org.apache.kafka.clients.NetworkClient)'],
  ];
  const watch = new AuthFailureWatch({ newLines: () => lines.shift() ?? [] }, 5_000);
  assert.equal(watch.check(1_000), undefined, 'no address yet: keep waiting');
  assert.equal(watch.check(2_000), undefined);
  assert.equal(watch.check(3_000)?.address, '127.0.0.1:40215');

  const alone = new AuthFailureWatch({ newLines: () => ['SaslAuthenticationException: Authentication failed'] }, 5_000);
  assert.equal(alone.check(0), undefined);
  assert.match(alone.check(5_000)?.line ?? '', /Authentication failed/);
});
