import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceConsumerIsolation } from './source-isolation.ts';

const spec = (overrides: Record<string, string>) => ({ source: 'es-src', target: 'es-tgt', overrides });

test("MM2's source consumer reads read_uncommitted unless told otherwise (the Java consumer's default)", () => {
  assert.equal(sourceConsumerIsolation(spec({})), 'read_uncommitted');
  assert.equal(sourceConsumerIsolation(spec({ 'es-tgt.consumer.isolation.level': 'read_committed' })), 'read_uncommitted');
});

test("the source cluster's consumer setting and the flow's own, which wins", () => {
  assert.equal(sourceConsumerIsolation(spec({ 'es-src.consumer.isolation.level': 'read_committed' })), 'read_committed');
  assert.equal(
    sourceConsumerIsolation(spec({ 'es-src.consumer.isolation.level': 'read_committed', 'es-src->es-tgt.source.consumer.isolation.level': 'read_uncommitted' })),
    'read_uncommitted',
  );
});
