import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeature } from './feature-files.ts';
import { renderHandbook } from './handbook.ts';
import { loadRun } from './run-report.ts';

const root = join(import.meta.dirname, '..', '..');

test('the handbook renders every feature with its free text, and a scenario\'s latest result from the run', () => {
  const features = readdirSync(join(root, 'features'))
    .filter((f) => f.endsWith('.feature'))
    .map((f) => ({ uri: `features/${f}`, doc: parseFeature(readFileSync(join(root, 'features', f), 'utf8')) }));
  const run = loadRun(join(import.meta.dirname, 'fixtures', 'under-fire-run'));
  const html = renderHandbook(features, [run], 'reports/handbook');
  for (const f of features) assert.ok(html.includes(f.doc.feature!.name.replace(/'/g, '&#39;').replace(/"/g, '&quot;')), f.uri);
  assert.match(html, /producers keep writing and the/);
  // The under-fire outline shows the fixture's result, linked into the run; scenarios it did not run say so.
  assert.match(html, /<a href="[^"]*under-fire-run\/under-fire-a-data-centre[^"]*\/index\.html">the seed story under load[^<]*\(platformatic\)<\/a>/);
  assert.match(html, /Not run in any run kept/);
});
