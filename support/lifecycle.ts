/*
 * The one lifecycle contract of everything the harness starts: a broker, an MM2 node, a Connect
 * worker, a dedicated MM2, a Toxiproxy server. Each is Started (it runs, it logs) and declares
 * the faults it takes as capabilities, as Jepsen's nemeses ask a node for its Kill or Pause
 * protocol and testcontainers' GenericContainer starts a StartedGenericContainer that can be
 * stopped: a runtime that cannot do a fault lacks that part, and the fault is refused before a
 * scenario starts (support/runtime/capabilities.ts).
 *
 * Base layer: the runtimes, the mirror (its StartedMirror) and the links implement it.
 */

/** Something the harness started. */
export interface Started {
  /** Up now: not stopped, killed or exited (a paused one is running). */
  readonly running: boolean;
  /** Its output, across restarts. */
  readonly logFile: string;
}

export interface Stoppable {
  /**
   * Ends it, in order where it has an order: a node's is a controlled shutdown, SIGTERM (the
   * engine's stop for a container), SIGKILL after the grace period; toxiproxy-server, which keeps
   * nothing, is killed.
   */
  stop(): Promise<void>;
}

export interface Killable {
  /** SIGKILL: no shutdown at all, like a power cut. */
  kill(): Promise<void>;
}

export interface Pausable {
  /** Freezes it (SIGSTOP, or the engine's cgroup freezer: a long GC pause, a hung VM); may be asynchronous. */
  pause(): void | Promise<void>;
  /** Thaws it (SIGCONT, or unfrozen). */
  resume(): void | Promise<void>;
}

export interface Restartable {
  /** Starts it again with its config and data; only when it is not running. */
  restart(): void | Promise<void>;
}

/** Says why it is not running (exit code, signal, or what the scenario did). */
export interface ExitDescribed {
  describeExit(): string;
}

/** A node every node fault applies to: stop, kill, pause and resume, restart. */
export interface Lifecycle extends Started, Stoppable, Killable, Pausable, Restartable {}

/**
 * How a runtime pauses and resumes, in a short human word for the fault line ("paused for 10 s
 * (SIGSTOP)"): 'SIGSTOP' / 'SIGCONT' for processes, 'cgroup freezer' / 'unfrozen' for containers.
 */
export interface PauseMethod {
  readonly pause: string;
  readonly resume: string;
}
