import type { Plugin } from '@cucumber/cucumber/api';
import { CucumberExpressionGenerator, ExpressionFactory, ParameterType, ParameterTypeRegistry, type Expression } from '@cucumber/cucumber-expressions';
import type { Envelope, GherkinDocument, Pickle, PickleStep, StepDefinition } from '@cucumber/messages';
import { relative, resolve } from 'node:path';
import { editDistance } from './mirror/mm2-keys.ts';

/** A step definition as Cucumber's messages describe it. */
export interface DefinedStep {
  source: string;
  type: 'CUCUMBER_EXPRESSION' | 'REGULAR_EXPRESSION';
  /** Where it is defined, for an ambiguous step. */
  where?: string;
}

/** A custom parameter type as Cucumber's messages describe it. */
export interface DefinedParameterType {
  name: string;
  regularExpressions: readonly string[];
}

export interface StepProblem {
  /** The feature file, relative to the working folder, and the step's line. */
  file: string;
  line: number;
  keyword: string;
  text: string;
  kind: 'undefined' | 'ambiguous';
  /** Undefined: the step definition to write. Ambiguous: the definitions that match. */
  snippet?: string;
  /** Undefined: the nearest step that exists, as written in steps/. */
  nearest?: string;
  /** The words the nearest step's closed-list parameters take. */
  words?: string[];
  matches?: string[];
}

/** The steps of the selected scenarios that no step definition matches, or more than one does. */
export class StepMatcher {
  readonly #registry = new ParameterTypeRegistry();
  readonly #expressions: { def: DefinedStep; expression: Expression | RegExp }[];
  readonly #generator: CucumberExpressionGenerator;

