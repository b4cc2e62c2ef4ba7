/**
 * `npm run translate` held against Kafka's own RemoteClusterUtils.translateOffsets on a live
 * cluster: the CLI run through npm as a user runs it (--json), Translate.java run on the Kafka jars
 * (java's single-file source launch), the two maps compared partition by partition.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const PROGRAM = join(HERE, 'Translate.java');

/** "topic partition" → translated offset. */
export type OffsetMap = Map<string, number>;

export interface CliTranslation {
  offsets: OffsetMap;
  /** "topic partition" → the checkpoint's upstream offset. */
  upstream: Map<string, number>;
  /** The command line as run, for the report. */
  command: string;
  /** Checkpoint records it read (every group's, every checkpoint MM2 wrote, not only the last). */
  read: number;
}

const keyOf = (topic: string, partition: number) => `${topic} ${partition}`;

function tail(text: string | undefined, lines = 12): string {
  return (text ?? '').trim().split('\n').slice(-lines).join('\n');
}

/** `npm run translate -- … --json` in the repository, as a user runs it. */
export async function translateWithCli(target: string[], sourceAlias: string, group: string, commandConfig?: string): Promise<CliTranslation> {
  const args = ['--target', target.join(','), '--source-alias', sourceAlias, '--group', group, ...(commandConfig ? ['--command-config', commandConfig] : []), '--json'];
  const command = `npm run translate -- ${args.join(' ')}`;
  const result = await execa('npm', ['run', '--silent', 'translate', '--', ...args], { cwd: REPO, reject: false, timeout: 90_000 });
  if (result.exitCode !== 0) throw new Error(`${command} exited ${result.exitCode ?? `on ${result.signal ?? 'a timeout'}`}:\n${tail(result.stderr)}`);
  const json = JSON.parse(result.stdout) as { recordsRead: number; offsets: { topic: string; partition: number; offset: number; upstreamOffset: number }[] };
  return {
    offsets: new Map(json.offsets.map((o) => [keyOf(o.topic, o.partition), o.offset])),
    upstream: new Map(json.offsets.map((o) => [keyOf(o.topic, o.partition), o.upstreamOffset])),
    command,
    read: json.recordsRead,
  };
}

/** RemoteClusterUtils.translateOffsets through Translate.java on the given jars. */
export async function translateWithJava(java: string, classpath: string, target: string[], sourceAlias: string, group: string, commandConfig?: string): Promise<OffsetMap> {
  const result = await execa(java, ['-cp', classpath, PROGRAM, target.join(','), sourceAlias, group, ...(commandConfig ? [commandConfig] : [])], { reject: false, timeout: 120_000 });
  const lines = result.stdout.split('\n');
  const done = lines.find((l) => l.startsWith('DONE '));
  if (result.exitCode !== 0 || !done) throw new Error(`Translate.java (RemoteClusterUtils.translateOffsets) exited ${result.exitCode ?? `on ${result.signal ?? 'a timeout'}`}:\n${tail(result.stderr || result.stdout)}`);
  const offsets: OffsetMap = new Map();
  for (const line of lines) {
    const m = /^TRANSLATED (\S+) (\d+) (-?\d+)$/.exec(line.trim());
    if (m) offsets.set(keyOf(m[1]!, Number(m[2])), Number(m[3]));
  }
  if (offsets.size !== Number(done.slice(5))) throw new Error(`Translate.java printed ${offsets.size} offset line(s) but said ${done}`);
  return offsets;
}

/** The rows where the two differ (a partition missing on one side included); none when equal. */
export function differences(cli: OffsetMap, java: OffsetMap): string[] {
  const keys = [...new Set([...cli.keys(), ...java.keys()])].sort();
  return keys.filter((k) => cli.get(k) !== java.get(k)).map((k) => `${k}: npm run translate ${cli.get(k) ?? '(absent)'}, RemoteClusterUtils.translateOffsets ${java.get(k) ?? '(absent)'}`);
}

/** Both maps side by side, one line per partition. */
export function sideBySide(cli: CliTranslation, java: OffsetMap): string[] {
  const keys = [...new Set([...cli.offsets.keys(), ...java.keys()])].sort();
  return keys.map((k) => `${k.replace(' ', ' partition ')}: npm run translate ${cli.offsets.get(k) ?? '(absent)'} (checkpoint's upstream offset ${cli.upstream.get(k) ?? '?'}), RemoteClusterUtils.translateOffsets ${java.get(k) ?? '(absent)'}`);
}
