// The containers runtime's emergency cleanup, as a process of its own (plain Node, no
// dependencies): started once per run with a pipe from the harness on stdin, detached from the
// harness's process group (Ctrl-C does not reach it). Lines on stdin register (`dir <path>`)
// or forget (`forget <path>`) scratch folders. When stdin ends, however the harness ended
// (normal exit, Ctrl-C, SIGKILL, crash), it force-removes every container labelled with this
// run's id through the engine's API, then the registered folders, and exits. After a normal
// teardown there is nothing left for it to do. (Testcontainers' own reaper, Ryuk, is off: it is
// a container of its own, pulled from Docker Hub, and podman runs without it.)
//
// usage: node container-reaper.mjs <engine url> <run id>
import { rmSync } from 'node:fs';
import { request } from 'node:http';

const [url, run] = process.argv.slice(2);
const dirs = new Set();
let buffered = '';

function call(method, path) {
  return new Promise((resolve) => {
    const target = url.startsWith('unix://') ? { socketPath: url.slice(7) } : (() => {
      const u = new URL(url.replace(/^tcp:/, 'http:'));
      return { host: u.hostname, port: Number(u.port || 2375) };
    })();
    const req = request({ ...target, method, path, headers: { Host: 'docker' }, timeout: 30_000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: String(error) }));
    req.end();
  });
}

async function reap() {
  const filters = encodeURIComponent(JSON.stringify({ label: [`mirrordrill.run=${run}`] }));
  const list = await call('GET', `/containers/json?all=true&filters=${filters}`);
  let removed = 0;
  if (list.status === 200) {
    for (const c of JSON.parse(list.body)) {
      const res = await call('DELETE', `/containers/${c.Id}?force=true&v=true`);
      if (res.status < 300) removed++;
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (removed) process.stderr.write(`mirrordrill: removed ${removed} container(s) of run ${run} the harness left behind\n`);
  process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (line.startsWith('dir ')) dirs.add(line.slice(4));
    else if (line.startsWith('forget ')) dirs.delete(line.slice(7));
  }
});
process.stdin.on('end', () => void reap());
process.stdin.on('error', () => void reap());
