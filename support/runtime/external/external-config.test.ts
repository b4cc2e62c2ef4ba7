import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ConfigError } from '../../errors.ts';
import { composeFiles } from '../../../scripts/compose-config.ts';
import { loadExternalConfig, parseExternalConfig } from './external-config.ts';
import { capabilitiesOf, ExternalRuntime, topicFilterPasses } from './external-runtime.ts';
import { runFaultCommand } from './fault-command.ts';
import { loadStepDefinitions } from '../../step-library.ts';

// The fault steps are declared where the steps are defined: load them, as a run does.
before(() => loadStepDefinitions());

const FILE = '/etc/mirrordrill.config.json';
const minimal = { clusters: { 'es-src': { bootstrapServers: '127.0.0.1:19092' }, 'es-tgt': { bootstrapServers: ['127.0.0.1:29092'] } } };

function refused(f: () => unknown, ...parts: (string | RegExp)[]): string {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    for (const p of parts) (typeof p === 'string' ? assert.ok(error.message.includes(p), `"${p}" in:\n${error.message}`) : assert.match(error.message, p));
    return error.message;
  }
  assert.fail('no error');
}

test('a minimal file: clusters by alias, nothing destructive allowed, no fault', () => {
  const c = parseExternalConfig(minimal, FILE);
  assert.deepEqual(c.clusters.get('es-src')!.bootstrapServers, ['127.0.0.1:19092']);
  assert.deepEqual(c.clusters.get('es-tgt')!.bootstrapServers, ['127.0.0.1:29092']);
  assert.equal(c.allowDestructiveFaults, false);
  assert.deepEqual([...capabilitiesOf(c)], []);
});

test('an unknown key is named with its path and the keys that exist', () => {
  refused(() => parseExternalConfig({ ...minimal, allowDestructiveFault: true }, FILE), FILE, '"allowDestructiveFault" is not a key', 'allowDestructiveFaults');
  refused(() => parseExternalConfig({ clusters: { 'es-src': { bootstrap: 'x:1' } } }, FILE), '"clusters.es-src.bootstrap" is not a key', 'bootstrapServers');
  refused(() => parseExternalConfig({ clusters: { 'es-src': { bootstrapServers: 'x:1', faults: { kil: ['true'] } } } }, FILE), '"clusters.es-src.faults.kil"');
  refused(() => parseExternalConfig({ ...minimal, mirrors: [{ source: 'es-src', target: 'es-tgt', conectUrl: 'http://x:1' }] }, FILE), '"mirrors[0].conectUrl" is not a key');
});