  constructor(definitions: readonly DefinedStep[], parameterTypes: readonly DefinedParameterType[]) {
    for (const p of parameterTypes) {
      this.#registry.defineParameterType(new ParameterType(p.name, p.regularExpressions.map((r) => new RegExp(r)), null, (s: string) => s, true, false));
    }
    const factory = new ExpressionFactory(this.#registry);
    this.#expressions = definitions.map((def) => ({ def, expression: def.type === 'REGULAR_EXPRESSION' ? regexOf(def.source) : factory.createExpression(def.source) }));
    this.#generator = new CucumberExpressionGenerator(() => this.#registry.parameterTypes);
  }

  matching(text: string): DefinedStep[] {
    return this.#expressions.filter(({ expression }) => (expression instanceof RegExp ? expression.test(text) : expression.match(text) !== null)).map(({ def }) => def);
  }

  /** The expression Cucumber's snippet would propose for a text. */
  snippetExpression(text: string): string {
    return this.#generator.generateExpressions(text)[0]?.source ?? text;
  }

  /** The step definition to write for a text, as Cucumber's snippet would propose it, typed for this project. */
  snippet(keyword: string, step: PickleStep): string {
    const generated = this.#generator.generateExpressions(step.text)[0];
    const params = (generated?.parameterNames ?? []).map((name, i) => `${name}: ${/^(int|float|bigdecimal|biginteger|double|byte|short|long)$/.test(generated!.parameterTypes[i]?.name ?? '') ? 'number' : 'string'}`);
    if (step.argument?.dataTable) params.push('table: DataTable');
    if (step.argument?.docString) params.push('text: string');
    const expression = (generated?.source ?? step.text).replace(/'/g, "\\'");
    return `${keyword}('${expression}', async function (this: DrillWorld${params.map((p) => `, ${p}`).join('')}) { ... });`;
  }

  /** The words a closed-list parameter type takes ({security}: SCRAM-SHA-512, mutual TLS, …), for each such type in an expression. */
  wordsIn(expression: string): string[] {
    const out: string[] = [];
    for (const [, name] of expression.matchAll(/\{(\w+)\}/g)) {
      const type = this.#registry.lookupByTypeName(name!);
      if (!type || type.builtin) continue;
      const words = type.regexpStrings.flatMap((r) => r.split('|')).map((w) => w.replace(/\\(.)/g, '$1'));
      if (words.every((w) => !/[\[\](){}*+?^$]/.test(w))) out.push(`{${name}} is one of: ${words.join(', ')}`);
    }
    return out;
  }

  /** The defined step nearest to what the text would be as an expression. */
  nearest(text: string): string | undefined {
    const proposed = this.snippetExpression(text);
    let best: string | undefined;
    let distance = Infinity;
    for (const { def } of this.#expressions) {
      const d = editDistance(proposed, def.source);
      if (d < distance) [best, distance] = [def.source, d];
    }
    return best;
  }
}

function regexOf(source: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(source);
  return m ? new RegExp(m[1]!, m[2]) : new RegExp(source);
}

export const KEYWORDS = { Context: 'Given', Action: 'When', Outcome: 'Then' } as Record<string, string>;

/** Checks every step of the pickles; one problem per distinct step line and text. */
export function stepProblems(matcher: StepMatcher, pickles: readonly Pickle[], lineOf: (uri: string, astNodeId: string) => number | undefined, cwd: string): StepProblem[] {
  const problems = new Map<string, StepProblem>();
  for (const pickle of pickles) {
    for (const step of pickle.steps) {
      const matches = matcher.matching(step.text);
      if (matches.length === 1) continue;
      const line = step.astNodeIds.map((id) => lineOf(pickle.uri, id)).find((l) => l !== undefined) ?? 0;
      const file = relative(cwd, resolve(cwd, pickle.uri)) || pickle.uri;
      const key = `${file}:${line}:${step.text}`;
      if (problems.has(key)) continue;
      const keyword = KEYWORDS[step.type ?? ''] ?? 'Given';
      problems.set(
        key,
        matches.length === 0
          ? { file, line, keyword, text: step.text, kind: 'undefined', snippet: matcher.snippet(keyword, step), ...nearestOf(matcher, step.text) }
          : { file, line, keyword, text: step.text, kind: 'ambiguous', matches: matches.map((m) => `'${m.source}'${m.where ? ` (${m.where})` : ''}`) },
      );
    }
  }
  return [...problems.values()];
}

function nearestOf(matcher: StepMatcher, text: string): { nearest?: string; words?: string[] } {
  const nearest = matcher.nearest(text);
  return nearest ? { nearest, words: matcher.wordsIn(nearest) } : {};
}

/** The report of the problems, written for the person who wrote the feature. */
export function describeProblems(problems: readonly StepProblem[]): string {
  const lines = [`mirrordrill: ${problems.length} step${problems.length > 1 ? 's' : ''} of the selected scenarios cannot run; nothing was started:`];
  for (const p of problems) {
    lines.push(`  ${p.file}:${p.line}: ${p.keyword} ${p.text}`);
    if (p.kind === 'undefined') {
      lines.push(`    no step definition matches it${p.nearest ? `; the nearest step that exists is: ${p.nearest}` : ''}`);
      for (const w of p.words ?? []) lines.push(`      where ${w}`);
      lines.push(`    if it is a new step, define it in steps/*.steps.ts: ${p.snippet}`);
    } else {
      lines.push(`    more than one step definition matches it: ${p.matches!.join(', ')}`);
    }
  }
  lines.push('  what to do: fix the step\'s wording to that of an existing step (docs/step-vocabulary.md), or define the new step');
  return `${lines.join('\n')}\n`;
}

/** Step lines by AST node id (a step, or an Examples row whose values fill an outline's step). */
export function stepLines(doc: GherkinDocument): Map<string, number> {
  const map = new Map<string, number>();
  const children = (doc.feature?.children ?? []).flatMap((c) => (c.rule ? c.rule.children : [c]));
  for (const child of children) {
    const block = child.background ?? child.scenario;
    for (const step of block?.steps ?? []) map.set(step.id, step.location.line);
  }
  return map;
}

/**
 * A Cucumber plugin that ends the run (exit 2: bad input) when a step of a selected scenario is
 * undefined or ambiguous, before any hook runs: no cluster starts for a drill that cannot finish.
 * Cucumber emits its step definitions and parameter types after filtering the pickles and
 * before the test run starts; the check runs on that start.
 */
export const stepGuard: Plugin = {
  type: 'plugin',
  coordinator: ({ on, transform, environment }) => {
    const cwd = environment.cwd;
    const docs = new Map<string, Map<string, number>>();
    const definitions: DefinedStep[] = [];
    const parameterTypes: DefinedParameterType[] = [];
    let selected: Pickle[] = [];
    on('message', (envelope: Envelope) => {
      if (envelope.gherkinDocument?.uri) docs.set(envelope.gherkinDocument.uri, stepLines(envelope.gherkinDocument));
      if (envelope.stepDefinition) definitions.push(defined(envelope.stepDefinition, cwd));
      if (envelope.parameterType) parameterTypes.push({ name: envelope.parameterType.name, regularExpressions: envelope.parameterType.regularExpressions });
      if (envelope.testRunStarted) {
        const problems = stepProblems(new StepMatcher(definitions, parameterTypes), selected, (uri, id) => docs.get(uri)?.get(id), cwd);
        if (problems.length === 0) return;
        environment.stderr.write(describeProblems(problems));
        // As the selection guard does: nothing has started, end here with the message (a throw
        // would print the plugin wrapper's stack and exit 1).
        process.exit(2);
      }
    });
    transform('pickles:filter', (pickles) => {
      selected = pickles.map((p) => p.pickle);
      return pickles;
    });
  },
};

function defined(def: StepDefinition, cwd: string): DefinedStep {
  const uri = def.sourceReference.uri;
  const where = uri ? `${relative(cwd, resolve(cwd, uri))}:${def.sourceReference.location?.line ?? '?'}` : undefined;
  return { source: def.pattern.source, type: def.pattern.type as DefinedStep['type'], where };
}

export default stepGuard;
