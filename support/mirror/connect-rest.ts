/**
 * The Kafka Connect REST API, as far as the drills use it (Connect's own paths and payloads:
 * GET /, PUT /connectors/{name}/config, GET /connectors/{name}/status, PUT …/pause and …/resume,
 * POST …/restart and …/tasks/{id}/restart, GET /connector-plugins/{class}/config; KIP-875's
 * PUT …/stop and PATCH …/offsets).
 */

export interface ConnectorState {
  state: string;
  worker_id: string;
  trace?: string;
}

export interface ConnectorStatus {
  name: string;
  connector: ConnectorState;
  tasks: (ConnectorState & { id: number })[];
  type?: string;
}

/** A non-2xx answer: Connect's error_code and message. */
export class ConnectRestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${ConnectRestError.messageOf(body)}`);
  }
  static messageOf(body: string): string {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      return parsed.message ?? body;
    } catch {
      return body;
    }
  }
}

/**
 * Connect refuses a request it cannot serve while its group rebalances, without acting on it: 409
 * ("Cannot complete request momentarily due to stale configuration", "rebalance in progress") or
 * 500 with "Request cannot be completed because a rebalance is expected" (a worker just started
 * again, e.g. after `docker start`). Such a request is sent again until the rebalance is over.
 */
export function refusedForRebalance(status: number, body: string): boolean {
  const message = ConnectRestError.messageOf(body);
  return (status === 409 || status === 500) && /rebalance|stale configuration/i.test(message);
}

export class ConnectRest {
  constructor(
    /** http://127.0.0.1:port */
    readonly url: string,
    private readonly timeoutMs = 10_000,
    /**
     * How long a request refused for a rebalance is sent again (every 250 ms) before the refusal
     * stands: the external runtime's Connect (your lab's, whose workers a fault may just have
     * started again) gets 90 s; the harness's own Connect workers are polled by their callers.
     */
    private readonly rebalanceWaitMs = 0,
  ) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const deadline = Date.now() + this.rebalanceWaitMs;
    for (;;) {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
      if (!refusedForRebalance(response.status, text) || Date.now() >= deadline) throw new ConnectRestError(method, path, response.status, text);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The worker's version and the Kafka cluster it stores its state in, once its REST server is up. */
  root(): Promise<{ version: string; commit: string; kafka_cluster_id: string }> {
    return this.#call('GET', '/');
  }

  connectors(): Promise<string[]> {
    return this.#call('GET', '/connectors');
  }

  /** Creates or updates a connector (Connect validates the config first: 400 with its errors). */
  putConfig(name: string, config: Record<string, string>): Promise<unknown> {
    return this.#call('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
  }

  config(name: string): Promise<Record<string, string>> {
    return this.#call('GET', `/connectors/${encodeURIComponent(name)}/config`);
  }

  status(name: string): Promise<ConnectorStatus> {
    return this.#call('GET', `/connectors/${encodeURIComponent(name)}/status`);
  }

  pause(name: string): Promise<unknown> {
    return this.#call('PUT', `/connectors/${encodeURIComponent(name)}/pause`);
  }

  resume(name: string): Promise<unknown> {
    return this.#call('PUT', `/connectors/${encodeURIComponent(name)}/resume`);
  }

  /** Stops the connector and its tasks, keeping its config (KIP-875): the state its offsets can be altered in. */
  stop(name: string): Promise<unknown> {
    return this.#call('PUT', `/connectors/${encodeURIComponent(name)}/stop`);
  }

  /** Alters a stopped connector's offsets (KIP-875): the connector validates them (MirrorSourceConnector.alterOffsets). */
  alterOffsets(name: string, offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[]): Promise<{ message?: string }> {
    return this.#call('PATCH', `/connectors/${encodeURIComponent(name)}/offsets`, { offsets });
  }

  /** The connector and, with includeTasks, every task of it (KIP-745). */
  restart(name: string, includeTasks: boolean): Promise<unknown> {
    return this.#call('POST', `/connectors/${encodeURIComponent(name)}/restart?includeTasks=${includeTasks}&onlyFailed=false`);
  }

  restartTask(name: string, task: number): Promise<unknown> {
    return this.#call('POST', `/connectors/${encodeURIComponent(name)}/tasks/${task}/restart`);
  }

  /** The names of every setting a connector class defines (its own and Connect's base connector settings). */
  async pluginConfigNames(connectorClass: string): Promise<string[]> {
    const defs = await this.#call<{ name: string }[]>('GET', `/connector-plugins/${encodeURIComponent(connectorClass)}/config`);
    return defs.map((d) => d.name);
  }
}

/** "MirrorSourceConnector RUNNING on 127.0.0.1:8083, task 0 RUNNING" for progress lines. */
export function describeStatus(s: ConnectorStatus): string {
  const tasks = s.tasks.length ? s.tasks.map((t) => `task ${t.id} ${t.state}`).join(', ') : 'no task';
  return `${s.name} ${s.connector.state} (${tasks})`;
}

/** The connector or its tasks that FAILED, each with the first lines of the trace Connect reports. */
export function failuresOf(s: ConnectorStatus, traceLines = 6): string[] {
  const quote = (trace: string | undefined) =>
    (trace ?? '(no trace)')
      .split('\n')
      .slice(0, traceLines)
      .map((l) => `      ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`)
      .join('\n');
  const out: string[] = [];
  if (s.connector.state === 'FAILED') out.push(`  connector ${s.name} FAILED on worker ${s.connector.worker_id}:\n${quote(s.connector.trace)}`);
  for (const t of s.tasks) if (t.state === 'FAILED') out.push(`  task ${t.id} of ${s.name} FAILED on worker ${t.worker_id}:\n${quote(t.trace)}`);
  return out;
}
