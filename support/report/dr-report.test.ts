/**
 * The DR report as a browser renders it: built from a fixture captured from a real under-fire run
 * (fixtures/under-fire-run: one scenario's report.json, trimmed, and Cucumber's messages and
 * JUnit XML of that run), opened in headless Chromium (Debian's `chromium`): the DOM must hold the
 * chart with its fault marker and the verdict table, and a screenshot is kept in the test's folder.
 * Without chromium the browser checks are skipped with a message, unless
 * MIRRORDRILL_REQUIRE_CHROMIUM=1 (set by .ci/run, which installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumBin, dumpDom, screenshot } from './chromium.ts';
import { buildRunReport, loadRun } from './run-report.ts';
import { cellResults, type NightlySummary, renderNightly } from './nightly.ts';
import { compare, DEFAULT_SLOWER } from './nightly-compare.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'under-fire-run');
const browser = chromiumBin();
const skip = !browser && process.env.MIRRORDRILL_REQUIRE_CHROMIUM !== '1' ? 'no chromium on the PATH (apt-get install -y chromium); MIRRORDRILL_REQUIRE_CHROMIUM=1 makes this a failure' : false;

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-dr-report-'));
  const run = join(dir, '20261202-054939');
  cpSync(FIXTURE, run, { recursive: true });
  return run;
}

function scenarioDirs(run: string): string[] {
  return loadRun(run).entries.map((e) => e.dir);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

test('the fixture is a real under-fire run: a fault under traffic, lag samples with the chart series, Cucumber messages', () => {
  const run = loadRun(FIXTURE);
  assert.equal(run.entries.length, 1);
  const r = run.entries[0]!.report;
  assert.ok(r.ledger.events.some((e) => e.kind === 'fault'));
  assert.ok(r.lag?.[0]?.samples.some((s) => s.acked !== undefined && s.copied !== undefined));
  assert.ok(run.entries[0]!.attempt?.steps.length, 'steps with timings from messages.ndjson');
  assert.ok(r.verdict?.recoveries.length);
});

test('the DR report renders in headless Chromium: chart, fault marker, verdict table; screenshots kept', { skip }, async () => {
  const run = copyFixture();
  const index = await buildRunReport(run, {});
  const page = join(scenarioDirs(run)[0]!, 'index.html');

  const dom = await dumpDom(page);
  assert.match(dom, /<svg[^>]*class="timeline"/);
  assert.match(dom, /<g class="marker" data-kind="fault">/);
  assert.match(dom, /every broker of es-src killed/);
  assert.match(dom, /<polyline class="series" data-series="acked \(produced\)"/);
  assert.match(dom, /<polyline class="series" data-series="mirrored \(held on the target\)"/);
  assert.match(dom, /<table class="verdict">[^]*<td class="num">0<\/td>/);
  assert.match(dom, /<h2>The story<\/h2>[^]*Under fire|producers keep writing/);
  assert.match(dom, /<table class="steps">[^]*every broker of/);

  const indexDom = await dumpDom(index);
  assert.match(indexDom, /<table class="scenarios">/);
  assert.match(indexDom, /the seed story under load/);
  assert.match(indexDom, /RPO \d+\.\d s/);

  for (const [file, png] of [[index, join(run, 'screenshot.png')], [page, join(run, 'scenario-screenshot.png')]] as const) {
    await screenshot(file, png, 1280, 2200);
    const bytes = readFileSync(png);
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.ok(bytes.length > 20_000, `${png} is ${bytes.length} bytes: a blank page?`);
  }
  console.log(`screenshots: ${join(run, 'screenshot.png')}, ${join(run, 'scenario-screenshot.png')}`);
});

test('the nightly summary renders in headless Chromium: every cell, the new failure against the previous night', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-nightly-'));
  const cells = ['kafka-4.3.1-platformatic', 'kafka-3.9.2-platformatic'].map((id) => {
    cpSync(FIXTURE, join(dir, id), { recursive: true });
    return { id, kafka: id.split('-')[1]!, client: 'platformatic', dir: id, exitCode: 0, durationMs: 60_000 };
  });
  // Tonight the 3.9.2 cell's drill failed.
  const broken = join(scenarioDirs(join(dir, cells[1]!.dir))[0]!, 'report.json');
  writeFileSync(broken, JSON.stringify({ ...JSON.parse(readFileSync(broken, 'utf8')), status: 'FAILED' }));
  const results = cells.flatMap((c) => cellResults(dir, c));
  const previous = results.map((r) => ({ ...r, outcome: 'passed' as const }));
  const summary: NightlySummary = {
    name: 'nightly-20261202-020000',
    started: '2026-12-02T02:00:00.000Z',
    durationMs: 120_000,
    selection: ['features/under-fire.feature'],
    versions: ['4.3.1', '3.9.2'],
    clients: ['platformatic'],
    slower: DEFAULT_SLOWER,
    cells,
    results,
    comparison: compare(results, previous, DEFAULT_SLOWER, 'nightly-20261201-020000'),
  };
  assert.equal(summary.comparison.newFailures.length, 1);
  const index = join(dir, 'index.html');
  writeFileSync(index, renderNightly(summary));
  const dom = await dumpDom(index);
  assert.match(dom, /<table class="matrix">/);
  assert.equal((dom.match(/<td class="cell /g) ?? []).length, 2);
  assert.match(dom, /Kafka 4\.3\.1<br>platformatic/);
  assert.match(dom, /Kafka 3\.9\.2<br>platformatic/);
  assert.match(dom, /new failure\(s\)<\/h3><ul><li>the seed story under load[^<]*<span class="muted">— kafka-3\.9\.2-platformatic, was passed/);
  await screenshot(index, join(dir, 'screenshot.png'), 1280, 900);
  console.log(`screenshot: ${join(dir, 'screenshot.png')}`);
});

test('no secret in anything the report writes: known values of ${VAR} placeholders and secret-looking log lines', async () => {
  const run = copyFixture();
  const scenario = scenarioDirs(run)[0]!;
  const secret = 'pw-fixture-7f3a9c';
  const jaas = 'jaas-only-in-log-41d2';
  // A scenario that failed, whose MM2 log and error message hold credentials.
  const file = join(scenario, 'report.json');
  const report = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...report, status: 'FAILED', error: `MM2 refused es-src: SASL authentication failed for user mm2 with ${secret}` }));
  mkdirSync(join(scenario, 'mm2'), { recursive: true });
  const log = join(scenario, 'mm2', 'mm2-es-src-to-es-tgt.log');
  appendFileSync(log, `\nINFO config es-src.sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="${jaas}";\nERROR auth with ${secret} failed\n`);
  // The run's scenario used the placeholder ${FIXTURE_PASSWORD}, whose value the environment holds.
  appendFileSync(
    join(run, 'messages.ndjson'),
    `${JSON.stringify({ pickle: { id: 'secret-pickle', uri: 'features/x.feature', name: 'x', language: 'en', astNodeIds: [], tags: [], steps: [{ id: 's1', astNodeIds: [], text: 'MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with', argument: { dataTable: { rows: [{ cells: [{ value: 'es-src.sasl.jaas.config' }, { value: 'password="${FIXTURE_PASSWORD}";' }] }] } } }] } })}\n`,
  );
  await buildRunReport(run, { FIXTURE_PASSWORD: secret });
  const html = filesUnder(run).filter((f) => f.endsWith('.html'));
  assert.ok(html.length >= 2);
  const page = readFileSync(join(scenario, 'index.html'), 'utf8');
  assert.match(page, /last lines/, 'a failed scenario embeds its log tails');
  assert.match(page, /\[redacted\]/);
  for (const f of html) {
    const text = readFileSync(f, 'utf8');
    assert.ok(!text.includes(secret), `${f} holds the secret value`);
    assert.ok(!text.includes(jaas), `${f} holds the JAAS password`);
  }
});
