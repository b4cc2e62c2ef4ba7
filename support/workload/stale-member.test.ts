import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from '@platformatic/kafka';
import { leaveForStaleMember, type StaleMember } from './stale-member.ts';

const stale = (over: Partial<StaleMember> = {}): StaleMember => ({ bootstrap: [], group: 'g', memberId: 'm-1', withinMs: 5_000, stopped: () => false, ...over });

/** What a LeaveGroup (API key 13) answered with an error code looks like. */
function leaveFailed(code: number): Error {
  return new ResponseError(13, 5, { '': [code, null] }, {});
}

test('the LeaveGroup is sent again while the broker is down or the coordinator loading, until Kafka takes it', async () => {
  let calls = 0;
  const removed = await leaveForStaleMember(
    stale(),
    async () => {
      calls++;
      if (calls === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
      if (calls === 2) throw leaveFailed(14); // COORDINATOR_LOAD_IN_PROGRESS
    },
    1,
  );
  assert.equal(removed, true);
  assert.equal(calls, 3);
});

test('a member Kafka no longer knows (it expired, or its own leave arrived) ends the attempts', async () => {
  let calls = 0;
  const removed = await leaveForStaleMember(
    stale(),
    async () => {
      calls++;
      throw leaveFailed(25); // UNKNOWN_MEMBER_ID
    },
    1,
  );
  assert.deepEqual([removed, calls], [false, 1]);
});

test('a closed consumer or the end of the session timeout ends the attempts', async () => {
  let closed = false;
  let calls = 0;
  const removed = await leaveForStaleMember(
    stale({ stopped: () => closed }),
    async () => {
      if (++calls === 3) closed = true;
      throw new Error('connect ECONNREFUSED');
    },
    1,
  );
  assert.deepEqual([removed, calls], [false, 3]);
  assert.equal(await leaveForStaleMember(stale({ withinMs: 20 }), () => Promise.reject(new Error('connect ECONNREFUSED')), 5), false);
});
