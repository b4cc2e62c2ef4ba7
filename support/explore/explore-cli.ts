/**
 * npm run explore -- <features/x.feature:LINE> [--runs N] [--seed S] [--faults kinds] [--max-faults K]
 *   [--concurrent K] [--heal-within T] [--shrink first|all|none] [--reruns N] [--need K]
 *   [--shrink-runs N] [--confirm N] [--no-baseline] [--dry-run]
 *
 * Runs the steady state once with no fault (it must hold), then N times with a random schedule
 * of faults each (run k's seed is S + k - 1, so `--seed S+k-1 --runs 1` replays run k's schedule),
 * judges every run, shrinks a failing schedule to a minimal one and writes it as
 * features/found/<anomaly>-<seed>.feature, run alone `--confirm` times to give its reproduction
 * rate. Everything goes to reports/explore-<time>/: one run folder (with its DR report) per run,
 * summary.md, explore.html and results.json, written after every run so an interrupted
 * exploration keeps what it found.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine } from '../../bench/machine.ts';
import { DrillError } from '../errors.ts';
import { launch, newRunDir } from '../report/launcher.ts';
import { FAULT_KINDS, faultKind } from './faults.ts';
import { writeFeature } from './gherkin-writer.ts';
import { judgeRun, type Outcome } from './judge.ts';
import { allowedKinds, DEFAULT_BUDGET, describe, generate, replayCommand, shapeOf, weave, type Budget, type Schedule } from './schedule.ts';
import { shrink, type Trial } from './shrink.ts';
import { loadSteadyState, type SteadyState } from './steady-state.ts';
import { WHOSE, summaryHtml, summaryMarkdown, type ExploredRun } from './summary.ts';

export interface ExploreOptions {
  ref: string;
  runs: number;
  seed: number;
  budget: Budget;
  shrink: 'first' | 'all' | 'none';
  reruns: number;
  need: number;
  shrinkRuns: number;
  confirm: number;
  baseline: boolean;
  dryRun: boolean;
  /** An exploration's folder to judge again (the judge learned something since), rewriting its summary. */
  rejudge?: string;
}

export class ExploreInputError extends DrillError {}
/** explore wrote something Cucumber refuses: explore's own defect. */
export class ExploreDefect extends DrillError {}

const USAGE =
  'npm run explore -- <features/x.feature:LINE> [--runs N] [--seed S] [--faults kind,…] [--max-faults K] [--concurrent K] [--heal-within SECONDS] [--shrink first|all|none] [--reruns N] [--need K] [--shrink-runs N] [--confirm N] [--no-baseline] [--dry-run] | --rejudge reports/explore-<time>';

function whole(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) throw new ExploreInputError(`explore: ${flag} takes a whole number from ${min} to ${max}, not ${value === undefined ? 'nothing' : `"${value}"`}`, { hint: USAGE });
  return n;
}

