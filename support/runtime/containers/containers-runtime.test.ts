import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { shq } from './containers-runtime.ts';

test('shell words are quoted so that sh gives them back unchanged', () => {
  for (const word of ['plain', '/opt/kafka/libs/*', "it's", 'a b', '-Dx=$HOME', '']) {
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shq(word)}`]).toString(), word);
  }
  assert.equal(shq('/a/b.properties'), '/a/b.properties');
});

test('the containers runtime runs MM2 on Kafka Connect and on several nodes, and secured clusters', async () => {
  const { ContainersRuntime } = await import('./containers-runtime.ts');
  const { loadSettings } = await import('../../config/defaults.ts');
  const runtime = new ContainersRuntime(loadSettings({}));
  assert.ok(runtime.capabilities.has('deployments'));
  assert.ok(runtime.capabilities.has('security'));
});