test('${VAR} comes from the environment; a missing one is named, never an empty password', () => {
  const ca = join(mkdtempSync(join(tmpdir(), 'md-ext-')), 'ca.crt');
  writeFileSync(ca, 'PEM');
  const secured = { clusters: { 'es-src': { bootstrapServers: '${SRC_BOOTSTRAP}', security: { protocol: 'SASL_SSL', username: 'app', password: '${SRC_PASSWORD}', caFile: ca } } } };
  const c = parseExternalConfig(secured, FILE, { SRC_BOOTSTRAP: 'kafka:9093', SRC_PASSWORD: 's3cret-value' });
  assert.deepEqual(c.clusters.get('es-src')!.bootstrapServers, ['kafka:9093']);
  assert.deepEqual(c.clusters.get('es-src')!.security, { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-512', username: 'app', password: 's3cret-value', caFile: ca });
  assert.ok(c.secrets.includes('s3cret-value'));
  const message = refused(() => parseExternalConfig(secured, FILE, { SRC_BOOTSTRAP: 'kafka:9093' }), '"clusters.es-src.security.password" refers to ${SRC_PASSWORD}, which is not set', 'export SRC_PASSWORD=');
  assert.ok(!message.includes('s3cret'));
  // A password in clear in the file is refused: it would end up in reports and version control.
  refused(() => parseExternalConfig({ clusters: { 'es-src': { bootstrapServers: 'k:1', security: { protocol: 'SASL_SSL', username: 'app', password: 'plain', caFile: ca } } } }, FILE), 'in clear');
  refused(() => parseExternalConfig({ clusters: { 'es-src': { bootstrapServers: 'k:1', security: { protocol: 'SASL_PLAINTEXT' } } } }, FILE), '"clusters.es-src.security.protocol" is "SASL_PLAINTEXT"');
});

test('fault commands: argv or sh -c string or with a timeout; pause needs resume; capabilities are what has commands', () => {
  const c = parseExternalConfig(
    {
      allowDestructiveFaults: true,
      commandTimeoutSeconds: 30,
      clusters: { 'es-src': { bootstrapServers: 'k:1', faults: { kill: ['podman', 'kill', 'es-src'], restart: { command: 'podman start es-src', timeoutSeconds: 90 } } } },
      mirrors: [{ source: 'es-src', target: 'es-tgt', faults: { stop: 'systemctl stop mm2' } }],
    },
    FILE,
  );
  const faults = c.clusters.get('es-src')!.faults;
  assert.deepEqual(faults.kill, { command: ['podman', 'kill', 'es-src'], timeoutMs: 30_000, where: 'clusters.es-src.faults.kill' });
  assert.equal(faults.restart!.timeoutMs, 90_000);
  assert.deepEqual([...capabilitiesOf(c)].sort(), ['kill', 'restart', 'stop']);
  refused(() => parseExternalConfig({ clusters: { a: { bootstrapServers: 'k:1', faults: { pause: 'x' } } } }, FILE), '"clusters.a.faults.resume" is missing');
  refused(() => parseExternalConfig({ ...minimal, mirrors: [{ source: 'es-src', target: 'es-tgt', applyScenarioSettings: true }] }, FILE), 'needs "connectUrl"');
});

test('a missing file names the path and MIRRORDRILL_CONFIG; bad JSON quotes the parser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'md-ext-'));
  refused(() => loadExternalConfig({}, dir), `${join(dir, 'mirrordrill.config.json')} does not exist`, 'MIRRORDRILL_CONFIG');
  writeFileSync(join(dir, 'x.json'), '{ "clusters": { , } }');
  refused(() => loadExternalConfig({ MIRRORDRILL_CONFIG: 'x.json' }, dir), `${join(dir, 'x.json')} is not valid JSON`);
});

test('destructive fault steps are refused before the scenario starts unless the file allows them, saying how to opt in', () => {
  const settings = {} as never;
  const cfg = { clusters: { 'es-src': { bootstrapServers: 'k:1', faults: { kill: ['true'] } } } };
  const off = new ExternalRuntime(settings, parseExternalConfig(cfg, FILE));
  refused(() => off.refuseScenario(['100 records are produced to "products" on "es-src"', 'every broker of "es-src" is killed']), 'does not allow destructive faults', '"allowDestructiveFaults": true', 'every broker of "es-src" is killed');
  off.refuseScenario(['100 records are produced to "products" on "es-src"']);
  new ExternalRuntime(settings, parseExternalConfig({ ...cfg, allowDestructiveFaults: true }, FILE)).refuseScenario(['every broker of "es-src" is killed']);
  assert.ok(off.namesCarryRunId);
});

test("MM2's topic filter: the run id's names pass '.*', its internal topics do not", () => {
  const exclude = '.*[\\-\\.]internal, .*\\.replica, __.*';
  assert.ok(topicFilterPasses('products-1a2b3c4d', '.*', exclude));
  assert.ok(!topicFilterPasses('mm2-offset-syncs.es-tgt.internal', '.*', exclude));
  assert.ok(!topicFilterPasses('products-1a2b3c4d', 'products', exclude));
  assert.ok(topicFilterPasses('products-1a2b3c4d', 'orders, products-.*', exclude));
});

test('a fault command: its output goes to the log with secrets removed; a failure quotes it', async () => {
  const log = join(mkdtempSync(join(tmpdir(), 'md-ext-')), 'faults.log');
  writeFileSync(log, '');
  await runFaultCommand({ command: 'echo stopping with token hunter2-token', timeoutMs: 5_000, where: 'clusters.a.faults.stop' }, 'stop a', log, ['hunter2-token']);
  const text = readFileSync(log, 'utf8');
  assert.match(text, /stopping with token \[redacted\]/);
  assert.ok(!text.includes('hunter2'));
  await assert.rejects(runFaultCommand({ command: ['sh', '-c', 'echo no such container >&2; exit 125'], timeoutMs: 5_000, where: 'clusters.a.faults.kill' }, 'kill a', log, []), /exited with 125:\n\s+no such container/);
  await assert.rejects(runFaultCommand({ command: ['sleep', '5'], timeoutMs: 300, where: 'clusters.a.faults.kill' }, 'kill a', log, []), /did not finish within 0.3 s/);
});

test('compose/config is what npm run compose:config writes (the files are checked in)', () => {
  for (const [name, text] of Object.entries(composeFiles())) assert.equal(readFileSync(new URL(`../../../compose/config/${name}`, import.meta.url), 'utf8'), text, `compose/config/${name}: run npm run compose:config`);
});

test("compose/'s Docker config file is its podman one with docker's commands, and both load", () => {
  const podman = readFileSync(new URL('../../../compose/mirrordrill.config.json', import.meta.url), 'utf8');
  const docker = readFileSync(new URL('../../../compose/mirrordrill.docker.config.json', import.meta.url), 'utf8');
  assert.equal(docker, podman.replaceAll('"podman"', '"docker"'), 'compose/mirrordrill.docker.config.json: regenerate it with sed \'s/"podman"/"docker"/g\'');
  assert.ok(!docker.includes('podman'));
  for (const text of [podman, docker]) assert.doesNotThrow(() => parseExternalConfig(JSON.parse(text), 'compose/…'));
});
