import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { PrerequisiteMissing } from '../errors.ts';
import { progress } from '../progress.ts';
import { once } from '../os/once.ts';

/** The Python apps' requirements (apps/requirements.txt), pinned: the virtual environment is named after their hash. */
export const REQUIREMENTS = join(import.meta.dirname, '..', '..', 'apps', 'requirements.txt');
const MARKER = '.complete';

/**
 * The project's own Python virtual environment for the Python apps (apps/*.py: confluent-kafka,
 * i.e. librdkafka), made once from apps/requirements.txt with the machine's python3 and pip from
 * PyPI, in `<cache>/python-apps-<hash>/`, and reused offline after that. Made in a temporary
 * folder and renamed into place, so that two runs making it at once (shards) never see half of
 * one, under a lock so that the second waits for the first (support/os/once.ts). Returns the
 * folder whose `bin/` goes first on an app's PATH (so `python` is the venv's).
 */
export async function pythonApps(cacheDir: string): Promise<string> {
  const requirements = await readFile(REQUIREMENTS, 'utf8');
  const hash = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const dir = join(cacheDir, `python-apps-${hash}`);
  if (existsSync(join(dir, MARKER))) return dir;
  await once(dir, "the Python apps' virtual environment", (d) => existsSync(join(d, MARKER)), async (work) => {
    progress(`making the Python apps' virtual environment (${requirements.split('\n').filter((l) => l && !l.startsWith('#')).join(', ')}) in ${dir}: once per machine`);
    // The venv is made where it is not used (its bin/python finds it from its own path; pip's own
    // scripts, whose first line names the partial folder, are not run from it).
    const venv = await execa('python3', ['-m', 'venv', work], { reject: false });
    if (venv.failed) {
      const said = String(venv.stderr || venv.stdout || venv.message).trim().split('\n').slice(-3).join(' ');
      throw new PrerequisiteMissing(`python3 could not make a virtual environment for the Python apps: ${said}`, {
        hint: 'install Python 3 with its venv module (Debian: apt-get install -y python3 python3-venv); .ci/run does this on a fresh machine',
      });
    }
    const pip = await execa(join(work, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', '-r', REQUIREMENTS], { reject: false, timeout: 600_000 });
    if (pip.failed) {
      const said = String(pip.stderr || pip.stdout || pip.message).trim().split('\n').slice(-4).join(' ');
      throw new PrerequisiteMissing(`pip could not install the Python apps' client (apps/requirements.txt): ${said}`, {
        hint: 'check that PyPI (or your PIP_INDEX_URL) is reachable from this machine',
      });
    }
    await writeFile(join(work, MARKER), requirements);
  });
  return dir;
}
