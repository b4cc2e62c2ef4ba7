import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MultipleErrors, NetworkError, ResponseError } from '@platformatic/kafka';
import { BadStepParameter, DrillError } from '../errors.ts';
import { describeReasons, kafkaReasons, topicNotCreated } from './kafka-error.ts';

const ILLEGAL = "Topic name is invalid: 'bad name!' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"; // as Kafka 4.3.1 words it

/** What Admin.createTopics rejects with when the broker refuses: the library's own classes, nested as it nests them. */
function refused(code: number, message: string | null): Error {
  // API key 19 is CreateTopics; the path names the topic's index in the request.
  const response = new ResponseError(19, 7, { '/topics/0': [code, message] }, {});
  return new MultipleErrors('Creating topics failed.', [response]);
}

test("Kafka's error code and message are found under the library's wrappers", () => {
  const error = refused(17, ILLEGAL);
  assert.ok(error instanceof AggregateError, 'the bare "AggregateError: Creating topics failed." of before');
  assert.deepEqual(kafkaReasons(error), [{ code: 'INVALID_TOPIC_EXCEPTION', message: ILLEGAL }]);
  // After retries the library wraps once more.
  assert.deepEqual(kafkaReasons(new MultipleErrors('Creating topics failed.', [new MultipleErrors('createTopics failed 2 times.', [refused(17, ILLEGAL), refused(17, ILLEGAL)])])), [
    { code: 'INVALID_TOPIC_EXCEPTION', message: ILLEGAL },
  ]);
  // No message from the broker: the library's description of the code.
  assert.equal(describeReasons(kafkaReasons(refused(37, null))), 'INVALID_PARTITIONS: Number of partitions is below 1.');
});

test('createTopic throws a step error naming the topic, the cluster and the reason, with the fix', () => {
  const error = topicNotCreated(refused(17, ILLEGAL), 'bad name!', 'es-src', 1, 1);
  assert.ok(error instanceof BadStepParameter);
  assert.match(error.message, /^topic "bad name!" was not created on es-src \(1 partition, replication factor 1\): INVALID_TOPIC_EXCEPTION: Topic name is invalid: 'bad name!' contains one or more characters other than ASCII alphanumerics/);
  assert.match(error.message, /what to do: name the topic with ASCII letters, digits/);
  const policy = topicNotCreated(refused(44, 'Excessively large number of partitions per request.'), 'big', 'es-src', 20_000, 1);
  assert.match(policy.message, /POLICY_VIOLATION: Excessively large number of partitions per request\.[\s\S]*fewer partitions/);
});

test('a cluster that cannot be reached is a DrillError with the network reason', () => {
  const down = new MultipleErrors('Creating topics failed.', [new NetworkError('Connection to 127.0.0.1:1 failed.', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') })]);
  const error = topicNotCreated(down, 'products', 'es-src', 1, 1);
  assert.ok(error instanceof DrillError && !(error instanceof BadStepParameter));
  assert.match(error.message, /products" was not created on es-src .*: Connection to 127\.0\.0\.1:1 failed\. \(connect ECONNREFUSED 127\.0\.0\.1:1\)/);
});
