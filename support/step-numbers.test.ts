import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadStepParameter } from './errors.ts';
import { INT32_MAX, RULES, wholeNumber } from './step-numbers.ts';

const refusal = (n: number, rule: (typeof RULES)[keyof typeof RULES]) => {
  try {
    wholeNumber(n, rule);
  } catch (error) {
    assert.ok(error instanceof BadStepParameter);
    return error.message;
  }
  assert.fail(`${n} was accepted`);
};

test('in range: returned as is', () => {
  assert.equal(wholeNumber(3, RULES.partitions), 3);
  assert.equal(wholeNumber(INT32_MAX, RULES.partitions), INT32_MAX);
  assert.equal(wholeNumber(0, RULES.offset), 0);
});

test("partitions past Kafka's INT32 are named as such", () => {
  assert.match(refusal(3_000_000_000, RULES.partitions), /the number of partitions 3000000000 is out of range: at most 2147483647, Kafka's limit: CreateTopics carries the partition count as an INT32/);
  assert.match(refusal(0, RULES.partitions), /the number of partitions must be 1 or more, not 0: a topic has at least 1 partition/);
  assert.match(refusal(40_000, RULES.replicationFactor), /at most 32767, Kafka's limit/);
});

test('a rate of 0 is refused with a hint about rates, not records', () => {
  const m = refusal(0, RULES.rate);
  assert.match(m, /the rate in records per second must be 1 or more, not 0: producers at 0 records\/s write nothing; to stop writing, use "When the producers stop"/);
  assert.match(m, /what to do: write, e.g., "producers write 50 records\/s"/);
  assert.doesNotMatch(m, /0 records would/);
});

test("seconds past Node's timers, counts past JavaScript's exact integers", () => {
  assert.match(refusal(3_000_000, RULES.seconds), /the number of seconds 3000000 is out of range: at most 2147483, the longest wait Node's timers take/);
  assert.match(refusal(1e20, RULES.records), /the number of records 100000000000000000000 is out of range: at most 9007199254740991, the largest whole number JavaScript counts exactly/);
  assert.match(refusal(-1, RULES.offset), /the offset must be 0 or more, not -1/);
});
