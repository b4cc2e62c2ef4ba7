import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MirrorConfigRefused } from './errors.ts';
import type { Runtime, StartedMirror } from './runtime/runtime.ts';
import { Topology } from './topology.ts';

const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-topology-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function mirror(logFile: string, overrides: Record<string, string>): StartedMirror {
  return {
    spec: { source: 'es-src', target: 'es-tgt', topics: ['products'], overrides },
    properties: {},
    logFile,
    running: true,
    describeExit: () => 'is running',
    stop: async () => undefined,
    kill: async () => undefined,
    pause: () => undefined,
    resume: () => undefined,
    restart: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  };
}

test('an MM2 that runs but refused its configuration ends the wait, quoting its error, the override to fix and the log', () => {
  const log = join(dir, 'mm2.log');
  const secret = 'org.apache.kafka.common.security.plain.PlainLoginModule required password="hunter2-secret";';
  writeFileSync(log, '[t] INFO Kafka MirrorMaker starting with 1 herders. (org.apache.kafka.connect.mirror.MirrorMaker)\n');
  const topology = new Topology({} as Runtime, dir);
  const m = mirror(log, { 'es-src->es-tgt.emit.checkpoints.interval.seconds': '-x', 'es-src.sasl.jaas.config': secret });
  assert.equal(topology.mirrorDied(m), undefined, 'nothing refused yet');
  writeFileSync(
    log,
    [
      '[t] ERROR Failed to configure MirrorCheckpointConnector connector for es-src->es-tgt (org.apache.kafka.connect.mirror.MirrorHerder)',
      'org.apache.kafka.connect.runtime.rest.errors.BadRequestException: Connector configuration is invalid and contains the following 2 error(s):',
      'Invalid value -x for configuration emit.checkpoints.interval.seconds: Not a number of type LONG',
      `Invalid value ${secret} for configuration source.cluster.sasl.jaas.config: made up to test redaction`,
      '\tat org.apache.kafka.connect.runtime.AbstractHerder.maybeAddConfigErrors(AbstractHerder.java:1085)',
      '',
    ].join('\n'),
    { flag: 'a' },
  );
  const error = topology.mirrorDied(m);
  assert.ok(error instanceof MirrorConfigRefused);
  assert.match(error.message, /MM2 es-src → es-tgt refused its configuration:/);
  assert.match(error.message, /Invalid value -x for configuration emit\.checkpoints\.interval\.seconds: Not a number of type LONG/);
  assert.match(error.message, /give "es-src->es-tgt\.emit\.checkpoints\.interval\.seconds" in the step's table a value MM2 accepts/);
  assert.match(error.message, new RegExp(`see: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.doesNotMatch(error.message, /hunter2/);
  assert.match(error.message, /Invalid value \[redacted\] for configuration source\.cluster\.sasl\.jaas\.config/);
});
