import { BadStepParameter } from '../errors.ts';
import { ISOLATION_LEVELS, type IsolationLevel } from '../kafka/read-end.ts';

/**
 * The isolation level the scenario's consumers read with: one for every group, or one per group
 * (which wins). Unset, both clients read read_committed (their default, unlike Java's consumer,
 * whose default is read_uncommitted), and the end of a read to the end is the last stable offset.
 */
export class IsolationChoice {
  #all: IsolationLevel | undefined;
  readonly #groups = new Map<string, IsolationLevel>();

  choose(level: string, group?: string): void {
    if (!(ISOLATION_LEVELS as readonly string[]).includes(level)) {
      throw new BadStepParameter(`"${level}" is no isolation level`, { hint: `write ${ISOLATION_LEVELS.join(' or ')}` });
    }
    if (group === undefined) this.#all = level as IsolationLevel;
    else this.#groups.set(group, level as IsolationLevel);
  }

  /** The group's isolation level: its own, else the apps', else read_committed (both clients' default). */
  of(group: string): IsolationLevel {
    return this.#groups.get(group) ?? this.#all ?? 'read_committed';
  }
}
