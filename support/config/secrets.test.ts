import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../errors.ts';
import { hasSecrets, interpolate, isSecretKey, REDACTED, redactLogText, redactProperties, redactText } from './secrets.ts';

test('credentials are recognised by key', () => {
  for (const k of ['es-src.sasl.jaas.config', 'ssl.keystore.password', 'ssl.key.password', 'es-tgt.ssl.truststore.password', 'basic.auth.user.info.secret', 'ssl.key']) {
    assert.ok(isSecretKey(k), k);
  }
  for (const k of ['offset.lag.max', 'sync.group.offsets.enabled', 'es-src.security.protocol', 'key.converter']) assert.ok(!isSecretKey(k), k);
});

test('${VAR} comes from the environment; an unset one is named, never empty', () => {
  assert.equal(interpolate('user="u" password="${PW}";', 'x', { PW: 's3cret' }), 'user="u" password="s3cret";');
  assert.throws(() => interpolate('${MISSING_PW}', 'MM2 property "a.b"', {}), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /MM2 property "a.b" refers to \$\{MISSING_PW\}, which is not set/);
    assert.match(e.message, /export MISSING_PW=/);
    return true;
  });
});

test('reports keep the key and lose the value', () => {
  const props = { 'es-src.sasl.jaas.config': 'org.apache… password="s3cret";', 'offset.lag.max': 10 };
  assert.deepEqual(redactProperties(props), { 'es-src.sasl.jaas.config': REDACTED, 'offset.lag.max': 10 });
  assert.ok(hasSecrets(props));
  assert.equal(redactText('auth failed for password s3cret', ['s3cret']), `auth failed for password ${REDACTED}`);
});

test('log text for reports: secret-looking keys lose their value, and so do JAAS passwords', () => {
  const log = [
    '\tsasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="s3cret-pw";',
    '\tssl.truststore.password = [hidden]',
    'es-src.ssl.key.password=kp-123 offset.lag.max=10',
    'INFO Starting MirrorMaker 2 (offset.lag.max: 100)',
  ].join('\n');
  const out = redactLogText(log);
  assert.doesNotMatch(out, /s3cret-pw|kp-123/);
  assert.match(out, /sasl\.jaas\.config = \[redacted\]/);
  assert.match(out, /ssl\.truststore\.password = \[hidden\]/);
  assert.match(out, /offset\.lag\.max=10/);
  assert.match(out, /offset\.lag\.max: 100/);
});
