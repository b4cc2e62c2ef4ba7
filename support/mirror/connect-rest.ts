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

export class ConnectRest {
  constructor(
    /** http://127.0.0.1:port */
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new ConnectRestError(method, path, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
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