/** The command line, checked: a mistake is said at once, naming the flag. */
export function parseArgs(argv: readonly string[], now = Date.now()): ExploreOptions {
  const o: ExploreOptions = { ref: '', runs: 30, seed: now % 1_000_000, budget: { ...DEFAULT_BUDGET }, shrink: 'first', reruns: 3, need: 2, shrinkRuns: 24, confirm: 5, baseline: true, dryRun: false };
  const rest = [...argv];
  while (rest.length) {
    const a = rest.shift()!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? rest.shift();
    switch (flag) {
      case '--runs': o.runs = whole(flag, value(), 1, 10_000); break;
      case '--seed': o.seed = whole(flag, value(), 0); break;
      case '--max-faults': o.budget.maxFaults = whole(flag, value(), 1, 20); break;
      case '--concurrent': o.budget.concurrent = whole(flag, value(), 1, 20); break;
      case '--heal-within': o.budget.healWithin = whole(flag, value(), 1, 3600); break;
      case '--reruns': o.reruns = whole(flag, value(), 1, 20); break;
      case '--need': o.need = whole(flag, value(), 1, 20); break;
      case '--shrink-runs': o.shrinkRuns = whole(flag, value(), 1, 1000); break;
      case '--confirm': o.confirm = whole(flag, value(), 0, 100); break;
      case '--no-baseline': o.baseline = false; break;
      case '--dry-run': o.dryRun = true; break;
      case '--rejudge': {
        const v = value();
        if (!v || !existsSync(join(v, 'results.json'))) throw new ExploreInputError(`explore: --rejudge takes an exploration's folder (reports/explore-…, with its results.json), not ${v ? `"${v}"` : 'nothing'}`, { hint: USAGE });
        o.rejudge = v;
        break;
      }
      case '--shrink': {
        const v = value();
        if (v !== 'first' && v !== 'all' && v !== 'none') throw new ExploreInputError(`explore: --shrink is first, all or none, not "${v ?? ''}"`, { hint: 'first shrinks one failing schedule (the worst anomaly found), all one per anomaly, none none' });
        o.shrink = v;
        break;
      }
      case '--faults': {
        const kinds = (value() ?? '').split(',').map((k) => k.trim()).filter(Boolean);
        const unknown = kinds.filter((k) => !faultKind(k));
        if (!kinds.length || unknown.length) {
          throw new ExploreInputError(`explore: --faults ${unknown.length ? `names no fault kind "${unknown.join('", "')}"` : 'needs a list of fault kinds'}`, {
            hint: `the kinds: ${FAULT_KINDS.map((k) => `${k.name} (${k.does})`).join('; ')}`,
          });
        }
        o.budget.kinds = kinds;
        break;
      }
      default:
        if (a.startsWith('-')) throw new ExploreInputError(`explore: no option ${a}`, { hint: USAGE });
        if (o.ref) throw new ExploreInputError(`explore: one steady state at a time, not "${o.ref}" and "${a}"`, { hint: USAGE });
        o.ref = a;
    }
  }
  if (o.rejudge && !o.ref) o.ref = (JSON.parse(readFileSync(join(o.rejudge, 'results.json'), 'utf8')) as { steadyState: string }).steadyState;
  if (!o.ref) throw new ExploreInputError('explore: which scenario is the steady state?', { hint: `${USAGE}\n  e.g. npm run explore -- features/under-fire.feature:45 --runs 30` });
  if (o.need > o.reruns) throw new ExploreInputError(`explore: --need ${o.need} is more than --reruns ${o.reruns}`, { hint: 'a candidate is kept when it fails in at least --need of up to --reruns runs' });
  return o;
}

/** The feature explore runs for one schedule: the steady state with the faults woven in. */
export function scheduleFeature(ss: SteadyState, schedule: Schedule, title: string): string {
  return writeFeature({
    name: `explore: ${ss.feature}`,
    description: [`Steady state: ${ss.ref} ("${ss.scenario}"). Written by npm run explore; the faults are anchored to counts of acked records.`],
    scenarios: [{ name: `${ss.scenario}: ${title}`, description: describe(schedule), steps: weave(ss, schedule) }],
  });
}

/** What an exploration was, for its summary's head: the steady state, the seeds, the kinds and the budget. */
function exploration(ss: SteadyState, seed: number, runs: number, budget: Budget): string[] {
  return [
    `Steady state: ${ss.ref} ("${ss.scenario}"), window ${ss.window.records} acked records at ${ss.window.rate} records/s.`,
    `Seeds ${seed} to ${seed + runs - 1}; fault kinds ${allowedKinds(ss, budget).map((k) => k.name).join(', ')}; at most ${budget.maxFaults} faults, ${budget.concurrent} at once, each ended within ${budget.healWithin} s.`,
  ];
}

