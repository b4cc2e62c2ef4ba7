import type { Plugin } from '@cucumber/cucumber/api';
import type { Envelope, Pickle } from '@cucumber/messages';
import { relative, resolve } from 'node:path';
import { KEYWORDS, stepLines } from './step-guard.ts';

/**
 * A scenario may declare several MirrorMaker 2 flows ("MirrorMaker 2 mirrors "products" from
 * "es-tgt" to "es-src"" beside "… from "es-src" to "es-tgt""), each its own MM2. A step that acts
 * on MM2 then names its flow ("MirrorMaker 2 from "es-tgt" to "es-src" is killed"); the short form
 * ("MirrorMaker 2 is killed") stands for the scenario's only flow. This guard refuses, before any
 * hook runs (no cluster starts), a short form in a scenario with several flows, and a step that
 * names a flow the scenario does not declare: the run exits 2 naming the step and the flows.
 */

/** A flow as a scenario declares it. */
export interface DeclaredFlow {
  /** The topic its step names. */
  topic: string;
  source: string;
  target: string;
  /** The line of its step. */
  line: number;
}

/** A step of a scenario that acts on MM2 without saying which of its flows. */
export interface FlowProblem {
  file: string;
  line: number;
  keyword: string;
  text: string;
  scenario: string;
  flows: DeclaredFlow[];
  /** Why the step cannot run, and what to write instead. */
  why: string;
  /** The step written with each flow it may mean. */
  fix?: string[];
}

