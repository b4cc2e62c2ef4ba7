import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namedClient } from './client-cell.ts';

const steps = (...texts: string[]) => ({ steps: texts.map((text, i) => ({ id: String(i), text, type: undefined, astNodeIds: [] })) }) as never;

test('a scenario names its client with "the apps use the … client"; others name none', () => {
  assert.equal(namedClient(steps('a source cluster "es-src" with 1 broker', 'the apps use the kafkajs client')), 'kafkajs');
  assert.equal(namedClient(steps('100 records are produced to "products" on "es-src"')), undefined);
});
