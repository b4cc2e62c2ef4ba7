import { test } from 'node:test';
import { expect } from 'chai';
import { ContractViolation, parseAppLine } from './app-contract.ts';

test('mirrordrill dialect: reads and commits', () => {
  expect(parseAppLine('{"event":"read","topic":"products","partition":2,"offset":17,"value":"{\\"mirrordrill\\":\\"r:0:2:5\\"}"}')).to.deep.equal({
    kind: 'read',
    topic: 'products',
    partition: 2,
    offset: 17,
    value: '{"mirrordrill":"r:0:2:5"}',
  });
  expect(parseAppLine('{"event":"committed","offsets":[{"topic":"products","partition":0,"offset":20}]}')).to.deep.equal({
    kind: 'committed',
    offsets: [{ topic: 'products', partition: 0, offset: 20 }],
  });
  expect(parseAppLine('{"event":"read","topic":"t","partition":0,"offset":0,"value":null}')).to.include({ value: undefined });
});

test("VerifiableConsumer's dialect, as Kafka prints it", () => {
  const record = '{"timestamp":1733500000000,"name":"record_data","key":"P01","value":"v","topic":"es-src.products","partition":0,"offset":3}';
  expect(parseAppLine(record)).to.deep.equal({ kind: 'read', topic: 'es-src.products', partition: 0, offset: 3, value: 'v' });
  const commit = '{"timestamp":1,"name":"offsets_committed","offsets":[{"topic":"t","partition":1,"offset":9}],"error":null,"success":true}';
  expect(parseAppLine(commit)).to.deep.equal({ kind: 'committed', offsets: [{ topic: 't', partition: 1, offset: 9 }] });
  const failed = '{"timestamp":1,"name":"offsets_committed","offsets":[],"error":"Commit cannot be completed","success":false}';
  expect(parseAppLine(failed)).to.deep.equal({ kind: 'commit-failed', message: 'Commit cannot be completed' });
  expect(parseAppLine('{"timestamp":1,"name":"records_consumed","count":5,"partitions":[]}')).to.deep.equal({ kind: 'other', name: 'verifiable:records_consumed' });
  expect(parseAppLine('{"timestamp":1,"name":"startup_complete"}')).to.deep.equal({ kind: 'started' });
});

test("the app's own log lines are kept, not judged", () => {
  expect(parseAppLine('--- This is the configuration for the consumer: ---')).to.deep.equal({ kind: 'log' });
  expect(parseAppLine("{'product_id': 'T1', 'description': 'Product 1'}")).to.deep.equal({ kind: 'log' });
  expect(parseAppLine('[1,2]')).to.deep.equal({ kind: 'log' });
});

test('a known event with the wrong fields is a contract violation, naming the field', () => {
  expect(() => parseAppLine('{"event":"read","topic":"t","partition":"0","offset":1}')).to.throw(ContractViolation, /"partition" must be an integer/);
  expect(() => parseAppLine('{"event":"read","partition":0,"offset":1}')).to.throw(ContractViolation, /"topic" must be a non-empty string/);
  expect(() => parseAppLine('{"event":"read","topic":"t","partition":0,"offset":-1}')).to.throw(ContractViolation, /"offset"/);
  expect(() => parseAppLine('{"event":"committed","offsets":{"t":1}}')).to.throw(ContractViolation, /"offsets" must be a list/);
  expect(() => parseAppLine('{"event":"read","topic":"t","partition":0,"offset":1,"value":{"a":1}}')).to.throw(ContractViolation, /"value" must be/);
});

test("producing apps: mirrordrill's dialect and VerifiableProducer's", () => {
  expect(parseAppLine('{"event":"produced","topic":"products","partition":1,"offset":4,"value":"7.12"}')).to.deep.equal({ kind: 'produced', topic: 'products', partition: 1, offset: 4, value: '7.12' });
  expect(parseAppLine('{"timestamp":1,"name":"producer_send_success","key":null,"value":"3.0","topic":"products","partition":0,"offset":0}')).to.deep.equal({ kind: 'produced', topic: 'products', partition: 0, offset: 0, value: '3.0' });
  expect(parseAppLine('{"timestamp":1,"name":"producer_send_error","exception":"class org.apache.kafka.common.errors.TimeoutException","message":"Expiring 1 record(s)","topic":"products","key":null,"value":"3.9"}')).to.deep.equal({ kind: 'produce-failed', value: '3.9', message: 'Expiring 1 record(s)' });
  expect(() => parseAppLine('{"event":"produced","topic":"t","partition":0,"offset":1,"value":null}')).to.throw(ContractViolation, /names the record/);
});
