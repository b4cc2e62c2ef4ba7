import type { Envelope, GherkinDocument, Pickle, TestStepResult } from '@cucumber/messages';
import { existsSync, readFileSync } from 'node:fs';

/** One step of one attempt of a scenario, as Cucumber ran it. */
export interface StepRun {
  keyword: string;
  text: string;
  /** Before/After hooks have no text; they are shown only when they failed. */
  hook: boolean;
  status: string;
  /** ms from the attempt's start. */
  startMs: number;
  durationMs: number;
  message?: string;
}

export interface AttemptRun {
  pickleId: string;
  /** 0 for the first. */
  attempt: number;
  started: number;
  finished?: number;
  willBeRetried: boolean;
  steps: StepRun[];
  status: string;
}

export interface FeatureDoc {
  uri: string;
  name: string;
  description: string;
  tags: string[];
  /** Scenario and Scenario Outline descriptions by AST node id. */
  scenarios: Map<string, { name: string; description: string; line: number; keyword: string }>;
}

/** What a run's messages.ndjson (Cucumber's message formatter) tells: documents, scenarios, attempts, the run's end. */
export interface RunMessages {
  features: Map<string, FeatureDoc>;
  pickles: Map<string, Pickle>;
  attempts: AttemptRun[];
  /** Steps Cucumber could not match (undefined) or matched twice (ambiguous): bad input. */
  undefinedSteps: number;
  runStarted?: number;
  runFinished?: { time: number; success: boolean; message?: string };
}

const ms = (t: { seconds: number; nanos: number } | undefined) => (t ? t.seconds * 1000 + Math.round(t.nanos / 1e6) : 0);
const STATUS_RANK = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

export function featureDoc(uri: string, doc: GherkinDocument): FeatureDoc | undefined {
  const f = doc.feature;
  if (!f) return undefined;
  const scenarios = new Map<string, { name: string; description: string; line: number; keyword: string }>();
  const children = f.children.flatMap((c) => (c.rule ? c.rule.children : [c]));
  for (const { scenario } of children) {
    if (scenario) scenarios.set(scenario.id, { name: scenario.name, description: dedent(scenario.description), line: scenario.location.line, keyword: scenario.keyword });
  }
  return { uri, name: f.name, description: dedent(f.description), tags: f.tags.map((t) => t.name), scenarios };
}

/** Gherkin keeps a description's indentation: strip what every line shares. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** A run's messages.ndjson, line by line; none when the file is not there. */
export function readEnvelopes(file: string): Envelope[] {
  if (!existsSync(file)) return [];
  const out: Envelope[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Envelope);
    } catch {
      // A run cut off mid-write leaves half a line: the rest is still worth showing.
    }
  }
  return out;
}

export function readRunMessages(file: string): RunMessages | undefined {
  if (!existsSync(file)) return undefined;
  return indexMessages(readEnvelopes(file));
}

export function indexMessages(envelopes: Envelope[]): RunMessages {
  const features = new Map<string, FeatureDoc>();
  const pickles = new Map<string, Pickle>();
  const keywords = new Map<string, string>();
  const testCases = new Map<string, { pickleId: string; steps: Map<string, { pickleStepId?: string; hook: boolean }> }>();
  const started = new Map<string, AttemptRun & { testCaseId: string }>();
  const stepStart = new Map<string, number>();
  const out: RunMessages = { features, pickles, attempts: [], undefinedSteps: 0 };
  for (const e of envelopes) {
    if (e.gherkinDocument?.uri) {
      const doc = featureDoc(e.gherkinDocument.uri, e.gherkinDocument);
      // Runs merged from shards (support/report/shard-merge.ts) hold one document per shard for a
      // file, each with its own AST ids: a pickle finds its scenario in any of them.
      const seen = features.get(e.gherkinDocument.uri);
      if (doc) features.set(doc.uri, seen ? { ...doc, scenarios: new Map([...seen.scenarios, ...doc.scenarios]) } : doc);
      const walk = (steps: readonly { id: string; keyword: string }[]) => steps.forEach((s) => keywords.set(s.id, s.keyword.trim()));
      for (const c of e.gherkinDocument.feature?.children.flatMap((c) => (c.rule ? c.rule.children : [c])) ?? []) {
        if (c.background) walk(c.background.steps);
        if (c.scenario) walk(c.scenario.steps);
      }
    } else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testRunStarted) out.runStarted = ms(e.testRunStarted.timestamp);
    else if (e.testCase) {
      testCases.set(e.testCase.id, {
        pickleId: e.testCase.pickleId,
        steps: new Map(e.testCase.testSteps.map((s) => [s.id, { ...(s.pickleStepId ? { pickleStepId: s.pickleStepId } : {}), hook: !s.pickleStepId }])),
      });
    } else if (e.testCaseStarted) {
      const tc = testCases.get(e.testCaseStarted.testCaseId);
      if (!tc) continue;
      const a = { testCaseId: e.testCaseStarted.testCaseId, pickleId: tc.pickleId, attempt: e.testCaseStarted.attempt, started: ms(e.testCaseStarted.timestamp), willBeRetried: false, steps: [] as StepRun[], status: 'UNKNOWN' };
      started.set(e.testCaseStarted.id, a);
      out.attempts.push(a);
    } else if (e.testStepStarted) {
      stepStart.set(`${e.testStepStarted.testCaseStartedId}/${e.testStepStarted.testStepId}`, ms(e.testStepStarted.timestamp));
    } else if (e.testStepFinished) {
      const a = started.get(e.testStepFinished.testCaseStartedId);
      if (!a) continue;
      const tc = testCases.get(a.testCaseId);
      const step = tc?.steps.get(e.testStepFinished.testStepId);
      const pickle = pickles.get(a.pickleId);
      const ps = step?.pickleStepId ? pickle?.steps.find((s) => s.id === step.pickleStepId) : undefined;
      const r: TestStepResult = e.testStepFinished.testStepResult;
      const begin = stepStart.get(`${e.testStepFinished.testCaseStartedId}/${e.testStepFinished.testStepId}`) ?? a.started;
      if (r.status === 'UNDEFINED' || r.status === 'AMBIGUOUS') out.undefinedSteps++;
      a.steps.push({
        keyword: ps ? (keywords.get(ps.astNodeIds[0]!) ?? '') : '',
        text: ps?.text ?? 'hook',
        hook: !ps,
        status: r.status,
        startMs: begin - a.started,
        durationMs: ms(r.duration),
        ...(r.message ? { message: r.message } : {}),
      });
      if (STATUS_RANK.indexOf(r.status) > STATUS_RANK.indexOf(a.status)) a.status = r.status;
    } else if (e.testCaseFinished) {
      const a = started.get(e.testCaseFinished.testCaseStartedId);
      if (a) {
        a.finished = ms(e.testCaseFinished.timestamp);
        a.willBeRetried = e.testCaseFinished.willBeRetried;
      }
    } else if (e.testRunFinished) {
      out.runFinished = { time: ms(e.testRunFinished.timestamp), success: e.testRunFinished.success, ...(e.testRunFinished.message ? { message: e.testRunFinished.message } : {}) };
    }
  }
  return out;
}
