import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrerequisiteMissing } from '../errors.ts';
import { loadSettings } from '../config/defaults.ts';
import { loggingBackendOf, mavenAvailable, resolveDistribution, resolveJava } from './kafka-distribution.ts';

test('a missing java says so, with the fix', async () => {
  await assert.rejects(resolveJava('4.3.1', { JAVA_HOME: '/nonexistent/jdk' }), (error: unknown) => {
    assert.ok(error instanceof PrerequisiteMissing);
    assert.match(error.message, /java was not found \(looked for "\/nonexistent\/jdk\/bin\/java"\)/);
    assert.match(error.message, /what to do: install a JDK 17\+/);
    return true;
  });
});

test('a missing mvn says so, with the fix', async () => {
  await assert.rejects(mavenAvailable({ PATH: '/nonexistent' }), (error: unknown) => {
    assert.ok(error instanceof PrerequisiteMissing);
    assert.match(error.message, /mvn \(Apache Maven\) was not found/);
    assert.match(error.message, /apt-get install maven.*or set KAFKA_HOME/);
    return true;
  });
});

test('KAFKA_HOME that is not a distribution is refused by name', async () => {
  const home = mkdtempSync(join(tmpdir(), 'not-kafka-'));
  const settings = { ...loadSettings({}), kafkaHome: home };
  await assert.rejects(resolveDistribution(settings), /KAFKA_HOME=".*" is not an unpacked Kafka distribution/);
});

test('Kafka 4 logs through log4j2, 3.x through reload4j', () => {
  assert.equal(loggingBackendOf('4.3.1'), 'log4j2');
  assert.equal(loggingBackendOf('3.9.2'), 'reload4j');
});
