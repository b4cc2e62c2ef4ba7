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
