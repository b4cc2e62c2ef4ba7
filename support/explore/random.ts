/**
 * A seeded pseudo-random generator for explore (mulberry32: 32 bits of state, a few
 * multiplications per draw). The same seed gives the same draws on every machine and Node
 * version, which Math.random cannot: a schedule is replayed from its seed alone.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a seed is a whole number from 0 to 2^53 - 1, not ${seed}`);
    // Fold the seed's high bits into the 32-bit state, so seeds past 2^32 differ too.
    this.#state = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`no whole number lies from ${min} to ${max}`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new RangeError('nothing to pick from');
    return items[Math.floor(this.next() * items.length)]!;
  }
}