/** The same finding as the run being shrunk: its anomaly, and the same party's (a suspect that turns documented is another finding). */
const sameFinding = (o: Outcome, as: Outcome) => o.anomaly === as.anomaly && o.whose === as.whose;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function explore(o: ExploreOptions, root = 'reports'): Promise<number> {
  const ss = loadSteadyState(o.ref);
  const kinds = allowedKinds(ss, o.budget);
  if (!kinds.length) {
    throw new ExploreInputError(`explore: no fault kind of ${o.budget.kinds.length ? `--faults ${o.budget.kinds.join(',')}` : 'the vocabulary'} can hit ${o.ref}`, {
      hint: 'link faults need a cluster "behind Toxiproxy"; kill, pause and restart need brokers, the mm2-* kinds an MM2 flow',
    });
  }
  if (o.rejudge) return rejudge(ss, o.rejudge);
  const dir = newRunDir(root, new Date(), 'explore-');
  const say = (line: string) => console.log(`explore: ${line}`);
  const header = [...exploration(ss, o.seed, o.runs, o.budget), `Machine: ${machineLine()}.`];
  say(header.join('\n         '));
  say(`folder ${dir}`);

  let interrupted = false;
  const stop = () => {
    interrupted = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const runOnce = async (name: string, schedule: Schedule, title: string): Promise<{ outcome: Outcome; seconds: number; runDir: string; code: number }> => {
    const runDir = join(dir, name);
    const file = join(dir, 'schedules', `${name}.feature`);
    mkdirSync(join(dir, 'schedules'), { recursive: true });
    writeFileSync(file, scheduleFeature(ss, schedule, title));
    const t0 = Date.now();
    const { code } = await launch({ args: ['--profile', 'drill', file], runDir, quiet: true, output: join(dir, `${name}.log`) });
    const seconds = (Date.now() - t0) / 1000;
    if (code === 130 || code === 143) interrupted = true;
    if (code === 2) throw new ExploreDefect(`explore: Cucumber refused the scenario explore wrote (${file}): a defect of explore`, { log: join(dir, `${name}.log`) });
    const outcome = judgeRun(runDir)[0];
    return { outcome: outcome ?? { scenario: title, status: 'UNKNOWN', validity: 'unknown', anomaly: 'no verdict (the scenario never ran)', whose: 'harness', counts: {}, acked: 0, evidence: [] }, seconds, runDir, code };
  };
  const line = (o2: Outcome) =>
    `${o2.whose === 'steady' ? 'held' : `${o2.anomaly} (${o2.whose})`}; verdict ${o2.validity}` +
    `${o2.inFlight !== undefined ? `, lost in flight ${o2.inFlight}` : ''}${o2.rpoS !== undefined ? `, RPO ${o2.rpoS.toFixed(1)} s` : ''}${o2.rtoS !== undefined ? `, RTO ${o2.rtoS.toFixed(1)} s` : ''}${o2.maxLagS !== undefined ? `, worst lag ${o2.maxLagS.toFixed(1)} s` : ''}`;

  if (o.dryRun) {
    for (let k = 1; k <= o.runs; k++) {
      const s = generate(ss, o.budget, o.seed + k - 1);
      say(`run ${k} (seed ${s.seed}): ${describe(s).join('; ')}`);
      mkdirSync(join(dir, 'schedules'), { recursive: true });
      writeFileSync(join(dir, 'schedules', `run-${String(k).padStart(3, '0')}.feature`), scheduleFeature(ss, s, `run ${k} of ${o.runs}, seed ${s.seed}: ${shapeOf(s)}`));
    }
    say(`dry run: the schedules are in ${join(dir, 'schedules')}; nothing ran`);
    return 0;
  }

  if (o.baseline) {
    say('run 0: the steady state with no fault, which must hold');
    const b = await runOnce('run-000', { seed: o.seed, faults: [] }, 'run 0, no fault');
    if (interrupted) return 130;
    say(`run 0: ${line(b.outcome)} (${b.seconds.toFixed(0)} s)`);
    if (b.outcome.whose !== 'steady') {
      throw new ExploreInputError(`explore: the steady state does not hold with no fault (${b.outcome.anomaly}${b.outcome.failedStep ? `, at "${b.outcome.failedStep}"` : ''}): every run would fail for it`, {
        hint: `fix the scenario or choose another; its run: ${b.runDir}/index.html`,
        log: join(dir, 'run-000.log'),
      });
    }
  }

  const runs: ExploredRun[] = [];
  const write = () => {
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ steadyState: ss.ref, seed: o.seed, budget: o.budget, runs }, null, 2)}\n`);
    writeFileSync(join(dir, 'summary.md'), summaryMarkdown(ss, runs, [`# explore ${ss.ref}`, '', ...header], o.budget));
    writeFileSync(join(dir, 'explore.html'), summaryHtml(ss, runs, `explore ${ss.ref}`, header, dir));
  };
  for (let k = 1; k <= o.runs && !interrupted; k++) {
    const schedule = generate(ss, o.budget, o.seed + k - 1);
    const name = `run-${String(k).padStart(3, '0')}`;
    say(`run ${k}/${o.runs} (seed ${schedule.seed}): ${describe(schedule).join('; ')}`);
    const r = await runOnce(name, schedule, `run ${k} of ${o.runs}, seed ${schedule.seed}: ${shapeOf(schedule)}`);
    if (interrupted && r.code >= 130) break;
    runs.push({ index: k, schedule, outcome: r.outcome, seconds: r.seconds, runDir: r.runDir });
    say(`run ${k}/${o.runs}: ${line(r.outcome)} (${r.seconds.toFixed(0)} s)`);
    write();
  }
  write();
  say(`${runs.length} run(s): summary ${join(dir, 'summary.md')}, page ${join(dir, 'explore.html')}`);
  if (interrupted) {
    say('interrupted: what ran is in the summary');
    return 130;
  }

  // Shrinking: the worst anomaly first (suspect, harness, documented), from its run with the fewest faults.
  const failing = runs.filter((r) => r.outcome.whose !== 'steady');
  const order = ['suspect', 'harness', 'documented'];
  const byAnomaly = new Map<string, ExploredRun>();
  for (const r of [...failing].sort((a, b) => order.indexOf(a.outcome.whose) - order.indexOf(b.outcome.whose) || a.schedule.faults.length - b.schedule.faults.length || a.index - b.index)) {
    if (!byAnomaly.has(r.outcome.anomaly)) byAnomaly.set(r.outcome.anomaly, r);
  }
  const chosen = o.shrink === 'none' ? [] : o.shrink === 'first' ? [...byAnomaly.values()].slice(0, 1) : [...byAnomaly.values()];
  for (const start of chosen) {
    if (interrupted) break;
    const anomaly = start.outcome.anomaly;
    say(`shrinking run ${start.index} (seed ${start.schedule.seed}, ${start.schedule.faults.length} fault(s)): ${anomaly}; a candidate is kept when it fails so in ${o.need} of up to ${o.reruns} runs, at most ${o.shrinkRuns} runs`);
    let t = 0;
    const evidence: Outcome[] = [];
    const shrunk = await shrink(
      ss,
      o.budget,
      start.schedule,
      async (s, change) => {
        if (interrupted) return false;
        t++;
        const r = await runOnce(`shrink-${slug(anomaly)}-${String(t).padStart(3, '0')}`, s, `shrinking ${anomaly}, trial ${t}: ${change}`);
        const same = sameFinding(r.outcome, start.outcome);
        if (same) evidence.push(r.outcome);
        say(`  trial ${t}: ${change}: ${same ? 'fails the same way' : r.outcome.whose === 'steady' ? 'held' : `${r.outcome.anomaly} (${r.outcome.whose}) instead`} (${r.seconds.toFixed(0)} s)`);
        return same;
      },
      { need: o.need, reruns: o.reruns, maxRuns: o.shrinkRuns, onTrial: (x: Trial) => say(`  ${x.kept ? 'kept' : 'not kept'}: ${x.change} (failed ${x.failed} of ${x.runs})`) },
    );
    if (interrupted) break;
    say(`shrunk to ${shrunk.schedule.faults.length} fault(s)${shrunk.outOfRuns ? ' (the run budget ran out: it may shrink further)' : ''}: ${describe(shrunk.schedule).join('; ')}`);
    const found = join('features', 'found', `${slug(anomaly)}-${start.schedule.seed}.feature`);
    const proof = evidence.at(-1) ?? start.outcome;
    const write1 = (rate: string) =>
      writeFoundFeature(found, ss, shrunk.schedule, {
        anomaly,
        whose: start.outcome.whose,
        exploredRun: start.index,
        exploreSeed: o.seed,
        from: start.schedule.faults.length,
        trials: shrunk.trials.reduce((a, x) => a + x.runs, 0),
        kept: shrunk.trials.filter((x) => x.kept).map((x) => x.change),
        rule: `${o.need} of up to ${o.reruns}`,
        rate,
        evidence: proof.evidence,
        replay: replayCommand(ss.ref, start.schedule.seed, o.budget),
      });
    write1('not measured yet');
    if (o.confirm > 0) {
      let failed = 0;
      let ran = 0;
      for (let c = 1; c <= o.confirm && !interrupted; c++) {
        const runDir = join(dir, `confirm-${slug(anomaly)}-${c}`);
        const { code } = await launch({ args: ['--profile', 'drill', found], runDir, quiet: true, output: `${runDir}.log` });
        if (code === 130 || code === 143) break;
        ran++;
        const out = judgeRun(runDir)[0];
        if (out && sameFinding(out, start.outcome)) failed++;
        say(`  confirm ${c}/${o.confirm}: npm run drill -- ${found}: ${out ? (out.whose === 'steady' ? 'held' : `${out.anomaly} (${out.whose})`) : 'no outcome'}`);
      }
      write1(`failed for this anomaly in ${failed} of ${ran} runs of this file alone (npm run drill), ${new Date().toISOString().slice(0, 10)}, on ${machineLine()}`);
    }
    say(`wrote ${found}`);
  }
  return interrupted ? 130 : 0;
}