const DECLARE = /^MirrorMaker 2 mirrors "([^"]*)" from "([^"]*)" to "([^"]*)"(?: with:)?$/;
const NAMED = /^MirrorMaker 2 from "([^"]*)" to "([^"]*)" /;

/** Short forms that act on the scenario's one MM2, with the named form that replaces each (none: there is no named form yet). */
const SHORT: { pattern: RegExp; named?: (m: RegExpExecArray, f: DeclaredFlow) => string }[] = [
  { pattern: /^MirrorMaker 2 (is (?:killed|stopped|restarted|paused for \d+ seconds?))$/, named: (m, f) => `MirrorMaker 2 from "${f.source}" to "${f.target}" ${m[1]}` },
  { pattern: /^(?:Connect worker \d+|the Connect worker that leads the group|MirrorMaker 2 node \d+|the MirrorMaker 2 node that leads the group|the Connect worker running task \d+ of connector "[^"]*") is .+$/ },
  { pattern: /^(?:connector "[^"]*" is (?:paused|resumed|restarted)|task \d+ of connector "[^"]*" is restarted|connector "[^"]*" is reconfigured with:?|MirrorSourceConnector's source offset of "[^"]*" partition \d+ is set to \d+)$/ },
  { pattern: /^the (?:Connect workers|MirrorMaker 2 nodes) left have taken over every connector and task$/ },
  { pattern: /^MirrorMaker 2's log says ".*"$/ },
];

/** Short forms that name the flow by its target: ambiguous only when two flows go into it. */
const BY_TARGET: { pattern: RegExp; named?: (m: RegExpExecArray, f: DeclaredFlow) => string }[] = [
  { pattern: /^MirrorMaker 2 has mirrored ("[^"]*") to "([^"]*)"$/, named: (m, f) => `MirrorMaker 2 from "${f.source}" to "${f.target}" has mirrored ${m[1]}` },
  { pattern: /^MirrorMaker 2 has checkpointed group ("[^"]*") to "([^"]*)"$/, named: (m, f) => `MirrorMaker 2 from "${f.source}" to "${f.target}" has checkpointed group ${m[1]}` },
  { pattern: /^MirrorMaker 2 has checkpointed nothing of group ("[^"]*") to "([^"]*)"$/, named: (m, f) => `MirrorMaker 2 from "${f.source}" to "${f.target}" has checkpointed nothing of group ${m[1]}` },
  { pattern: /^MirrorMaker 2 has mirrored "[^"]*" to "([^"]*)" within \d+ seconds?$/ },
  { pattern: /^MirrorMaker 2 has checkpointed group "[^"]*" to "([^"]*)" within \d+ seconds?$/ },
  { pattern: /^MirrorMaker 2 has synced topic configs to "([^"]*)" \d+ more times?$/ },
  { pattern: /^MirrorMaker 2 copies nothing of "[^"]*" to "([^"]*)" for \d+ seconds?$/ },
  { pattern: /^waiting for MirrorMaker 2 to mirror "[^"]*" to "([^"]*)" fails at once, saying ".*"$/ },
  { pattern: /^connector "[^"]*" has FAILED with ".*", and waiting for MirrorMaker 2 to mirror "[^"]*" to "([^"]*)" says so$/ },
  { pattern: /^the copy of "[^"]*" on "([^"]*)" misses \d+ acked records? and has (?:at most )?\d+ duplicates?$/ },
  { pattern: /^the copy of "[^"]*" on "([^"]*)" misses \d+ acked records? and has as many duplicates as MirrorMaker 2 had copied past its committed source offsets$/ },
  { pattern: /^read read_uncommitted, the copy of "[^"]*" on "([^"]*)" misses \d+ acked records? and its only extra copies are the records of aborted transactions$/ },
  { pattern: /^MirrorMaker 2's copies of "[^"]*" on "([^"]*)" past its committed source offsets are counted$/ },
  { pattern: /^auditing the copy of "[^"]*" on "([^"]*)" is refused saying ".*"$/ },
];

/** Short forms that name the flow by the topic it carries: ambiguous when two flows carry it. */
const BY_TOPIC = [/^MirrorMaker 2 silently skipped \d+ records? of "([^"]*)" partition \d+$/];

const name = (f: { source: string; target: string }) => `${f.source} → ${f.target}`;
const list = (flows: DeclaredFlow[]) => flows.map((f) => `${name(f)} (line ${f.line})`).join(', ');

/** The problems of one scenario's steps, given each step's line. */
export function flowProblems(pickle: Pickle, lineOf: (astNodeId: string) => number | undefined, cwd: string): FlowProblem[] {
  const file = relative(cwd, resolve(cwd, pickle.uri)) || pickle.uri;
  const line = (s: Pickle['steps'][number]) => s.astNodeIds.map(lineOf).find((l) => l !== undefined) ?? 0;
  const flows: DeclaredFlow[] = [];
  for (const step of pickle.steps) {
    const m = DECLARE.exec(step.text);
    if (m && !flows.some((f) => f.source === m[2] && f.target === m[3])) flows.push({ topic: m[1]!, source: m[2]!, target: m[3]!, line: line(step) });
  }
  if (flows.length === 0) return [];
  const problems: FlowProblem[] = [];
  const problem = (step: Pickle['steps'][number], among: DeclaredFlow[], why: string, fix?: string[]) =>
    problems.push({ file, line: line(step), keyword: KEYWORDS[step.type ?? ''] ?? 'Given', text: step.text, scenario: pickle.name, flows: among, why, ...(fix ? { fix } : {}) });
  for (const step of pickle.steps) {
    const named = NAMED.exec(step.text);
    if (named) {
      if (!flows.some((f) => f.source === named[1] && f.target === named[2])) {
        problem(step, flows, `it names the flow ${named[1]} → ${named[2]}, which this scenario does not declare (its flows: ${list(flows)})`);
      }
      continue;
    }
    if (flows.length < 2) continue;
    const short = SHORT.map((s) => ({ s, m: s.pattern.exec(step.text) })).find((x) => x.m);
    if (short) {
      problem(
        step,
        flows,
        `it acts on MirrorMaker 2 without naming a flow, and this scenario has ${flows.length}: ${list(flows)}`,
        short.s.named ? flows.map((f) => short.s.named!(short.m!, f)) : undefined,
      );
      continue;
    }
    const byTopic = BY_TOPIC.map((p) => p.exec(step.text)).find((m) => m);
    if (byTopic) {
      const carrying = flows.filter((f) => f.topic === byTopic[1]);
      if (carrying.length > 1) problem(step, carrying, `it names the flow by its topic, "${byTopic[1]}", and ${carrying.length} flows of this scenario carry it: ${list(carrying)}`);
      continue;
    }
    const byTarget = BY_TARGET.map((s) => ({ s, m: s.pattern.exec(step.text) })).find((x) => x.m);
    if (byTarget) {
      const target = byTarget.m!.at(-1)!;
      const into = flows.filter((f) => f.target === target);
      if (into.length > 1) {
        problem(
          step,
          into,
          `it names the flow by its target, "${target}", and ${into.length} flows of this scenario go into it: ${list(into)}`,
          byTarget.s.named ? into.map((f) => byTarget.s.named!(byTarget.m!, f)) : undefined,
        );
      }
    }
  }
  return problems;
}

/** The report of the problems, for the person who wrote the feature. */
export function describeFlowProblems(problems: readonly FlowProblem[]): string {
  const lines = [`mirrordrill: ${problems.length} step${problems.length > 1 ? 's' : ''} of the selected scenarios cannot tell which MirrorMaker 2 flow ${problems.length > 1 ? 'they act' : 'it acts'} on; nothing was started:`];
  for (const p of problems) {
    lines.push(`  ${p.file}:${p.line}: ${p.keyword} ${p.text}`, `    scenario "${p.scenario}": ${p.why}`);
    lines.push(p.fix ? `    name the flow: ${p.fix.map((f) => `${p.keyword} ${f}`).join(', or ')}` : '    this step has no form that names a flow yet: a scenario with several flows cannot use it');
  }
  lines.push('  what to do: in a scenario with several flows, every step that acts on MM2 names its flow ("MirrorMaker 2 from "es-tgt" to "es-src" …")');
  return `${lines.join('\n')}\n`;
}

/**
 * A Cucumber plugin that ends the run (exit 2: bad input) when a step of a selected scenario acts
 * on MM2 without saying which of the scenario's flows, before any hook runs.
 */
export const flowGuard: Plugin = {
  type: 'plugin',
  coordinator: ({ on, transform, environment }) => {
    const cwd = environment.cwd;
    const docs = new Map<string, Map<string, number>>();
    let selected: Pickle[] = [];
    on('message', (envelope: Envelope) => {
      if (envelope.gherkinDocument?.uri) docs.set(envelope.gherkinDocument.uri, stepLines(envelope.gherkinDocument));
      if (envelope.testRunStarted) {
        const seen = new Set<string>();
        const problems = selected
          .flatMap((p) => flowProblems(p, (id) => docs.get(p.uri)?.get(id), cwd))
          .filter((p) => {
            const key = `${p.file}:${p.line}:${p.text}`;
            return !seen.has(key) && seen.add(key);
          });
        if (problems.length === 0) return;
        environment.stderr.write(describeFlowProblems(problems));
        // As the step guard does: nothing has started; end here with the message.
        process.exit(2);
      }
    });
    transform('pickles:filter', (pickles) => {
      selected = pickles.map((p) => p.pickle);
      return pickles;
    });
  },
};

export default flowGuard;
