import type { Runtime } from '../runtime/runtime.ts';
import { wholeNumber, type NumberRule } from '../step-numbers.ts';

/** The names of topics and groups on the clusters, and the counts a step gives. */
export class Names {
  /** What the scenario named → what the clusters hold, when they differ (a shared, external cluster). */
  readonly #names = new Map<string, string>();

  constructor(private readonly scope: { readonly run: string; runtime(): Runtime | undefined }) {}

  /**
   * The name of a topic or group on the clusters. On a runtime whose clusters outlive the scenario
   * (external), every name the scenario gives carries its run id: `products` → `products-<run>`.
   * A suffix keeps MM2's remote names consistent: `es-src.products` (a name the scenario gives for
   * the remote topic) → `es-src.products-<run>`, which is what MM2 names `products-<run>` there
   * under the default and identity policies alike. Everywhere else names are as written.
   */
  name(kind: 'topic' | 'group', name: string): string {
    if (!this.scope.runtime()?.namesCarryRunId) return name;
    const physical = `${name}-${this.scope.run}`;
    this.#names.set(`${kind} ${name}`, physical);
    return physical;
  }
  t(topic: string): string {
    return this.name('topic', topic);
  }
  g(group: string): string {
    return this.name('group', group);
  }

  /** "topic products → products-1a2b3c4d on the clusters" once per name, for the report (empty where names are as written). */
  onClusters(): string[] {
    return [...this.#names].map(([logical, physical]) => `${logical} → ${physical} on the clusters (this scenario's run id ${this.scope.run})`);
  }

  count(n: number, rule: NumberRule): number {
    return wholeNumber(n, rule);
  }
}