/** Judges every run of an exploration folder again and rewrites its summary, results and page. */
function rejudge(ss: SteadyState, dir: string): number {
  const saved = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { seed: number; budget: Budget; runs: ExploredRun[] };
  const runs = saved.runs.map((r) => ({ ...r, outcome: judgeRun(r.runDir)[0] ?? r.outcome }));
  for (const r of runs) {
    const was = saved.runs.find((x) => x.index === r.index)!.outcome;
    if (was.anomaly !== r.outcome.anomaly || was.whose !== r.outcome.whose) console.log(`explore: run ${r.index}: ${was.anomaly} (${was.whose}) is now ${r.outcome.anomaly} (${r.outcome.whose})`);
  }
  const header = [...exploration(ss, saved.seed, runs.length, saved.budget), `Judged again ${new Date().toISOString()}.`];
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ ...saved, runs }, null, 2)}\n`);
  writeFileSync(join(dir, 'summary.md'), summaryMarkdown(ss, runs, [`# explore ${ss.ref}`, '', ...header], saved.budget));
  writeFileSync(join(dir, 'explore.html'), summaryHtml(ss, runs, `explore ${ss.ref}`, header, dir));
  console.log(`explore: ${runs.length} run(s) judged again: ${join(dir, 'summary.md')}`);
  return 0;
}

