/**
 * The JUnit XML a run leaves (Cucumber's junit formatter, wrapped by the launcher) has the shape
 * of the common JUnit schema (Ant's junit.xsd, which Jenkins, GitLab and Azure read):
 * testsuites > testsuite > testcase > failure | error | skipped | system-out | system-err,
 * with the attributes CI tools read. Checked on JUnit XML captured from real runs: one that
 * passed (fixtures/under-fire-run) and one with a failed drill (fixtures/junit-failed.xml).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrapJunitXml } from './launcher.ts';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
}

/** Elements and attributes only (text and CDATA skipped); throws on a tag that does not close. */
function parseXml(xml: string): El {
  const root: El = { name: '#document', attrs: {}, children: [] };
  const stack = [root];
  const re = /<!\[CDATA\[[^]*?\]\]>|<\?[^]*?\?>|<!--[^]*?-->|<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  for (const m of xml.matchAll(re)) {
    if (!m[2]) continue;
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop();
      assert.equal(open?.name, name, `</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs = Object.fromEntries([...attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    const el: El = { name: name!, attrs, children: [] };
    stack.at(-1)!.children.push(el);
    if (!selfClose) stack.push(el);
  }
  assert.equal(stack.length, 1, `unclosed <${stack.at(-1)?.name}>`);
  return root;
}

const CASE_CHILDREN = new Set(['failure', 'error', 'skipped', 'system-out', 'system-err', 'properties']);
const number = /^\d+(\.\d+)?$/;

function validate(xml: string): { cases: number; failures: number } {
  const doc = parseXml(xml);
  assert.equal(doc.children.length, 1);
  const root = doc.children[0]!;
  assert.equal(root.name, 'testsuites');
  assert.ok(root.children.length >= 1);
  let cases = 0;
  let failures = 0;
  for (const suite of root.children) {
    assert.equal(suite.name, 'testsuite');
    for (const a of ['name', 'tests', 'failures', 'errors', 'skipped', 'time']) assert.ok(suite.attrs[a] !== undefined, `testsuite@${a}`);
    for (const a of ['tests', 'failures', 'errors', 'skipped', 'time']) assert.match(suite.attrs[a]!, number, `testsuite@${a}`);
    const testcases = suite.children.filter((c) => c.name === 'testcase');
    assert.equal(testcases.length, Number(suite.attrs.tests));
    for (const c of suite.children) assert.ok(['testcase', 'properties', 'system-out', 'system-err'].includes(c.name), `<${c.name}> in a testsuite`);
    for (const tc of testcases) {
      assert.ok(tc.attrs.name && tc.attrs.classname !== undefined, 'testcase@name, @classname');
      assert.match(tc.attrs.time ?? '', number, 'testcase@time');
      for (const c of tc.children) assert.ok(CASE_CHILDREN.has(c.name), `<${c.name}> in a testcase`);
      const f = tc.children.filter((c) => c.name === 'failure');
      for (const x of f) assert.ok(x.attrs.type !== undefined || x.attrs.message !== undefined, 'failure@type or @message');
      failures += f.length;
    }
    assert.equal(testcases.filter((tc) => tc.children.some((c) => c.name === 'failure')).length, Number(suite.attrs.failures));
    cases += testcases.length;
  }
  assert.equal(Number(root.attrs.tests), cases);
  assert.equal(Number(root.attrs.failures), failures);
  return { cases, failures };
}

test('a passing run: testsuites > testsuite > testcase, totals that add up', () => {
  const raw = readFileSync(join(import.meta.dirname, 'fixtures', 'under-fire-run', 'junit.xml'), 'utf8');
  const { cases, failures } = validate(wrapJunitXml(raw));
  assert.equal(cases, 4);
  assert.equal(failures, 0);
  assert.equal(wrapJunitXml(wrapJunitXml(raw)), wrapJunitXml(raw), 'wrapping twice changes nothing');
});

test('a failed drill: its testcase holds a <failure> with the failing step\'s message', () => {
  const xml = readFileSync(join(import.meta.dirname, 'fixtures', 'junit-failed.xml'), 'utf8');
  const { failures } = validate(xml);
  assert.ok(failures >= 1);
  assert.match(xml, /<failure[^>]*>[^]*re-read/);
});
