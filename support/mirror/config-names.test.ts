import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readNamesFromJars, type ConfigNames } from './config-names.ts';

// The jars the local runtime caches (a drill fetches them); without them this test is skipped.
const jars = join(process.env.MIRRORDRILL_CACHE?.trim() || join(process.env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache'), 'mirrordrill'), 'kafka-4.3.1');
const fixture = JSON.parse(readFileSync(new URL('./fixtures/mm2-config-names-4.3.1.json', import.meta.url), 'utf8')) as ConfigNames;

test('ConfigNames.java reads from Kafka 4.3.1 jars the names of the fixture', { skip: !existsSync(join(jars, '.complete')) && `no Kafka 4.3.1 jars in ${jars}` }, async () => {
  const names = await readNamesFromJars(process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java', `${jars}/lib/*`);
  assert.deepEqual(names, fixture);
});

test('another runtime without the jars in the cache: keys go unchecked, and the answer says why', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { mirrorConfigNames } = await import('./config-names.ts');
  const cacheDir = mkdtempSync(join(tmpdir(), 'names-'));
  try {
    const answer = await mirrorConfigNames({ runtime: 'external', kafkaVersion: '4.3.1', cacheDir } as Parameters<typeof mirrorConfigNames>[0]);
    assert.equal(answer.names, undefined);
    assert.match('why' in answer ? answer.why : '', /no jars of Kafka 4\.3\.1 in .* \(the external runtime needs none\)/);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
});
