import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeature, readFeatures } from './feature-files.ts';
import { renderHandbook } from './handbook.ts';
import { anchor, behavioursOf, PAGE, renderWhatMm2Does } from './what-mm2-does.ts';

const root = join(import.meta.dirname, '..', '..');

test('docs/what-mm2-does.md is what the feature files tagged @what-mm2-does say now (npm run docs:mm2 writes it)', () => {
  const here = process.cwd();
  process.chdir(root);
  try {
    assert.equal(readFileSync(PAGE, 'utf8'), renderWhatMm2Does(behavioursOf(readFeatures('features'))), `${PAGE} is stale: run npm run docs:mm2 and commit it`);
  } finally {
    process.chdir(here);
  }
});

const text = `@what-mm2-does
Feature: MM2 keeps names
  Free text of the feature.

  Scenario: a behaviour
    What MM2 does, since 3.7.0
    (MirrorSourceTask).

    Given a source cluster "es-src" with 1 broker

  @KAFKA-1 @long
  Scenario: another behaviour
    Given a source cluster "es-src" with 1 broker
`;
const untagged = `Feature: no behaviour here

  Scenario: plain
    Given a source cluster "es-src" with 1 broker

  @what-mm2-does
  Scenario: one tagged scenario
    Given a source cluster "es-src" with 1 broker
`;

test('a tagged feature gives every scenario as a behaviour; an untagged feature only its tagged scenarios, with their tags and lines', () => {
  const found = behavioursOf([
    { uri: 'features/a.feature', doc: parseFeature(text) },
    { uri: 'features/b.feature', doc: parseFeature(untagged) },
    { uri: 'features/c.feature', doc: parseFeature('Feature: none\n\n  Scenario: x\n    Given a source cluster "es-src" with 1 broker\n') },
  ]);
  assert.deepEqual(found.map((f) => [f.uri, f.behaviours.map((b) => [b.name, b.line, b.tags])]), [
    ['features/a.feature', [['a behaviour', 5, []], ['another behaviour', 12, ['@KAFKA-1', '@long']]]],
    ['features/b.feature', [['one tagged scenario', 7, []]]],
  ]);
  const md = renderWhatMm2Does(found);
  assert.match(md, /## MM2 keeps names\n\n`features\/a\.feature`\n\nFree text of the feature\.\n\n### a behaviour\n\nWhat MM2 does, since 3\.7\.0 \(MirrorSourceTask\)\.\n\nDrill: \[`features\/a\.feature:5`\]\(\.\.\/features\/a\.feature#L5\) · `npm run drill -- features\/a\.feature:5`/);
  assert.match(md, /features\/a\.feature:12`\]\(\.\.\/features\/a\.feature#L12\) · `@KAFKA-1` `@long`/);
  assert.match(md, /- \[MM2 keeps names\]\(#mm2-keeps-names\) \(2\)/);
  assert.match(md, /3 behaviours/);
});

test('anchors are made as Markdown renderers make them', () => {
  assert.equal(anchor("Failback: a group moves to es-tgt and back, each move's flow"), 'failback-a-group-moves-to-es-tgt-and-back-each-moves-flow');
  assert.equal(anchor('MM2 es-tgt → es-src killed'), 'mm2-es-tgt--es-src-killed');
});

test('the DR handbook lists the behaviours, each linked to its scenario, with its latest result or none', () => {
  const html = renderHandbook([{ uri: 'features/a.feature', doc: parseFeature(text) }], [], 'reports/handbook');
  assert.match(html, /<h2 id="what-mm2-does">What MirrorMaker 2 does<\/h2>/);
  assert.match(html, /<a href="#([^"]+-l5)">a behaviour<\/a> <span class="small muted">not run yet<\/span>/);
  const id = /<a href="#([^"]+-l5)">a behaviour/.exec(html)![1];
  assert.match(html, new RegExp(`<h3 id="${id}">Scenario: a behaviour`));
});
