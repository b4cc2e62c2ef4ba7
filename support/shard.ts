/**
 * Shards: `--shard K/N` runs a deterministic K-th of N of the selected scenarios, the same on
 * every runner, balanced by the per-scenario durations committed in features/durations.json.
 *
 * - A scenario's id is `<feature file>::<scenario name>`, and for a row of an Examples table
 *   `<feature file>::<outline name>::<the row's cells, joined by " | ">`. Ids come from the
 *   Gherkin text alone, not from lines: adding or moving a scenario elsewhere in the file changes
 *   no other scenario's id (with `file:LINE`, every scenario below an edit would take the
 *   duration of another). A second scenario with the same name in one file (or an Examples row
 *   equal to another of the same outline) is told apart by ` #2`, ` #3` in the file's order.
 * - The partition is a greedy, longest first: scenarios with a duration, by descending
 *   duration (ties by id), each into the shard with the least planned time (ties: the lowest
 *   shard); then the scenarios the file has no duration for, by id, each into the shard with the
 *   fewest of those (ties: the least planned time, then the lowest shard), so they are spread by
 *   count. It depends only on the set of selected ids and the file: every runner computes the
 *   same shards, and every selected scenario is in exactly one of them.
 * - The plugin (listed last in cucumber.mjs) filters Cucumber's pickles to the shard's, and
 *   writes shard.json into the run folder: the shard, the sorted ids of the whole selection
 *   (the fingerprint `npm run report -- merge` compares) and the ids it ran. A shard with no
 *   scenario (more shards than scenarios) runs nothing and passes: that is not an error.
 */
import type { Plugin } from '@cucumber/cucumber/api';
import type { GherkinDocument, Pickle } from '@cucumber/messages';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

/** A bad --shard value (or MIRRORDRILL_SHARD): bad input, exit 2. */
export class ShardError extends Error {}

const FORM = 'K/N: shard K of N, 1 ≤ K ≤ N, e.g. --shard 2/4';

/** `K/N` → the shard; throws ShardError naming `source` (the flag or the variable) otherwise. */
export function parseShard(value: string | undefined, source = '--shard'): Shard {
  const raw = value?.trim() ?? '';
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  if (!m) throw new ShardError(`${source} ${raw ? `"${raw}"` : 'needs a value'}: expected ${FORM}`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1) throw new ShardError(`${source} ${raw}: N, the number of shards, must be at least 1 (${FORM})`);
  if (index < 1 || index > total) throw new ShardError(`${source} ${raw}: K must be between 1 and ${total} (${FORM})`);
  return { index, total };
}

/**
 * Takes `--shard K/N` (or `--shard=K/N`) out of a command line: the launcher passes the rest to
 * Cucumber (whose own --shard, a plain modulo of the pickles, must not run too) and the shard
 * to the plugin through MIRRORDRILL_SHARD.
 */
export function shardArgs(args: readonly string[]): { shard?: Shard; rest: string[] } {
  const rest: string[] = [];
  let shard: Shard | undefined;
  let given = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let value: string | undefined;
    if (arg === '--shard') {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ShardError(`--shard needs a value: expected ${FORM}`);
      i++;
    } else if (arg.startsWith('--shard=')) value = arg.slice('--shard='.length);
    else {
      rest.push(arg);
      continue;
    }
    if (++given > 1) throw new ShardError(`--shard is given ${given} times: give it once (${FORM})`);
    shard = parseShard(value);
  }
  return { ...(shard ? { shard } : {}), rest };
}

// ---- ids -------------------------------------------------------------------------------------

/** The ids of a feature file's scenarios and Examples rows, by their AST node id (what a pickle's last astNodeId is). */
export function scenarioIds(uri: string, doc: GherkinDocument): Map<string, string> {
  const file = uri.replace(/\\/g, '/');
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  const add = (nodeId: string, base: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(nodeId, n === 1 ? base : `${base} #${n}`);
  };
  const children = (doc.feature?.children ?? []).flatMap((c) => (c.rule ? c.rule.children : [c]));
  for (const { scenario } of children) {
    if (!scenario) continue;
    const name = scenario.name.trim();
    const rows = scenario.examples.flatMap((e) => e.tableBody);
    if (rows.length === 0) add(scenario.id, `${file}::${name}`);
    for (const row of rows) add(row.id, `${file}::${name}::${row.cells.map((c) => c.value.trim()).join(' | ')}`);
  }
  return out;
}

