import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Checkpoint } from './checkpoint-codec.ts';
import { checkpointState, untranslatable } from './mirror-waits.ts';
import { storeOf } from './offset-sync-store.ts';

const cp = (upstreamOffset: number, downstreamOffset: number): Checkpoint => ({ group: 'g', topic: 'es-src.products', partition: 0, upstreamOffset, downstreamOffset, metadata: '' });

test('a checkpoint of the committed offset, as precise as the syncs allow, is done', () => {
  assert.equal(checkpointState(0, 750, cp(750, 663), 663), undefined);
});

test('no checkpoint, or one of an older commit that MM2 will advance, is still pending', () => {
  assert.equal(checkpointState(0, 750, undefined, 663), 'partition 0: checkpoint at none, group at 750 (the syncs MM2 keeps translate it to 663)');
  assert.equal(checkpointState(0, 750, cp(150, 1), 663), 'partition 0: checkpoint at 150 → 1, group at 750 (the syncs MM2 keeps translate it to 663)');
  assert.equal(checkpointState(0, 750, cp(150, 1), undefined), 'partition 0: checkpoint at 150 → 1, group at 750 (no offset sync yet)');
});

test('a commit below every sync MM2 keeps, never checkpointed, is done: MM2 declines to translate it and syncs only get newer', () => {
  assert.equal(checkpointState(0, 150, undefined, -1), undefined);
  // After an upstream rewind to 400, MM2 keeps only syncs from 400 on: the group at 150 gets none.
  const store = storeOf([{ upstream: 0, downstream: 0 }, { upstream: 500, downstream: 500 }, { upstream: 400, downstream: 501 }, { upstream: 450, downstream: 551 }]);
  assert.equal(store.translate(150), -1);
  assert.deepEqual(untranslatable(new Map([[1, 150]]), new Map(), () => store), [
    "partition 1: the group's commit 150 is below every offset sync MM2 keeps (at 450, 400 of the 4 it wrote): MM2 gives it no checkpoint, and a resume on the target starts at the log start",
  ]);
  // A checkpointed partition, or one the syncs translate, is not listed.
  assert.deepEqual(untranslatable(new Map([[1, 150]]), new Map([[1, cp(150, 1)]]), () => store), []);
  assert.deepEqual(untranslatable(new Map([[1, 420]]), new Map(), () => store), []);
});

test('a commit that translates to the downstream offset already checkpointed gets no checkpoint from MM2: the older one stands', () => {
  // MM2 kept no sync between 0 and 750: 150 and 750 both translate through sync 0 → 0, to 1, and
  // MirrorCheckpointTask emits a checkpoint only when the downstream offset advances.
  assert.equal(checkpointState(0, 750, cp(150, 1), 1), undefined);
  // Below every kept sync, MM2 translates nothing (-1) and emits nothing either.
  assert.equal(checkpointState(0, 750, cp(150, 1), -1), undefined);
});

test('a checkpoint of the committed offset that the syncs would translate further is pending', () => {
  assert.equal(checkpointState(0, 750, cp(750, 1), 663), 'partition 0: checkpoint 750 → 1, the offset syncs MM2 wrote translate it to 663');
});

test('when MM2 syncs group offsets, the target group must hold the checkpoint, the older one included', () => {
  assert.equal(checkpointState(0, 750, cp(750, 663), 663, new Map([[0, 401]])), 'partition 0: target group at 401, checkpoint says 663');
  assert.equal(checkpointState(0, 750, cp(150, 1), 1, new Map()), 'partition 0: target group at none, checkpoint says 1');
  assert.equal(checkpointState(0, 750, cp(150, 1), 1, new Map([[0, 1]])), undefined);
});

test('a group that kept committing past the wait\'s start is done once MM2 checkpointed a later commit (and synced at least what was wanted)', () => {
  assert.equal(checkpointState(0, 301, cp(5700, 5610), 1), undefined);
  assert.equal(checkpointState(0, 301, cp(5700, 5610), 1, new Map([[0, 5610]])), undefined);
  assert.equal(checkpointState(0, 301, cp(5700, 5610), 250, new Map()), "partition 0: target group at none, MM2's checkpoint of a later commit says 5610");
});