export function writeFoundFeature(
  file: string,
  ss: SteadyState,
  schedule: Schedule,
  i: { anomaly: string; whose: string; exploredRun: number; exploreSeed: number; from: number; trials: number; kept: string[]; rule: string; rate: string; evidence: string[]; replay: string },
): void {
  const ev = i.evidence.join('\n').split('\n').filter(Boolean).slice(0, 8);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(
    file,
    writeFeature({
      name: `Found by npm run explore: ${i.anomaly} (seed ${schedule.seed})`,
      tags: ['@found'],
      description: [
        `npm run explore found this schedule on ${ss.ref} ("${ss.scenario}"): run ${i.exploredRun} of an exploration from seed ${i.exploreSeed}.`,
        `It shrank it from ${i.from} fault(s) to ${schedule.faults.length} in ${i.trials} trial run(s), keeping a smaller schedule when it failed for the same anomaly in ${i.rule} runs${i.kept.length ? `; kept, in turn: ${i.kept.join('; ')}` : '; no smaller schedule failed so'}.`,
        `What fails: ${i.anomaly}. Whose: ${WHOSE[i.whose] ?? i.whose}.`,
        `Reproduction: ${i.rate}.`,
        `Replay the explored run before shrinking: ${i.replay}`,
        'This drill is expected to fail: it is the evidence. It runs only when named (npm run drill -- <this file>); the catalogue is features/*.feature.',
        ...(ev.length ? ['Evidence from the last failing run:', ...ev.map((l) => `  ${l}`)] : []),
      ],
      scenarios: [{ name: `${ss.scenario}, under: ${describe(schedule).join('; ')}`, steps: weave(ss, schedule) }],
    }),
  );
}

if (process.argv[1]?.endsWith('explore-cli.ts')) {
  try {
    const code = await explore(parseArgs(process.argv.slice(2)));
    process.exit(code);
  } catch (error) {
    if (error instanceof DrillError) {
      console.error(error.message);
      process.exit(error instanceof ExploreDefect ? 3 : 2);
    }
    throw error;
  }
}

