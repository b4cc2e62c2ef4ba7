import { existsSync } from 'node:fs';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { PrerequisiteMissing } from '../../errors.ts';

/**
 * The container engine's Docker-compatible API (Docker's own, or podman's `podman system
 * service`), reached the way testcontainers reaches it: DOCKER_HOST, else the usual sockets.
 * Only what testcontainers does not offer is called here directly: ping, image inspect and
 * import, list and remove by label (the cleanup must not depend on Ryuk, which podman runs
 * without).
 */
export interface Engine {
  /** unix:///run/podman/podman.sock, tcp://host:2375 */
  readonly url: string;
  /** "Podman Engine 4.3.1" or "Docker Engine 27.1.1". */
  readonly description: string;
  readonly podman: boolean;
}

const SOCKETS = ['/var/run/docker.sock', '/run/podman/podman.sock', '/run/user/0/podman/podman.sock'];

/** Where the engine is; DOCKER_HOST wins, else the first known socket that exists. */
export function engineUrl(env = process.env): string | undefined {
  const host = env.DOCKER_HOST?.trim();
  if (host) return host;
  const uid = process.getuid?.();
  const candidates = uid !== undefined && uid !== 0 ? [...SOCKETS, `/run/user/${uid}/podman/podman.sock`] : SOCKETS;
  const found = candidates.find((s) => existsSync(s));
  return found ? `unix://${found}` : undefined;
}

/** The command that makes this machine ready, for every "engine missing" error. */
export const ENGINE_SETUP_HINT =
  'on Debian as root run .ci/setup-podman (it installs podman, runc and debootstrap, writes /etc/containers/containers.conf and starts ' +
  '`podman system service --time=0 unix:///run/podman/podman.sock`), then export DOCKER_HOST=unix:///run/podman/podman.sock; ' +
  'with Docker, start dockerd or point DOCKER_HOST at it';

interface Call {
  method?: string;
  path: string;
  body?: Readable | string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One API call; resolves with the status and the whole body. */
export function call(url: string, c: Call): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = url.startsWith('unix://') ? { socketPath: url.slice('unix://'.length) } : (() => {
      const u = new URL(url.replace(/^tcp:/, 'http:'));
      return { host: u.hostname, port: Number(u.port || 2375) };
    })();
    const req = request({ ...target, method: c.method ?? 'GET', path: c.path, headers: { Host: 'docker', ...c.headers }, timeout: c.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`the engine did not answer ${c.method ?? 'GET'} ${c.path} within ${c.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    if (typeof c.body === 'string') req.end(c.body);
    else if (c.body) c.body.pipe(req);
    else req.end();
  });
}

/**
 * The engine, answering: fails with the command that sets it up when none is configured or
 * none answers. Also turns off Ryuk (testcontainers' reaper container) unless told otherwise:
 * its image cannot be pulled where no registry is reachable, and this runtime removes its
 * containers itself (container-reaper.ts).
 */
export async function connectEngine(env = process.env): Promise<Engine> {
  const url = engineUrl(env);
  if (!url) throw new PrerequisiteMissing('the containers runtime found no container engine (DOCKER_HOST is unset and no Docker or podman socket exists)', { hint: ENGINE_SETUP_HINT });
  let version: { status: number; body: string };
  try {
    version = await call(url, { path: '/version', timeoutMs: 10_000 });
  } catch (error) {
    throw new PrerequisiteMissing(`the container engine at ${url} does not answer (${(error as Error).message})`, { hint: ENGINE_SETUP_HINT });
  }
  if (version.status !== 200) throw new PrerequisiteMissing(`the container engine at ${url} answered /version with HTTP ${version.status}`, { hint: ENGINE_SETUP_HINT });
  const parsed = JSON.parse(version.body) as { Version?: string; Components?: { Name: string; Version: string }[] };
  const engine = parsed.Components?.find((c) => /engine/i.test(c.Name)) ?? { Name: 'Docker Engine', Version: parsed.Version ?? '?' };
  env.DOCKER_HOST ??= url;
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  return { url, description: `${engine.Name} ${engine.Version}`, podman: /podman/i.test(engine.Name) };
}

export async function imageExists(engine: Engine, name: string): Promise<boolean> {
  const res = await call(engine.url, { path: `/images/${encodeURIComponent(name)}/json` });
  return res.status === 200;
}

/** `docker import` / `podman import` of a root file system tar as `name` (repo:tag). */
export async function importImage(engine: Engine, tar: Readable, name: string, changes: string[]): Promise<void> {
  const colon = name.lastIndexOf(':');
  const [repo, tag] = colon > name.lastIndexOf('/') ? [name.slice(0, colon), name.slice(colon + 1)] : [name, 'latest'];
  const query = new URLSearchParams({ fromSrc: '-', repo, tag });
  for (const c of changes) query.append('changes', c);
  const res = await call(engine.url, { method: 'POST', path: `/images/create?${query}`, body: tar, headers: { 'Content-Type': 'application/x-tar' }, timeoutMs: 600_000 });
  if (res.status !== 200 || /"error"/.test(res.body)) throw new Error(`importing ${name} failed (HTTP ${res.status}): ${res.body.slice(0, 500)}`);
  // podman's compatible API ignores `tag` on import (the image is named repo:latest): tag it as asked.
  if (!(await imageExists(engine, name)) && (await imageExists(engine, `${repo}:latest`))) {
    const t = await call(engine.url, { method: 'POST', path: `/images/${encodeURIComponent(`${repo}:latest`)}/tag?${new URLSearchParams({ repo, tag })}` });
    if (t.status >= 300) throw new Error(`tagging ${repo}:latest as ${name} failed (HTTP ${t.status}): ${t.body.slice(0, 300)}`);
    await call(engine.url, { method: 'DELETE', path: `/images/${encodeURIComponent(`${repo}:latest`)}` });
  }
}

export interface LabelledContainer {
  id: string;
  names: string[];
  labels: Record<string, string>;
  state: string;
}

/** Every container (running or not) carrying `label` (`key` or `key=value`). */
export async function containersLabelled(engine: Pick<Engine, 'url'>, label: string): Promise<LabelledContainer[]> {
  const res = await call(engine.url, { path: `/containers/json?all=true&filters=${encodeURIComponent(JSON.stringify({ label: [label] }))}` });
  if (res.status !== 200) throw new Error(`listing containers failed (HTTP ${res.status}): ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { Id: string; Names?: string[]; Labels?: Record<string, string>; State?: string }[]).map((c) => ({
    id: c.Id,
    names: c.Names ?? [],
    labels: c.Labels ?? {},
    state: c.State ?? '',
  }));
}

/** Force-removes a container (a running or paused one is killed first) and its anonymous volumes. */
export async function removeContainer(engine: Pick<Engine, 'url'>, id: string): Promise<void> {
  const res = await call(engine.url, { method: 'DELETE', path: `/containers/${id}?force=true&v=true` });
  if (res.status >= 300 && res.status !== 404) throw new Error(`removing container ${id.slice(0, 12)} failed (HTTP ${res.status}): ${res.body.slice(0, 300)}`);
}
