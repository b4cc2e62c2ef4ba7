import { PHASES, type Phase } from '../phases.ts';

export { PHASES, type Phase } from '../phases.ts';

/**
 * Wall-clock milliseconds per phase: the time in which at least one operation of the phase ran
 * (two clusters starting side by side count once). Different phases may overlap (clusters start
 * in the background while other steps run), so the phases can add up to more than `total`, the
 * scenario's own duration.
 */
export class PhaseTimer {
  readonly #spans = new Map<Phase, [number, number][]>();
  readonly started = Date.now();
  /** The harness process's CPU time at the scenario's start (process.cpuUsage). */
  readonly cpu = process.cpuUsage();

  /** CPU ms the harness process (not its JVMs) used since the scenario started: user + system. */
  cpuMs(): number {
    const u = process.cpuUsage(this.cpu);
    return Math.round((u.user + u.system) / 1000);
  }

  span(phase: Phase, start: number, end = Date.now()): void {
    const spans = this.#spans.get(phase) ?? [];
    spans.push([start, end]);
    this.#spans.set(phase, spans);
  }

  async time<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await work();
    } finally {
      this.span(phase, start);
    }
  }

  ms(phase: Phase): number | undefined {
    const spans = this.#spans.get(phase);
    if (!spans) return undefined;
    let total = 0;
    let reach = -Infinity;
    for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
      if (b <= reach) continue;
      total += b - Math.max(a, reach);
      reach = b;
    }
    return total;
  }

  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of PHASES) {
      const ms = this.ms(p);
      if (ms !== undefined) out[p] = ms;
    }
    out.total = Date.now() - this.started;
    return out;
  }

  /** "cluster start 3.1 s, MM2 ready 2.0 s, … (scenario 6.8 s)". */
  describe(): string {
    const json = this.toJSON();
    const parts = PHASES.filter((p) => json[p] !== undefined).map((p) => `${p} ${(json[p]! / 1000).toFixed(1)} s`);
    return `${parts.join(', ')} (scenario ${(json.total! / 1000).toFixed(1)} s)`;
  }
}
