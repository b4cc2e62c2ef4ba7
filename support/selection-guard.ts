import type { Plugin } from '@cucumber/cucumber/api';
import type { Envelope, GherkinDocument } from '@cucumber/messages';
import { globSync, statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';

/** One scenario Cucumber parsed (a pickle): its file and the lines that select it with `path:LINE`. */
export interface ParsedScenario {
  id: string;
  /** Absolute path of its feature file. */
  file: string;
  /** The Scenario / Scenario Outline line, and for an outline's example the Examples row line. */
  lines: number[];
}

export interface Selection {
  cwd: string;
  /** Paths as given on the command line or by the profile (Cucumber's unexpanded source paths). */
  requested: string[];
  /** The feature files a requested path (without :LINE) names: a file, a folder, a glob. */
  filesOf: (path: string) => string[];
  parsed: ParsedScenario[];
  /** Ids of the scenarios left after Cucumber's own filters (lines, tags, names). */
  selected: ReadonlySet<string>;
  /** The tag expressions in force, as given, for the message. */
  tags: string[];
}

/**
 * What of the selection matched nothing, one line each: a path that names no feature file, a
 * :LINE that starts no scenario, a path whose scenarios the tags (or --name) all exclude. An
 * empty answer with nothing selected at all still names the tags, so a run of 0 scenarios
 * always says why.
 */
export function unmatched(s: Selection): string[] {
  const problems: string[] = [];
  const show = (file: string) => relative(s.cwd, file) || file;
  const filter = s.tags.length ? `the tags ${s.tags.map((t) => `"${t}"`).join(' and ')}` : 'the --name filter';
  for (const path of s.requested) {
    const [, base = path, suffix = ''] = /^(.*?)((?::\d+)*)$/.exec(path) ?? [];
    const files = new Set(s.filesOf(base));
    if (files.size === 0) {
      problems.push(`${path}: no feature file there`);
      continue;
    }
    const inFiles = s.parsed.filter((p) => files.has(p.file));
    if (inFiles.length === 0) {
      problems.push(`${path}: no scenario in ${[...files].map(show).join(', ')}`);
      continue;
    }
    const lines = suffix.split(':').filter(Boolean).map(Number);
    const dead = lines.filter((line) => !inFiles.some((p) => p.lines.includes(line)));
    if (dead.length > 0) {
      const starts = [...new Set(inFiles.flatMap((p) => p.lines))].sort((a, b) => a - b);
      const where = files.size > 1 ? ` of ${[...files].map(show).join(', ')}` : '';
      problems.push(
        `${path}: line${dead.length > 1 ? 's' : ''} ${dead.join(', ')}${where} start${dead.length > 1 ? '' : 's'} no Scenario, Scenario Outline or Examples row (those start at lines ${starts.join(', ')})`,
      );
      continue;
    }
    const wanted = lines.length ? inFiles.filter((p) => p.lines.some((l) => lines.includes(l))) : inFiles;
    if (!wanted.some((p) => s.selected.has(p.id))) problems.push(`${path}: no scenario it selects matches ${filter}`);
  }
  if (problems.length === 0 && s.selected.size === 0) problems.push(`no scenario matches ${filter}`);
  return problems;
}

/** Scenario and Examples row lines by AST node id, as Cucumber's line filter reads them. */
function lineMap(doc: GherkinDocument): Map<string, number> {
  const map = new Map<string, number>();
  const children = (doc.feature?.children ?? []).flatMap((c) => (c.rule ? c.rule.children : [c]));
  for (const { scenario } of children) {
    if (!scenario) continue;
    map.set(scenario.id, scenario.location.line);
    for (const examples of scenario.examples) for (const row of examples.tableBody) map.set(row.id, row.location.line);
  }
  return map;
}

/** The feature files Cucumber expands a path to: glob matches, and *.feature under a folder. */
function featureFiles(cwd: string, path: string): string[] {
  return globSync(path, { cwd }).flatMap((match) => {
    const full = resolve(cwd, match);
    if (extname(full) !== '') return [full];
    return statSync(full, { throwIfNoEntry: false })?.isDirectory() ? globSync(`${full}/**/*.feature`).map((f) => resolve(f)) : [];
  });
}

/** `--tags X`, `--tags=X`, `-t X` from the command line (Cucumber does not tell plugins its tags). */
export function cliTags(argv: readonly string[]): string[] {
  const tags: string[] = [];
  argv.forEach((arg, i) => {
    if ((arg === '--tags' || arg === '-t') && argv[i + 1] !== undefined) tags.push(argv[i + 1]!);
    else if (arg.startsWith('--tags=')) tags.push(arg.slice('--tags='.length));
  });
  return tags;
}

/**
 * A Cucumber plugin that fails the run (exit 2: bad input), before any hook or scenario, when a feature
 * path, a :LINE or the tags select nothing: Cucumber itself runs 0 scenarios and exits 0 then.
 * Its option `tags` repeats the profile's tags, which Cucumber does not pass to plugins.
 */
export const selectionGuard: Plugin<{ tags?: string }> = {
  type: 'plugin',
  coordinator: ({ on, transform, options, environment }) => {
    const cwd = environment.cwd;
    let requested: string[] = [];
    const docs = new Map<string, Map<string, number>>();
    const parsed: ParsedScenario[] = [];
    const tags = [...(options.tags ? [options.tags] : []), ...cliTags(process.argv)];
    const known = new Set<string>();
    const check = (selected: ReadonlySet<string>) => {
      const problems = unmatched({ cwd, requested, filesOf: (p) => featureFiles(cwd, p), parsed, selected, tags });
      if (problems.length === 0) return;
      const hint = problems.some((p) => p.includes('matches the'))
        ? `tags of the scenarios asked for: ${[...known].sort().join(', ') || 'none'}`
        : 'the drills are features/*.feature; run one with: npm run drill -- features/<file>.feature[:LINE of a Scenario or an Examples row]';
      const text = `mirrordrill: nothing to run for part of what was asked:\n${problems.map((p) => `  ${p}`).join('\n')}\n  ${hint}\n`;
      environment.stderr.write(text);
      // Throwing would make Cucumber print its plugin wrapper's stack trace, then exit(1) all
      // the same; nothing has started yet (no hook, no JVM), so end the run here with the message.
      process.exit(2);
    };
    on('paths:resolve', (paths) => {
      requested = [...paths.unexpandedSourcePaths];
      // With no file at all Cucumber parses nothing and never filters: judge here.
      if (paths.sourcePaths.length === 0) check(new Set());
    });
    on('message', (envelope: Envelope) => {
      if (envelope.gherkinDocument?.uri) docs.set(envelope.gherkinDocument.uri, lineMap(envelope.gherkinDocument));
      const pickle = envelope.pickle;
      if (pickle) {
        const map = docs.get(pickle.uri);
        const lines = pickle.astNodeIds.map((id) => map?.get(id)).filter((l): l is number => l !== undefined);
        parsed.push({ id: pickle.id, file: resolve(cwd, pickle.uri), lines });
        for (const t of pickle.tags) known.add(t.name);
      }
    });
    // Registered after Cucumber's own filter, so this sees what is left of the pickles.
    transform('pickles:filter', (pickles) => {
      check(new Set(pickles.map((p) => p.pickle.id)));
      return pickles;
    });
  },
};

export default selectionGuard;
