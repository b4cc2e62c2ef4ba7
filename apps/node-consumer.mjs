#!/usr/bin/env node
// A stranger's app in Node: kafkajs (the repository's node_modules), no auto-commit; it commits
// what it processed every 25 records and when it stops, and reports each commit as kafkajs's
// COMMIT_OFFSETS instrumentation event gives it. Plaintext clusters only (it reads
// MIRRORDRILL_BOOTSTRAP, not the properties files).
import { Kafka, logLevel } from 'kafkajs';

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const topic = process.env.MIRRORDRILL_TOPIC;
const groupId = process.env.MIRRORDRILL_GROUP;
const limit = Number(process.env.MIRRORDRILL_MAX_RECORDS || 0);
const kafka = new Kafka({
  clientId: `stranger-${process.env.MIRRORDRILL_APP}`,
  brokers: process.env.MIRRORDRILL_BOOTSTRAP.split(','),
  logLevel: logLevel.ERROR,
  logCreator: () => ({ label, log }) => process.stderr.write(`${label} ${log.message}\n`),
});
const consumer = kafka.consumer({ groupId, sessionTimeout: 10000 });
consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) =>
  emit({ event: 'committed', offsets: payload.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) }))) }));

const pending = new Map();
let processed = 0;
let done;
const finished = new Promise((r) => (done = r));
async function commit() {
  if (!pending.size) return;
  const offsets = [...pending].map(([partition, offset]) => ({ topic, partition, offset: String(offset) }));
  pending.clear();
  await consumer.commitOffsets(offsets);
}

await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
emit({ event: 'started', group: groupId, topic });
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic: t, partition, message }) => {
    if (limit && processed >= limit) return; // fetched, never processed nor committed
    const offset = Number(message.offset);
    emit({ event: 'read', topic: t, partition, offset, value: message.value === null ? null : message.value.toString('utf8') });
    processed++;
    pending.set(partition, offset + 1);
    if (processed % 25 === 0) await commit();
    if (limit && processed >= limit) done();
  },
});
const stop = async () => {
  done();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
await finished;
await commit(); // while the group is still joined: kafkajs refuses a commit after stop()
await consumer.stop();
await consumer.disconnect();
emit({ event: 'stopped', processed });
process.exit(0);
