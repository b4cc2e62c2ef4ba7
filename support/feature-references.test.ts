/**
 * `features/<file>.feature:LINE` written in the benchmarks, scripts and docs selects one scenario
 * or Examples row; an edit above it (a tag, an Examples table split in two) moves the line, and
 * the reference then selects nothing (the run stops with exit 2) or another row. Each must start
 * a Scenario, a Scenario Outline or an Examples row, the lines Cucumber's `path:LINE` selects by.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

const SOURCES = ['README.md', 'package.json', 'docs/*.md', 'bench/*.ts', 'scripts/*', '.ci/*'];

/** The lines of a feature file that `path:LINE` selects by. */
function selectableLines(file: string): Set<number> {
  const doc = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(readFileSync(file, 'utf8'));
  const lines = new Set<number>();
  const children = (doc.feature?.children ?? []).flatMap((c) => (c.rule ? c.rule.children : [c]));
  for (const { scenario } of children) {
    if (!scenario) continue;
    lines.add(scenario.location.line);
    for (const examples of scenario.examples) for (const row of examples.tableBody) lines.add(row.location.line);
  }
  return lines;
}

test('every features/<file>.feature:LINE in the benchmarks, scripts and docs starts a scenario or an Examples row', () => {
  const files = SOURCES.flatMap((pattern) => globSync(pattern)).sort();
  const byFeature = new Map<string, Set<number>>();
  const wrong: string[] = [];
  let seen = 0;
  for (const source of files) {
    const text = readFileSync(source, 'utf8');
    for (const m of text.matchAll(/(features\/[\w.-]+\.feature):(\d+)/g)) {
      seen++;
      const [, feature, line] = m;
      const at = `${source}:${text.slice(0, m.index).split('\n').length}`;
      if (!existsSync(feature!)) {
        wrong.push(`${at}: ${m[0]}: no such file`);
        continue;
      }
      if (!byFeature.has(feature!)) byFeature.set(feature!, selectableLines(feature!));
      const lines = byFeature.get(feature!)!;
      if (!lines.has(Number(line))) wrong.push(`${at}: ${m[0]} starts no Scenario or Examples row (they start at ${[...lines].sort((a, b) => a - b).join(', ')})`);
    }
  }
  assert.ok(seen > 5, `found ${seen} references: the pattern or the sources are wrong`);
  assert.deepEqual(wrong, []);
});
