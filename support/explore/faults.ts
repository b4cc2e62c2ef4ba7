/**
 * The faults explore draws from, as data: for each kind, what it can hit in a steady state and
 * the steps of the project's vocabulary (steps/fault.steps.ts) that inject and heal it. Nothing
 * here injects anything: a schedule is written as Gherkin and run like any drill.
 *
 * Three shapes:
 *   timed    the fault ends by itself (`… is paused for 4 seconds`, `… is cut for 4 seconds`);
 *   held     injected at one anchor and healed at a later one (`MirrorMaker 2 is killed` …
 *            `MirrorMaker 2 is restarted`), both anchors counts of acked records;
 *   instant  injected and healed by consecutive steps (a bounce, a rolling restart).
 * A fault that would stop the producers (their cluster down, their link blackholed) is never
 * held: its heal would wait for acks that cannot come.
 */
import type { Fault } from '../runtime/runtime.ts';
import type { SteadyState } from './steady-state.ts';

export type Shape = 'timed' | 'held' | 'instant';

/** One thing a fault kind can hit, with the resource it occupies (two faults never hold one resource at once). */
export interface Target {
  /** For people: `MirrorMaker 2`, `broker 1 of es-tgt`, `the link from MirrorMaker 2 to es-src`. */
  name: string;
  resource: string;
  /** Whether hitting it stops the steady state's producers (so the fault cannot be held). */
  stopsProducers: boolean;
}

export interface Injection {
  start: string[];
  /** The heal, for a held fault: steps run at the fault's end anchor. */
  end: string[];
}

export interface FaultKind {
  /** As `--faults` names it. */
  name: string;
  /** What the runtime must be able to inject (support/runtime/runtime.ts). */
  needs: Fault[];
  shape: Shape;
  /** For people: one line on what it does. */
  does: string;
  targets(ss: SteadyState): Target[];
  /** The steps for `target`, lasting `seconds` (timed and held kinds; a held kind's length is in records). */
  steps(target: Target, seconds: number, ss: SteadyState): Injection;
  /** For kinds with a magnitude (latency, throttle): drawn from these. */
  magnitudes?: number[];
}

const q = (s: string) => `"${s}"`;

/** MM2 as the steps name it: the short form with one flow, `MirrorMaker 2 from "a" to "b"` with several. */
function mm2Targets(ss: SteadyState): Target[] {
  if (ss.flows.length <= 1) return [{ name: 'MirrorMaker 2', resource: 'mm2', stopsProducers: false }];
  return ss.flows.map((f) => ({ name: `MirrorMaker 2 from ${q(f.source)} to ${q(f.target)}`, resource: `mm2:${f.source}->${f.target}`, stopsProducers: false }));
}

function brokerTargets(ss: SteadyState, every: boolean): Target[] {
  const out: Target[] = [];
  for (const c of ss.clusters) {
    // The producers' cluster with one broker stops them; with more, the others keep taking writes
    // only for a single broker's loss (replication factor and min.insync.replicas one less).
    if (every) out.push({ name: `every broker of ${q(c.alias)}`, resource: `cluster:${c.alias}`, stopsProducers: c.alias === ss.window.cluster });
    else for (let b = 1; b <= c.brokers; b++) out.push({ name: `broker ${b} of ${q(c.alias)}`, resource: `cluster:${c.alias}`, stopsProducers: c.alias === ss.window.cluster && c.brokers === 1 });
  }
  return out;
}