test('mirrored is judged by the offset sync of the source\'s last record and where its copy is, not by comparing the logs\' offsets', async () => {
  const { mirroredState } = await import('./mirror-waits.ts');
  // The source: 100 committed records in transactions of 10, 30 aborted, 40 committed: last record at 139, end 141.
  const last = { partition: 0, last: { offset: 139 } };
  assert.equal(mirroredState({ partition: 0 }, undefined, undefined), undefined);
  assert.match(mirroredState(last, { upstream: 120, downstream: 90 }, 110)!, /latest offset sync at 120, the source's last record at 139/);
  assert.match(mirroredState(last, undefined, 110)!, /latest offset sync at none/);
  // The copy of 139 is at 108 on the target, whose commit marker is at 109: readable once its end passed 108.
  assert.match(mirroredState(last, { upstream: 139, downstream: 108 }, 108)!, /the copy of 139 at 108 is not readable on the target yet \(end 108\)/);
  assert.equal(mirroredState(last, { upstream: 139, downstream: 108 }, 110), undefined);
  // Producers went on: a later sync and a later end still say the last record seen is there.
  assert.equal(mirroredState(last, { upstream: 180, downstream: 150 }, 160), undefined);
});

test('a target group already past the checkpoint satisfies the wait, and is said to be ahead (MM2 never moves a group back)', async () => {
  const { checkpointState, aheadOfCheckpoint } = await import('./mirror-waits.ts');
  const c = { group: 'g', topic: 'es-src.products', partition: 0, upstreamOffset: 20, downstreamOffset: 1, metadata: '' };
  assert.equal(checkpointState(0, 20, c, 1, new Map([[0, 31]])), undefined);
  assert.match(checkpointState(0, 20, c, 1, new Map([[0, 0]]))!, /target group at 0, checkpoint says 1/);
  assert.deepEqual(aheadOfCheckpoint(new Map([[0, c]]), new Map([[0, 31]]), 'es-tgt'), ["partition 0: the group is already at 31 on es-tgt, past MM2's checkpoint 20 → 1; MM2 does not move a group back"]);
  assert.deepEqual(aheadOfCheckpoint(new Map([[0, c]]), new Map([[0, 1]]), 'es-tgt'), []);
});

test('after the source offset is set back, MM2 has copied again once its latest sync lies past the one before the reset, the rewind sync included', async () => {
  const { copiedAgainState } = await import('./mirror-waits.ts');
  const before = { upstream: 199, downstream: 199 };
  // Still the sync of the first copy: a mirrored wait would pass on it before anything is copied again.
  assert.equal(copiedAgainState(before, before), 'latest offset sync 199 → 199, as before the reset (199 → 199)');
  // The rewind's own sync (upstream back at 100) and the copy's last one both lie further downstream.
  assert.equal(copiedAgainState({ upstream: 100, downstream: 200 }, before), undefined);
  assert.equal(copiedAgainState({ upstream: 199, downstream: 299 }, before), undefined);
});

test('a commit on a partition the source holds no record of, with no offset sync and no checkpoint, is done: MM2 has nothing to translate it through', async () => {
  const { nothingToTranslate } = await import('./mirror-waits.ts');
  const empty = new Set([1]);
  assert.equal(nothingToTranslate(1, undefined, undefined, empty), true);
  // A partition with records MM2 has not synced yet is still pending.
  assert.equal(nothingToTranslate(0, undefined, undefined, empty), false);
  // Once MM2 synced or checkpointed it (records arrived), the usual rules apply.
  assert.equal(nothingToTranslate(1, undefined, 0, empty), false);
  assert.equal(nothingToTranslate(1, { group: 'g', topic: 't', partition: 1, upstreamOffset: 0, downstreamOffset: 0, metadata: '' }, undefined, empty), false);
});
