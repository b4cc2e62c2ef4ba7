import { test } from 'node:test';
import assert from 'node:assert/strict';
import { javaTrim, parseBoolean, parseLong } from './config-def.ts';

test('BOOLEAN: true or false in any case after trimming, nothing else', () => {
  for (const v of ['true', 'TRUE', 'True', ' true\t']) assert.equal(parseBoolean(v), true, v);
  for (const v of ['false', 'FALSE', 'fAlSe']) assert.equal(parseBoolean(v), false, v);
  for (const v of ['yes', '1', 'on', '', 'truee', 't']) assert.equal(parseBoolean(v), undefined, v);
});

test('LONG: an optional sign and digits within 64 bits, trimmed as Java trims', () => {
  assert.equal(parseLong('100'), 100n);
  assert.equal(parseLong('+7'), 7n);
  assert.equal(parseLong('-0'), 0n);
  assert.equal(parseLong(' 42\n'), 42n);
  assert.equal(parseLong('9223372036854775807'), 2n ** 63n - 1n);
  assert.equal(parseLong('-9223372036854775808'), -(2n ** 63n));
  for (const v of ['abc', '', '-', '1.5', '1e3', '0x10', '9223372036854775808', '1 000', '10L']) assert.equal(parseLong(v), undefined, v);
});

test('Java trim strips controls and spaces only, not other Unicode spaces', () => {
  assert.equal(javaTrim('\u0000 x \u001f'), 'x');
  assert.equal(javaTrim('\u00a0x'), '\u00a0x');
  assert.equal(parseLong('\u00a010'), undefined);
});
