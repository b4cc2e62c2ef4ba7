import { LogWatch } from '../os/log-watch.ts';

/**
 * Which member leads a Connect group, as one worker's log tells it. Kafka's AbstractCoordinator
 * logs its own member id at each join:
 *   Successfully joined group with generation Generation{generationId=3, memberId='connect-127.0.0.1:8083-1f…', protocol='sessioned'}
 * and the herder the assignment the leader computed, which names the leader:
 *   Joined group at generation 3 with protocol version 2 and got assignment: Assignment{error=0, leader='connect-127.0.0.1:8083-1f…', leaderUrl='http://127.0.0.1:8083/', …}
 * A dedicated MM2 and a Connect worker log both (DistributedHerder, WorkerCoordinator).
 */
const JOINED = /Successfully joined group with generation Generation\{generationId=(\d+), memberId='([^']*)'/;
const ASSIGNED = /Joined group at generation (\d+) with protocol version \d+ and got assignment: \S*\{error=(\d+), leader='([^']*)'/;

export interface GroupView {
  generation: number;
  memberId: string;
  leader: string;
  /** What the member runs after that rebalance: connector names, and tasks as "<connector>-<n>". */
  connectors: string[];
  tasks: string[];
}

const list = (line: string, key: string): string[] => {
  const m = new RegExp(`[{ ]${key}=\\[([^\\]]*)\\]`).exec(line);
  return m?.[1] ? m[1].split(', ').filter(Boolean) : [];
};

/** Follows a worker's log; `view()` is its latest complete view of the group (same generation on both lines). */
export class GroupLeaderWatch {
  readonly #log: LogWatch;
  #member: { generation: number; memberId: string } | undefined;
  #view: GroupView | undefined;

  constructor(logFile: string) {
    this.#log = new LogWatch(logFile);
  }

  view(): GroupView | undefined {
    for (const line of this.#log.newLines()) this.#feed(line);
    return this.#view;
  }

  /** The log of a restarted worker goes on in the same file: a new member id comes with its next join. */
  #feed(line: string): void {
    const joined = JOINED.exec(line);
    if (joined) {
      this.#member = { generation: Number(joined[1]), memberId: joined[2]! };
      return;
    }
    const assigned = ASSIGNED.exec(line);
    if (assigned && this.#member && Number(assigned[1]) === this.#member.generation && assigned[2] === '0') {
      this.#view = { generation: this.#member.generation, memberId: this.#member.memberId, leader: assigned[3]!, connectors: list(line, 'connectorIds'), tasks: list(line, 'taskIds') };
    }
  }
}

/**
 * The index (from 1) of the running node that leads, by the newest generation any running node
 * has seen: the node whose own member id is that generation's leader. Undefined while unknown.
 */
export function leaderOf(views: { index: number; running: boolean; view: GroupView | undefined }[]): number | undefined {
  const live = views.filter((v) => v.running && v.view);
  const newest = Math.max(...live.map((v) => v.view!.generation));
  const current = live.filter((v) => v.view!.generation === newest);
  return current.find((v) => v.view!.memberId === v.view!.leader)?.index;
}

/**
 * Whether the running nodes have taken over everything `expected` names, at the newest
 * generation: every running node joined it, one of them leads it, and together they run every
 * expected connector and task. Else what is missing, for the progress line.
 */
export function takenOver(views: { index: number; running: boolean; view: GroupView | undefined }[], expected: { connectors: string[]; tasks: string[] }): true | string {
  const live = views.filter((v) => v.running);
  if (live.some((v) => !v.view)) return `node ${live.find((v) => !v.view)!.index} has not joined the group yet`;
  const newest = Math.max(...live.map((v) => v.view!.generation));
  const behind = live.filter((v) => v.view!.generation !== newest);
  if (behind.length) return `generation ${newest}: node(s) ${behind.map((v) => v.index).join(', ')} not rebalanced yet`;
  if (leaderOf(views) === undefined) return `generation ${newest}: no running node leads`;
  const connectors = new Set(live.flatMap((v) => v.view!.connectors));
  const tasks = new Set(live.flatMap((v) => v.view!.tasks));
  const missing = [...expected.connectors.filter((c) => !connectors.has(c)), ...expected.tasks.filter((t) => !tasks.has(t))];
  return missing.length === 0 ? true : `generation ${newest}: nobody runs ${missing.join(', ')} yet`;
}

/** Everything the nodes run, by the latest view of each (the dead ones' last view included). */
export function assignedSoFar(views: { view: GroupView | undefined }[]): { connectors: string[]; tasks: string[] } {
  return {
    connectors: [...new Set(views.flatMap((v) => v.view?.connectors ?? []))],
    tasks: [...new Set(views.flatMap((v) => v.view?.tasks ?? []))],
  };
}