/** The id of a pickle, from the document it was compiled from. */
export function pickleScenarioId(pickle: Pick<Pickle, 'uri' | 'astNodeIds' | 'name'>, ids: ReadonlyMap<string, string>): string {
  for (const node of [...pickle.astNodeIds].reverse()) {
    const id = ids.get(node);
    if (id) return id;
  }
  return `${pickle.uri.replace(/\\/g, '/')}::${pickle.name}`;
}

/** A short, stable fingerprint of a selection (its sorted ids). */
export function fingerprint(ids: readonly string[]): string {
  return createHash('sha256').update([...new Set(ids)].sort().join('\n')).digest('hex').slice(0, 16);
}

// ---- durations -------------------------------------------------------------------------------

export const DURATIONS_FILE = 'features/durations.json';

/** features/durations.json: seconds per scenario id. */
export interface DurationsFile {
  about?: string;
  seconds: Record<string, number>;
}

/** The durations file's seconds per id; {} when there is no file (every scenario by count); throws on a malformed one. */
export function readDurations(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ShardError(`${file} is not JSON (${(error as Error).message}): refresh it with npm run report -- durations <run folders>`);
  }
  const seconds = (parsed as Partial<DurationsFile> | null)?.seconds;
  if (!seconds || typeof seconds !== 'object') throw new ShardError(`${file} has no "seconds" object (seconds per scenario id)`);
  const out: Record<string, number> = {};
  for (const [id, s] of Object.entries(seconds)) {
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) throw new ShardError(`${file}: "${id}" has ${JSON.stringify(s)} seconds; a duration is a number ≥ 0`);
    out[id] = s;
  }
  return out;
}

// ---- partition -------------------------------------------------------------------------------

export interface Plan {
  /** The ids of each shard, sorted; shards[0] is shard 1. */
  shards: string[][];
  /** Planned seconds per shard (scenarios with a duration only). */
  seconds: number[];
  /** Ids with no duration in the file, spread by count. */
  unknown: string[];
}

/** The deterministic greedy partition described at the top of this file. */
export function partition(selected: Iterable<string>, durations: Readonly<Record<string, number>>, total: number): Plan {
  if (!Number.isInteger(total) || total < 1) throw new ShardError(`cannot split into ${total} shards`);
  const ids = [...new Set(selected)].sort();
  const has = (id: string) => Object.hasOwn(durations, id);
  const known = ids.filter(has).sort((a, b) => durations[b]! - durations[a]! || (a < b ? -1 : a > b ? 1 : 0));
  const unknown = ids.filter((id) => !has(id));
  const shards: string[][] = Array.from({ length: total }, () => []);
  const seconds: number[] = Array.from({ length: total }, () => 0);
  const unknownCount: number[] = Array.from({ length: total }, () => 0);
  const pick = (better: (a: number, b: number) => boolean) => {
    let best = 0;
    for (let i = 1; i < total; i++) if (better(i, best)) best = i;
    return best;
  };
  for (const id of known) {
    const s = pick((i, b) => seconds[i]! < seconds[b]!);
    shards[s]!.push(id);
    seconds[s]! += durations[id]!;
  }
  for (const id of unknown) {
    const s = pick((i, b) => unknownCount[i]! < unknownCount[b]! || (unknownCount[i] === unknownCount[b] && seconds[i]! < seconds[b]!));
    shards[s]!.push(id);
    unknownCount[s]!++;
  }
  return { shards: shards.map((s) => s.sort()), seconds: seconds.map((s) => Math.round(s * 10) / 10), unknown };
}

// ---- shard.json ------------------------------------------------------------------------------

