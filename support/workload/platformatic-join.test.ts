import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MultipleErrors, ResponseError } from '@platformatic/kafka';
import { kafkaSaid } from '../kafka/kafka-error.ts';
import { joinPatiently } from './platformatic-client.ts';

/** What a JoinGroup (API key 11) answered with an error code looks like after the library's retries. */
function joinFailed(code: number): Error {
  const response = new ResponseError(11, 9, { '': [code, null] }, {});
  return new MultipleErrors('joinGroup failed 4 times.', [response, response]);
}

test('a join refused because the coordinator is still loading is tried again until it succeeds', async () => {
  let calls = 0;
  const joined = await joinPatiently(
    async () => {
      calls++;
      if (calls < 3) throw joinFailed(14); // COORDINATOR_LOAD_IN_PROGRESS
      return 'joined';
    },
    5_000,
    1,
  );
  assert.equal(joined, 'joined');
  assert.equal(calls, 3);
});

test('any other answer is thrown at once, and the message quotes Kafka', async () => {
  let calls = 0;
  await assert.rejects(
    joinPatiently(
      async () => {
        calls++;
        throw joinFailed(24); // INVALID_GROUP_ID
      },
      5_000,
      1,
    ),
    (error: unknown) => {
      assert.match(kafkaSaid(error), /^ \(Kafka said: INVALID_GROUP_ID: /);
      return true;
    },
  );
  assert.equal(calls, 1);
});

test('a coordinator that never becomes ready: the last refusal is thrown when patience runs out', async () => {
  let calls = 0;
  await assert.rejects(
    joinPatiently(
      async () => {
        calls++;
        throw joinFailed(15); // COORDINATOR_NOT_AVAILABLE
      },
      30,
      5,
    ),
    (error: unknown) => /COORDINATOR_NOT_AVAILABLE/.test(kafkaSaid(error)),
  );
  assert.ok(calls >= 2, `tried ${calls} time(s)`);
  assert.equal(kafkaSaid(new Error('connect ECONNREFUSED')), '');
});