function linkTargets(ss: SteadyState): Target[] {
  const out: Target[] = [];
  for (const c of ss.clusters.filter((x) => x.behindToxiproxy)) {
    for (const viewer of ['MirrorMaker 2', 'the apps']) {
      // A link the steady state already hurts is its own: a heal would take its toxics away too.
      if (ss.steps.some((s) => s.text.startsWith(`the link from ${viewer} to ${q(c.alias)}`) || s.text === 'every link is healed')) continue;
      out.push({ name: `the link from ${viewer} to ${q(c.alias)}`, resource: `link:${viewer}:${c.alias}`, stopsProducers: viewer === 'the apps' && c.alias === ss.window.cluster });
    }
  }
  return out;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  {
    name: 'mm2-kill',
    needs: ['kill', 'restart'],
    shape: 'held',
    does: 'SIGKILL to MM2, restarted later',
    targets: mm2Targets,
    steps: (t) => ({ start: [`${t.name} is killed`], end: [`${t.name} is restarted`] }),
  },
  {
    name: 'mm2-stop',
    needs: ['stop', 'restart'],
    shape: 'held',
    does: 'SIGTERM to MM2, restarted later',
    targets: mm2Targets,
    steps: (t) => ({ start: [`${t.name} is stopped`], end: [`${t.name} is restarted`] }),
  },
  {
    name: 'mm2-pause',
    needs: ['pause'],
    shape: 'timed',
    does: 'SIGSTOP to MM2, SIGCONT after a while',
    targets: mm2Targets,
    steps: (t, s) => ({ start: [`${t.name} is paused for ${s} second${s === 1 ? '' : 's'}`], end: [] }),
  },
  {
    name: 'mm2-restart',
    needs: ['stop', 'restart'],
    shape: 'instant',
    does: 'MM2 stopped and started again at once',
    targets: mm2Targets,
    steps: (t) => ({ start: [`${t.name} is stopped`, `${t.name} is restarted`], end: [] }),
  },
  {
    name: 'kill',
    needs: ['kill', 'restart'],
    shape: 'held',
    does: "SIGKILL to one broker, restarted later (at once on the producers' only broker)",
    targets: (ss) => brokerTargets(ss, false),
    steps: (t) => ({ start: [`${t.name} is killed`], end: [`${t.name} is restarted`] }),
  },
  {
    name: 'pause',
    needs: ['pause'],
    shape: 'timed',
    does: 'SIGSTOP to one broker or a whole cluster, SIGCONT after a while',
    targets: (ss) => [...brokerTargets(ss, false), ...brokerTargets(ss, true).filter((t) => ss.clusters.find((c) => t.resource === `cluster:${c.alias}`)!.brokers > 1)],
    steps: (t, s) => ({ start: [`${t.name} is paused for ${s} second${s === 1 ? '' : 's'}`], end: [] }),
  },
  {
    name: 'restart',
    needs: ['stop', 'restart'],
    shape: 'instant',
    does: "a rolling restart of a cluster's brokers",
    targets: (ss) => brokerTargets(ss, true).map((t) => ({ ...t, name: t.name.replace('every broker of ', '') })),
    steps: (t) => ({ start: [`the brokers of ${t.name} are restarted one at a time`], end: [] }),
  },
  {
    name: 'link-cut',
    needs: ['network'],
    shape: 'timed',
    does: 'a Toxiproxy link disabled for a while',
    targets: linkTargets,
    steps: (t, s) => ({ start: [`${t.name} is cut for ${s} second${s === 1 ? '' : 's'}`], end: [] }),
  },
  {
    name: 'latency',
    needs: ['network'],
    shape: 'held',
    does: 'a latency toxic on a link, healed later',
    targets: linkTargets,
    magnitudes: [50, 200, 1000],
    steps: (t, _s, _ss) => ({ start: [`${t.name} has {magnitude} ms latency`], end: [`${t.name} is healed`] }),
  },
  {
    name: 'throttle',
    needs: ['network'],
    shape: 'held',
    does: 'a bandwidth toxic on a link, healed later',
    targets: linkTargets,
    magnitudes: [16, 64, 256],
    steps: (t) => ({ start: [`${t.name} is throttled to {magnitude} KB/s`], end: [`${t.name} is healed`] }),
  },
  {
    name: 'blackhole',
    needs: ['network'],
    shape: 'held',
    does: 'a link that keeps connections open and lets nothing through, healed later',
    targets: (ss) => linkTargets(ss).filter((t) => !t.stopsProducers),
    steps: (t) => ({ start: [`${t.name} is blackholed`], end: [`${t.name} is healed`] }),
  },
];

export function faultKind(name: string): FaultKind | undefined {
  return FAULT_KINDS.find((k) => k.name === name);
}
