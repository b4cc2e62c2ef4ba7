import { After, AfterAll, Before, BeforeAll, BeforeStep, setDefaultTimeout, setParallelCanAssign, setWorldConstructor, Status } from '@cucumber/cucumber';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { canAssign } from './alone.ts';
import { loadSettings, type Settings } from './config/defaults.ts';
import { ConfigError, currentStep, setCurrentStep } from './errors.ts';
import { announce } from './progress.ts';
import { installInterruptHandlers } from './os/guarded-process.ts';
import { claimFolder } from './os/once.ts';
import { onInterrupt } from './runtime/local/jvm-process.ts';
import { refuseUnsupportedFaults } from './runtime/capabilities.ts';
import { createRuntime } from './runtime/factory.ts';
import type { Runtime } from './runtime/runtime.ts';
import { summarize, writeLedgerNdjson } from './report/ledger-export.ts';
import { appendRunSummary, linkLatest, runStamp, slug, writeScenarioReport, type ScenarioReport } from './report/scenario-report.ts';
import { waitFor } from './wait-for.ts';
import { DrillWorld } from './world.ts';

setWorldConstructor(DrillWorld);
// --parallel: a drill that measures time runs alone (support/alone.ts).
setParallelCanAssign(canAssign);
// Ctrl-C in a --parallel run reaches the main thread only: it passes it on to the workers
// (support/os/guarded-process.ts).
installInterruptHandlers();
// Steps that wait on clusters and MM2 carry their own named, bounded waits (support/wait-for.ts);
// this is only the outer limit Cucumber enforces per step.
setDefaultTimeout(240_000);

let settings: Settings;
let runtime: Runtime;
let description = '';
let runDir = '';
const used = new Set<string>();

// The first run fetches the Kafka jars with Maven: give it time, and print progress meanwhile.
/** The scenario this thread runs, until its report is written; `stepsEnded` once in its After hook. */
let current: { world: DrillWorld; scenario: string; stepsEnded?: string } | undefined;

// Ctrl-C mid-scenario: the JVMs are gone and the logs stay; say in the run which scenario was
// cut off and keep the ledger it had so far.
onInterrupt((signal) => {
  if (!current?.world.dir) return;
  const { world, scenario, stepsEnded } = current;
  const where = stepsEnded ? `its teardown, after its steps ended ${stepsEnded}` : `step: ${currentStep() ?? '(between steps)'}`;
  mkdirSync(world.dir!, { recursive: true });
  writeFileSync(join(world.dir!, 'verdict.txt'), `scenario: ${scenario}\nstatus:   INTERRUPTED by ${signal} in ${where}\nno verdict: the run was interrupted\n`);
  writeFileSync(join(world.dir!, 'ledger.json'), `${JSON.stringify(summarize(world.ledger), null, 2)}\n`);
  appendFileSync(join(runDir, 'summary.txt'), `INTERRUPTED by ${signal}  ${scenario}  → ${relative(runDir, world.dir!)}\n`);
  process.stderr.write(`mirrordrill: logs and the ledger so far are in ${world.dir}\n`);
});

BeforeAll({ timeout: 15 * 60_000 }, async function () {
  // The run folder: chosen by cucumber.mjs (or the launcher, support/report/launcher.ts) before
  // Cucumber's formatters open their files there; every worker of a --parallel run shares it.
  runDir = resolve(process.env.MIRRORDRILL_RUN_DIR ?? join(process.env.MIRRORDRILL_REPORTS?.trim() || 'reports', runStamp()));
  await mkdir(runDir, { recursive: true });
  try {
    settings = loadSettings();
    runtime = createRuntime(settings);
    description = await runtime.describe();
  } catch (error) {
    // The launcher maps this to its exit code: bad input (a setting) or a harness that cannot run.
    const kind = error instanceof ConfigError ? 'input' : 'harness';
    await writeFile(join(runDir, 'harness-error.json'), `${JSON.stringify({ kind, message: error instanceof Error ? error.message : String(error) })}\n`);
    throw error;
  }
  await linkLatest(settings.reportsDir, runDir);
  announce(description);
  announce(`logs and reports in ${runDir}`);
});

/** Attempts per scenario (Cucumber's --retry runs a failed one again in the same process). */
const attempts = new Map<string, number>();

Before(function (this: DrillWorld, { pickle, gherkinDocument }) {
  // A fault this runtime cannot inject fails the scenario here, before anything starts.
  refuseUnsupportedFaults(runtime, pickle.steps.map((s) => s.text));
  runtime.refuseScenario?.(pickle.steps.map((s) => s.text));
  const feature = slug(gherkinDocument.feature?.name ?? 'feature');
  let name = slug(pickle.name);
  // Workers of a --parallel run share the run folder: a folder another one made is taken. It is
  // claimed by making it (mkdir fails on one that exists), not by looking: two workers starting
  // scenarios of one name at the same moment would both see it free, and write into one folder.
  mkdirSync(join(runDir, feature), { recursive: true });
  for (let n = 2; used.has(`${feature}/${name}`) || !claimFolder(join(runDir, feature, name)); n++) name = `${slug(pickle.name)}-${n}`;
  used.add(`${feature}/${name}`);
  attempts.set(pickle.id, (attempts.get(pickle.id) ?? 0) + 1);
  this.runtime = runtime;
  this.dir = join(runDir, feature, name);
  this.apps.useClient(settings.defaultClient, false);
  current = { world: this, scenario: pickle.name };
});

