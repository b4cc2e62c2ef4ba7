import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadStepParameter } from '../errors.ts';
import { MirrorOps } from './mirror-ops.ts';

test('a deployment of 1 to 3 nodes, said once, before MM2 starts', () => {
  assert.deepEqual(MirrorOps.checkDeployment({ kind: 'connect', nodes: 3 }, undefined, false), { kind: 'connect', nodes: 3 });
  assert.throws(() => MirrorOps.checkDeployment({ kind: 'connect', nodes: 0 }, undefined, false), (e: Error) => e instanceof BadStepParameter && /0 Connect workers/.test(e.message) && /use 1 to 3/.test(e.message));
  assert.throws(() => MirrorOps.checkDeployment({ kind: 'dedicated', nodes: 4 }, undefined, false), /4 MirrorMaker 2 nodes/);
  assert.throws(() => MirrorOps.checkDeployment({ kind: 'dedicated', nodes: 2 }, { kind: 'connect', nodes: 1 }, false), /said twice/);
  assert.throws(() => MirrorOps.checkDeployment({ kind: 'connect', nodes: 1 }, undefined, true), /before "MirrorMaker 2 mirrors/);
});
