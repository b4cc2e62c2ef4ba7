/**
 * The grep test of secured runs: runs the secured drills with MIRRORDRILL_SECRET_CANARY set (every
 * password the harness makes then starts with the canary), then greps what the run left for the
 * canary and for private keys: the run's report folder (logs, properties, verdicts, report.json),
 * Cucumber's HTML report and everything Cucumber printed. Also checks that no private folder
 * (keys, passwords) and no JVM of the run is left. Exit 0 when clean; else it names the files
 * and line numbers (never the lines). Also that no app under test outlived the run (a process whose
 * environment carries MIRRORDRILL_APP, which the harness gives every app it starts).
 *
 *   flock /tmp/drill.lock npm run check:secrets [-- features/x.feature ...]
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const features = process.argv.slice(2).length ? process.argv.slice(2) : ['features/secured-failover.feature', 'features/negative-controls-security.feature'];
const canary = `CANARY${randomBytes(6).toString('hex')}`;
const NEEDLES: [string, RegExp][] = [
  ['a password (the canary)', new RegExp(canary)],
  ['a private key', /PRIVATE KEY-----/],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function scan(name: string, text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  for (const [what, re] of NEEDLES) {
    const at = lines.flatMap((l, i) => (re.test(l) ? [i + 1] : []));
    if (at.length) found.push(`${name}: ${what} on line(s) ${at.slice(0, 10).join(', ')}`);
  }
  return found;
}

const before = new Set(readdirSync(tmpdir()).filter((d) => d.startsWith('mirrordrill-')));
const child = spawn('npm', ['run', 'drill', '--', ...features], { env: { ...process.env, MIRRORDRILL_SECRET_CANARY: canary, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (d: Buffer) => {
  output += d.toString();
  process.stdout.write(d);
});
child.stderr.on('data', (d: Buffer) => {
  output += d.toString();
  process.stderr.write(d);
});
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));

const runDir = /logs and reports in (\S+)/.exec(output)?.[1];
const findings: string[] = [];
if (!runDir) findings.push('the run printed no report folder');
findings.push(...scan("Cucumber's output", output));
const scanned = runDir ? [...files(runDir), join('reports', 'cucumber-report.html')] : [];
for (const f of scanned) {
  try {
    if (statSync(f).size < 200_000_000) findings.push(...scan(f, readFileSync(f, 'latin1')));
  } catch {
    /* gone */
  }
}
const left = readdirSync(tmpdir()).filter((d) => d.startsWith('mirrordrill-') && !before.has(d));
if (left.length) findings.push(`private folders left in ${tmpdir()}: ${left.join(', ')}`);
if (runDir) {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(runDir) && l.includes('java'));
  if (ps.length) findings.push(`JVMs of the run still running: ${ps.map((l) => l.trim().split(' ')[0]).join(', ')}`);
}

// Apps under test (support/apps/): any process still running with the variable the harness gave it.
const apps = readdirSync('/proc')
  .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
  .filter((p) => {
    try {
      return readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').some((v) => v.startsWith('MIRRORDRILL_APP=')) && !readFileSync(`/proc/${p}/stat`, 'latin1').includes(') Z ');
    } catch {
      return false;
    }
  });
if (apps.length) findings.push(`apps under test still running: pid(s) ${apps.join(', ')}`);

console.log(`\ncheck:secrets: drills exited ${code}; scanned Cucumber's output and ${scanned.length} file(s) for the canary and private keys`);
if (findings.length) {
  console.log(`LEAKS:\n  ${findings.join('\n  ')}`);
  process.exit(1);
}
console.log('no password, key or private folder leaked; no JVM or app left');
process.exit(code);