BeforeStep({ timeout: 3_600_000 }, async function (this: DrillWorld, { pickleStep }) {
  setCurrentStep(pickleStep.text);
  if (settings.inspectBefore?.test(pickleStep.text) && this.dir) await holdForInspection(this, pickleStep.text);
});

/**
 * MIRRORDRILL_INSPECT_BEFORE: the scenario waits before the step, its clusters and MM2 running,
 * until the file `continue` appears in its report folder, so that other tools (kcat, Kafka's
 * CLI) can look at the same clusters. At most an hour.
 */
async function holdForInspection(world: DrillWorld, step: string): Promise<void> {
  const dir = world.dir!;
  await mkdir(dir, { recursive: true });
  const go = join(dir, 'continue');
  await rm(go, { force: true });
  const text = [`held before: ${step}`, ...world.topology.endpoints(), `continue: touch ${go}`].join('\n');
  await writeFile(join(dir, 'INSPECT.txt'), `${text}\n`);
  announce(`inspection: ${text.replace(/\n/g, '\n  ')}`);
  await waitFor(() => (existsSync(go) ? true : 'not yet'), { what: `the file ${go}`, timeoutMs: 3_600_000, intervalMs: 250, progressEveryMs: 60_000 });
  await rm(go, { force: true });
}

After({ timeout: 120_000 }, async function (this: DrillWorld, { pickle, gherkinDocument, result, willBeRetried }) {
  setCurrentStep(undefined);
  // An interrupt in the teardown still notes the scenario (its report is not written yet).
  if (current) current.stepsEnded = result?.status ?? 'UNKNOWN';
  // Whether each MM2 ran when the scenario ended (teardown stops them all).
  const running = this.dir && this.runtime ? this.flows.runningNow() : undefined;
  await this.teardown();
  const checked = this.verdict.checked;
  const verdict = this.ledger.isEmpty ? undefined : this.verdict.currentVerdict();
  if (this.dir) {
    const report = {
      feature: gherkinDocument.feature?.name ?? '',
      scenario: pickle.name,
      status: result?.status ?? 'UNKNOWN',
      runtime: description,
      topology: [...this.topology.describe(), ...this.names.onClusters()],
      verdict,
      ledger: summarize(this.ledger),
      logs: this.topology.logs(),
      timings: this.timings.toJSON(),
      started: this.timings.started,
      harnessCpuMs: this.timings.cpuMs(),
      flows: this.flows.report(verdict, running),
      lag: this.failover.lagSamplers().map((l) => ({ flow: l.flow, topic: l.remote, samples: l.samples })),
      error: result?.message,
      kafkaVersion: settings.kafkaVersion,
      client: this.apps.clientName,
      clientFrom: this.apps.clientNamed ? 'scenario' : 'setting',
      uri: pickle.uri,
      pickleId: pickle.id,
      attempt: attempts.get(pickle.id) ?? 1,
      ...(willBeRetried ? { willBeRetried: true } : {}),
      tags: pickle.tags.map((t) => t.name),
    } satisfies ScenarioReport;
    await writeScenarioReport(this.dir, report);
    // The whole ledger when the scenario failed, or on request: its size follows runs, not records.
    if (result?.status !== Status.PASSED || settings.fullLedger) await writeLedgerNdjson(this.ledger, join(this.dir, 'ledger.ndjson'));
    await appendRunSummary(runDir, this.dir, report);
    if (verdict) this.attach(this.verdict.describe(verdict), 'text/plain');
  }
  current = undefined;
  // A drill that produced records or injected faults and never looked at the ledger proves
  // nothing; fail it rather than let it pass green.
  if (result?.status === Status.PASSED && !checked && (!this.ledger.isEmpty || this.faultsInjected > 0)) {
    throw new Error(
      'this scenario produced records or injected faults but never checked the ledger: add a verdict step, e.g. "Then no acked record is lost or skipped"',
    );
  }
});

AfterAll(async function () {
  if (used.size > 0) announce(`verdicts of this run: ${join(runDir, 'summary.txt')}`);
  // A run must end when its scenarios have: something still holding the process open after
  // every scenario tore down is a leak, named here (and the run ends anyway, a few seconds on).
  const leak = setTimeout(() => {
    announce(`still running 5 s after the last scenario: ${process.getActiveResourcesInfo().join(', ')}; exiting`);
    process.exit(process.exitCode ?? 0);
  }, 5_000);
  leak.unref();
});
