import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../errors.ts';
import { DEFAULTS, loadSettings } from './defaults.ts';

test('defaults apply when nothing is set', () => {
  const s = loadSettings({ HOME: '/home/u' });
  assert.equal(s.kafkaVersion, DEFAULTS.kafkaVersion);
  assert.equal(s.kafkaHome, undefined);
  assert.equal(s.jvmHeap, DEFAULTS.jvmHeap);
});

test('a bad version names the variable and says what to write', () => {
  assert.throws(() => loadSettings({ MIRRORDRILL_KAFKA_VERSION: '4.x' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /MIRRORDRILL_KAFKA_VERSION="4.x" is not a Kafka release number/);
    assert.match(e.message, /what to do: set it to a release such as/);
    return true;
  });
  assert.throws(() => loadSettings({ MIRRORDRILL_KAFKA_VERSION: '2.8.1' }), /too old/);
  assert.throws(() => loadSettings({ MIRRORDRILL_JVM_HEAP: 'lots' }), /MIRRORDRILL_JVM_HEAP="lots" is not a heap size/);
});

test('the runtime is local unless MIRRORDRILL_RUNTIME names another', () => {
  assert.equal(loadSettings({}).runtime, 'local');
  assert.equal(loadSettings({ MIRRORDRILL_RUNTIME: 'containers' }).runtime, 'containers');
  assert.throws(() => loadSettings({ MIRRORDRILL_RUNTIME: 'docker' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /MIRRORDRILL_RUNTIME="docker" is not a runtime mirrordrill has/);
    assert.match(e.message, /one of local, containers/);
    return true;
  });
});

test('MIRRORDRILL_MM2_VERSION runs another release\'s MM2 beside the brokers: local only, 3.4.1 or newer', async () => {
  const { mirrorSettings } = await import('./defaults.ts');
  const s = loadSettings({ MIRRORDRILL_MM2_VERSION: '3.6.2' });
  assert.equal(s.mm2Version, '3.6.2');
  assert.equal(s.kafkaVersion, DEFAULTS.kafkaVersion);
  assert.equal(mirrorSettings(s).kafkaVersion, '3.6.2');
  const plain = loadSettings({});
  assert.equal(mirrorSettings(plain), plain, 'unset, MM2 runs the brokers\' release: the same settings');
  assert.equal(loadSettings({}).mm2Version, DEFAULTS.kafkaVersion);
  assert.throws(() => loadSettings({ MIRRORDRILL_MM2_VERSION: '3.4.0' }), /MirrorMaker 2 3.4.0 is older than mirrordrill can drive[\s\S]*3.4.1 or newer/);
  assert.throws(() => loadSettings({ MIRRORDRILL_MM2_VERSION: '3.6' }), /MIRRORDRILL_MM2_VERSION="3.6" is not a Kafka release number/);
  assert.throws(() => loadSettings({ MIRRORDRILL_MM2_VERSION: '3.6.2', MIRRORDRILL_RUNTIME: 'containers' }), /runs only on the local runtime, not on containers/);
});
