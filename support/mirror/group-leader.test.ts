import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupLeaderWatch, leaderOf, takenOver, assignedSoFar } from './group-leader.ts';

// Lines as a 4.3.1 Connect worker writes them (ids shortened).
const joined = (gen: number, me: string) =>
  `[2026-12-02 05:47:25,758] INFO [Worker clientId=connect-127.0.0.1:41165, groupId=mirrormaker2-cluster] Successfully joined group with generation Generation{generationId=${gen}, memberId='${me}', protocol='sessioned'} (org.apache.kafka.connect.runtime.distributed.WorkerCoordinator)\n`;
const assigned = (gen: number, leader: string, connectors: string, tasks: string) =>
  `[2026-12-02 05:47:25,777] INFO [Worker clientId=connect-127.0.0.1:41165, groupId=mirrormaker2-cluster] Joined group at generation ${gen} with protocol version 2 and got assignment: Assignment{error=0, leader='${leader}', leaderUrl='http://127.0.0.1:41165/', offset=2, connectorIds=[${connectors}], taskIds=[${tasks}], revokedConnectorIds=[], revokedTaskIds=[], delay=0} with rebalance delay: 0 (org.apache.kafka.connect.runtime.distributed.DistributedHerder)\n`;

function log(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'leader-')), 'node.log');
  appendFileSync(file, text);
  return file;
}

test("a worker's view: its member id and the leader of the same generation, and what it runs", () => {
  const file = log(joined(1, 'a') + assigned(1, 'a', 'MirrorSourceConnector', ''));
  const watch = new GroupLeaderWatch(file);
  assert.deepEqual(watch.view(), { generation: 1, memberId: 'a', leader: 'a', connectors: ['MirrorSourceConnector'], tasks: [] });
  appendFileSync(file, joined(2, 'a') + assigned(2, 'b', 'MirrorSourceConnector, MirrorHeartbeatConnector', 'MirrorSourceConnector-0'));
  assert.deepEqual(watch.view(), { generation: 2, memberId: 'a', leader: 'b', connectors: ['MirrorSourceConnector', 'MirrorHeartbeatConnector'], tasks: ['MirrorSourceConnector-0'] });
});

test('the leader is the running node whose member id leads the newest generation', () => {
  const v = (generation: number, memberId: string, leader: string) => ({ generation, memberId, leader, connectors: [], tasks: [] });
  assert.equal(leaderOf([{ index: 1, running: true, view: v(3, 'a', 'b') }, { index: 2, running: true, view: v(3, 'b', 'b') }]), 2);
  assert.equal(leaderOf([{ index: 1, running: true, view: v(4, 'a', 'a') }, { index: 2, running: true, view: v(3, 'b', 'b') }]), 1);
  assert.equal(leaderOf([{ index: 1, running: true, view: v(3, 'a', 'b') }, { index: 2, running: false, view: v(3, 'b', 'b') }]), undefined, 'a dead leader leads no one');
});

test('taken over: every running node at the newest generation, a live leader, everything the nodes ran before assigned', () => {
  const v = (generation: number, memberId: string, leader: string, connectors: string[], tasks: string[]) => ({ generation, memberId, leader, connectors, tasks });
  const before = [
    { index: 1, running: false, view: v(5, 'a', 'a', ['MirrorSourceConnector'], ['MirrorSourceConnector-0']) },
    { index: 2, running: true, view: v(5, 'b', 'a', ['MirrorCheckpointConnector'], ['MirrorHeartbeatConnector-0']) },
  ];
  const expected = assignedSoFar(before);
  assert.match(String(takenOver(before, expected)), /no running node leads/);
  const after = [before[0]!, { index: 2, running: true, view: v(6, 'b', 'b', ['MirrorCheckpointConnector'], ['MirrorHeartbeatConnector-0']) }];
  assert.match(String(takenOver(after, expected)), /nobody runs MirrorSourceConnector, MirrorSourceConnector-0/);
  const done = [before[0]!, { index: 2, running: true, view: v(7, 'b', 'b', ['MirrorCheckpointConnector', 'MirrorSourceConnector'], ['MirrorHeartbeatConnector-0', 'MirrorSourceConnector-0']) }];
  assert.equal(takenOver(done, expected), true);
});
