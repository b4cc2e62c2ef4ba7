import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWatch } from '../os/log-watch.ts';
import { ConfigRefusalWatch, configRefusal } from './mm2-config-refusal.ts';

// As MM2 4.3.1 logged `| emit.checkpoints.interval.seconds | -x |` (and went on running).
const REFUSAL = [
  '[2026-11-25 14:11:24,372] ERROR Failed to configure MirrorCheckpointConnector connector for es-src->es-tgt (org.apache.kafka.connect.mirror.MirrorHerder)',
  'org.apache.kafka.connect.runtime.rest.errors.BadRequestException: Connector configuration is invalid and contains the following 1 error(s):',
  'Invalid value -x for configuration emit.checkpoints.interval.seconds: Not a number of type LONG',
  'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
  '\tat org.apache.kafka.connect.runtime.AbstractHerder.maybeAddConfigErrors(AbstractHerder.java:1085) ~[connect-runtime-4.3.1.jar:?]',
  '\tat java.base/java.lang.Thread.run(Thread.java:840) [?:?]',
];
const CONFIG_DUMP = ['[2026-11-25 14:11:24,059] INFO SourceConnectorConfig values: ', '\tconfig.action.reload = restart', '\tssl.truststore.password = null', ' (org.apache.kafka.common.config.AbstractConfig)'];
const NEXT = '[2026-11-25 14:11:24,388] INFO Kafka commitId: 26b251a451ce941d (org.apache.kafka.common.utils.AppInfoParser)';

test("MM2's refusal of a connector configuration is quoted without the stack trace or the REST pointer", () => {
  assert.deepEqual(configRefusal(REFUSAL), REFUSAL.slice(0, 3));
});

test('other records are not a refusal: INFO config dumps, ERRORs about something else', () => {
  assert.equal(configRefusal(CONFIG_DUMP), undefined);
  assert.equal(configRefusal(['[2026-11-25 14:11:24,372] ERROR Failed to configure MirrorSourceConnector connector for a->b (org.apache.kafka.connect.mirror.MirrorHerder)', 'org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment.', '\tat x']), undefined);
  assert.equal(configRefusal(['[t] WARN Invalid value x for configuration y: z (c)']), undefined, 'only ERROR records');
});

test('a ConfigException behind a wrapper is found in its "Caused by" line', () => {
  const record = [
    '[t] ERROR [MirrorSourceConnector|worker] WorkerConnector{id=MirrorSourceConnector} Error while starting connector (org.apache.kafka.connect.runtime.WorkerConnector)',
    'org.apache.kafka.connect.errors.ConnectException: Failed to start',
    '\tat a.b(C.java:1)',
    'Caused by: org.apache.kafka.common.config.ConfigException: Invalid value 0 for configuration tasks.max: Value must be at least 1',
    '\t... 9 more',
  ];
  assert.deepEqual(configRefusal(record), [record[0], record[1], record[3]]);
});

const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-refusal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the watch finds the refusal in a log still being written, once its record is complete, and keeps it', () => {
  const file = join(dir, 'mm2.log');
  const watch = new ConfigRefusalWatch(new LogWatch(file));
  appendFileSync(file, `${[...CONFIG_DUMP, ...REFUSAL.slice(0, 2)].join('\n')}\n`);
  assert.equal(watch.check(), undefined, 'the record has not ended yet');
  appendFileSync(file, `${REFUSAL.slice(2).join('\n')}\n`);
  assert.deepEqual(watch.check(), REFUSAL.slice(0, 3), 'its stack trace began: the message is whole');
  appendFileSync(file, `${NEXT}\n`);
  assert.deepEqual(watch.check(), REFUSAL.slice(0, 3));
});