/** What a shard's run leaves in its run folder (shard.json). */
export interface ShardRecord {
  shard: number;
  of: number;
  /** sha256 (16 hex) of the sorted ids of the whole selection. */
  fingerprint: string;
  /** The sorted ids of every scenario selected before sharding. */
  selection: string[];
  /** The sorted ids this shard ran. */
  ran: string[];
  /** The durations file and what it knew of this selection, for a merge that finds shards planned differently. */
  durations: { file: string; fingerprint: string; unknown: number };
  /** Planned seconds of every shard. */
  planned: number[];
}

export const SHARD_FILE = 'shard.json';

export function shardRecord(shard: Shard, selection: readonly string[], durations: Readonly<Record<string, number>>, file: string): ShardRecord {
  const sorted = [...new Set(selection)].sort();
  const plan = partition(sorted, durations, shard.total);
  const used = sorted.filter((id) => Object.hasOwn(durations, id)).map((id) => `${id}\t${durations[id]}`);
  return {
    shard: shard.index,
    of: shard.total,
    fingerprint: fingerprint(sorted),
    selection: sorted,
    ran: plan.shards[shard.index - 1]!,
    durations: { file, fingerprint: createHash('sha256').update(used.join('\n')).digest('hex').slice(0, 16), unknown: plan.unknown.length },
    planned: plan.seconds,
  };
}

/**
 * With MIRRORDRILL_SHARD=K/N (set by the launcher from --shard K/N), keeps the K-th of N of the
 * pickles left by the plugins before it; writes shard.json into MIRRORDRILL_RUN_DIR. Without the
 * variable, nothing is filtered. MIRRORDRILL_DURATIONS names another durations file.
 */
export const shardPlugin: Plugin = {
  type: 'plugin',
  coordinator: ({ transform, environment }) => {
    const env = { ...environment.env, ...process.env };
    const raw = env.MIRRORDRILL_SHARD?.trim();
    if (!raw) return;
    const fail = (error: unknown) => {
      environment.stderr.write(`mirrordrill: ${error instanceof Error ? error.message : String(error)}\n`);
      // As the selection guard does: nothing has started yet; exit 2 (bad input) with the message alone.
      process.exit(2);
    };
    let shard: Shard;
    let durations: Record<string, number>;
    const file = env.MIRRORDRILL_DURATIONS?.trim() || DURATIONS_FILE;
    try {
      shard = parseShard(raw, 'MIRRORDRILL_SHARD');
      durations = readDurations(resolve(environment.cwd, file));
    } catch (error) {
      return fail(error);
    }
    transform('pickles:filter', (pickles) => {
      const byDoc = new Map<GherkinDocument, Map<string, string>>();
      const idOf = ({ pickle, gherkinDocument }: (typeof pickles)[number]) => {
        let ids = byDoc.get(gherkinDocument);
        if (!ids) byDoc.set(gherkinDocument, (ids = scenarioIds(pickle.uri, gherkinDocument)));
        return pickleScenarioId(pickle, ids);
      };
      const ids = pickles.map(idOf);
      const record = shardRecord(shard, ids, durations, file);
      const mine = new Set(record.ran);
      const kept = pickles.filter((_, i) => mine.has(ids[i]!));
      const runDir = env.MIRRORDRILL_RUN_DIR?.trim();
      if (runDir) {
        mkdirSync(runDir, { recursive: true });
        writeFileSync(join(runDir, SHARD_FILE), `${JSON.stringify(record, null, 2)}\n`);
      }
      const planned = record.planned[shard.index - 1]!;
      const unknownHere = record.ran.filter((id) => !Object.hasOwn(durations, id)).length;
      environment.stderr.write(
        record.ran.length
          ? `mirrordrill: shard ${shard.index}/${shard.total}: ${kept.length} of ${record.selection.length} selected scenario(s), planned ${planned} s${unknownHere ? ` and ${unknownHere} with no duration in ${file}` : ''}\n`
          : `mirrordrill: shard ${shard.index}/${shard.total}: none of the ${record.selection.length} selected scenario(s) falls to this shard; it runs nothing and passes (not an error)\n`,
      );
      return kept;
    });
  },
};

export default shardPlugin;
