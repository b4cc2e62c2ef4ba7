import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nightly, previousNightly } from './nightly.ts';
import { EXIT } from './launcher.ts';

test('a sharded nightly is compared with the previous nightly of the same shard, an unsharded one with an unsharded one', () => {
  const reports = mkdtempSync(join(tmpdir(), 'mirrordrill-nightlies-'));
  const night = (name: string, shard?: string) => {
    mkdirSync(join(reports, name));
    writeFileSync(join(reports, name, 'summary.json'), JSON.stringify({ name, ...(shard ? { shard } : {}) }));
  };
  night('nightly-20261201-020000');
  night('nightly-20261202-020000', '1/2');
  night('nightly-20261202-020001', '2/2');
  night('nightly-20261203-020000', '1/2');
  assert.equal(previousNightly(reports, 'nightly-20261204-020000', '1/2'), 'nightly-20261203-020000');
  assert.equal(previousNightly(reports, 'nightly-20261204-020000', '2/2'), 'nightly-20261202-020001');
  assert.equal(previousNightly(reports, 'nightly-20261204-020000'), 'nightly-20261201-020000');
  assert.equal(previousNightly(reports, 'nightly-20261204-020000', '3/4'), undefined);
});

test('a nightly with a bad --shard is refused (exit 2) before any cell or folder', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'mirrordrill-nightlies-'));
  assert.equal(await nightly(['--shard', '0/4'], { ...process.env, MIRRORDRILL_REPORTS: reports }), EXIT.input);
});
