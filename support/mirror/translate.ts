/**
 * `npm run translate`: MM2's offset translation for users with no Java at hand. What
 * org.apache.kafka.connect.mirror.RemoteClusterUtils.translateOffsets(props, alias, group, timeout)
 * returns, read the way MirrorClient.remoteConsumerOffsets reads it: partition 0 of the checkpoints
 * topic `<alias>.checkpoints.internal` on the cluster the props point at (DefaultReplicationPolicy's
 * name; replication.policy.separator and replication.policy.internal.topic.separator.enabled from
 * the command config count, as MirrorClientConfig reads them), from its beginning to the end the
 * read began with (read_uncommitted, the Java consumer's default), each checkpoint of the group kept,
 * the last one per (topic, partition) winning; each gives its downstream offset. Records that do not
 * decode are skipped, as MirrorClient skips them (counted here, and said).
 */
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { parseProperties } from '../config/properties.ts';
import { DrillError } from '../errors.ts';
import { ClusterAdmin, readerGroupsMade } from '../kafka/cluster-admin.ts';
import { describeReasons, kafkaReasons } from '../kafka/kafka-error.ts';
import { SASL_MECHANISMS, type ClientSecurity, type SaslMechanism } from '../security/cluster-security.ts';
import { CodecError, decodeCheckpoint, type Checkpoint } from './checkpoint-codec.ts';
import { checkpointsTopic } from './replication-policy.ts';
import { withTimeout } from '../wait-for.ts';

/** Bad command line or command config: exit 2. */
export class TranslateUsage extends DrillError {}
/** The cluster, the topic or the group did not give a translation: exit 1. */
export class TranslateFailed extends DrillError {}

export const USAGE =
  'usage: npm run translate -- --target <bootstrap servers> --source-alias <alias> --group <group> [--command-config <client properties file>] [--timeout <seconds>] [--json]';

export interface TranslateArgs {
  /** Bootstrap servers of the cluster holding the checkpoints (MM2's target), host:port each. */
  target: string[];
  /** The alias MM2 gave the cluster the group consumed on (es-src): names the checkpoints topic. */
  sourceAlias: string;
  group: string;
  commandConfig?: string;
  json: boolean;
  /** How long the read of the checkpoints topic may take (Java's `timeout` argument). */
  timeoutMs: number;
  help?: boolean;
}

const FLAGS = ['--target', '--source-alias', '--group', '--command-config', '--timeout', '--json', '--help'] as const;

/** The command line after `--`; a TranslateUsage naming the flag when it cannot be used. */
export function parseTranslateArgs(argv: readonly string[]): TranslateArgs {
  const values = new Map<string, string>();
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!(FLAGS as readonly string[]).includes(flag)) {
      throw new TranslateUsage(arg.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument "${arg}"`, {
        hint: `${USAGE} (flags: ${FLAGS.join(', ')})`,
      });
    }
    if (flag === '--json' || flag === '--help') {
      if (eq > 0) throw new TranslateUsage(`${flag} takes no value`, { hint: USAGE });
      if (flag === '--json') json = true;
      else help = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new TranslateUsage(`${flag} needs a value`, { hint: USAGE });
      value = next;
      i++;
    }
    if (values.has(flag)) throw new TranslateUsage(`${flag} is given twice`, { hint: 'give each flag once' });
    values.set(flag, value);
  }
  if (help) return { target: [], sourceAlias: '', group: '', json, timeoutMs: 0, help };
  const required = (flag: string, what: string): string => {
    const value = values.get(flag)?.trim();
    if (!value) throw new TranslateUsage(`${flag} is missing or empty: it is ${what}`, { hint: USAGE });
    return value;
  };
  const target = required('--target', "the bootstrap servers of the cluster MM2 mirrors into (the one holding the checkpoints), e.g. --target 10.0.0.5:9092,10.0.0.6:9092")
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const server of target) {
    const m = /^(.+):(\d+)$/.exec(server);
    const port = m ? Number(m[2]) : NaN;
    if (!m || !(port >= 1 && port <= 65535)) {
      throw new TranslateUsage(`--target "${server}" is not host:port`, { hint: 'give the bootstrap servers as host:port, comma-separated, e.g. --target kafka-1:9092,kafka-2:9092' });
    }
  }
  const sourceAlias = required('--source-alias', 'the alias MM2 gives the cluster the group consumed on (the "es-src" of es-src->es-tgt), which names the checkpoints topic');
  const group = required('--group', 'the consumer group whose offsets to translate');
  let timeoutMs = 30_000;
  const timeout = values.get('--timeout');
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new TranslateUsage(`--timeout "${timeout}" is not a number of seconds from 1 to 3600`, { hint: 'e.g. --timeout 30' });
    timeoutMs = Math.round(seconds * 1000);
  }
  return { target, sourceAlias, group, commandConfig: values.get('--command-config'), json, timeoutMs };
}

/** Keys of a Java client config whose values are never printed. */
function secretKey(key: string): boolean {
  return /password|jaas|secret|\.key$|keystore\.key/i.test(key);
}

/** A value of a JAAS option (username="x" or username=x), quotes and escapes removed. */
export function jaasOption(jaas: string, option: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${option}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;"]+))`).exec(jaas);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** What of a command config the translation uses: the client's security, and the policy's separator settings. */
export interface CommandConfig {
  security?: ClientSecurity;
  /** replication.policy.* keys, as MirrorClientConfig reads them. */
  policy: Record<string, string>;
  /** Keys the tool does not use (said on stderr, values never). */
  ignored: string[];
}

const USED = /^(security\.protocol|sasl\.mechanism|sasl\.jaas\.config|ssl\.(truststore|keystore)\.(type|location|password|certificates|certificate\.chain|key)|ssl\.key\.password|replication\.policy\.(separator|internal\.topic\.separator\.enabled|class)|bootstrap\.servers)$/;

/**
 * A Java client properties file (as for kafka-*.sh --command-config) as the harness's clients can
 * use it: PLAINTEXT, SSL or SASL_SSL; SASL with SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (username and
 * password from sasl.jaas.config); PEM trust and key stores (files or inline), JKS and PKCS12
 * truststores (their certificates listed by the JDK's keytool). Anything else is
 * refused naming the key, with what to write instead; no value of a secret key is ever printed.
 */
export async function readCommandConfig(file: string, read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8')): Promise<CommandConfig> {
  let text: string;
  try {
    text = await read(file);
  } catch (error) {
    throw new TranslateUsage(`--command-config ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint: 'give the path of a Java client properties file (as kafka-consumer-groups.sh --command-config takes)' });
  }
  return commandConfigOf(parseProperties(text), file, read);
}

/** The certificates of a JKS or PKCS12 truststore, as PEM, or why not: `keytool -list -rfc`, the store's password passed through the environment (never on a command line). */
export type ListStore = (location: string, type: string, password: string | undefined) => Promise<{ pem: string } | { error: string }>;

export const keytoolList: ListStore = async (location, type, password) => {
  const args = ['-list', '-rfc', '-keystore', location, '-storetype', type, ...(password === undefined ? [] : ['-storepass:env', 'MIRRORDRILL_STOREPASS'])];
  try {
    const result = await execa('keytool', args, { reject: false, input: '', timeout: 30_000, env: password === undefined ? {} : { MIRRORDRILL_STOREPASS: password } });
    const pem = (result.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).join('\n');
    if (result.exitCode === 0 && pem) return { pem };
    return { error: (result.stderr || result.stdout).split('\n').find((l) => /error|exception/i.test(l))?.trim() ?? `keytool exited ${result.exitCode} with no certificate` };
  } catch (error) {
    return { error: `keytool could not run (${(error as NodeJS.ErrnoException).code ?? String(error)}): it comes with a JDK` };
  }
};

export async function commandConfigOf(
  props: Record<string, string>,
  file: string,
  read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
  listStore: ListStore = keytoolList,
): Promise<CommandConfig> {
  const refuse = (key: string, why: string, hint: string): never => {
    throw new TranslateUsage(`--command-config ${file}: ${key}${secretKey(key) || props[key] === undefined ? '' : `=${props[key]}`} ${why}`, { hint });
  };
  const policy = Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith('replication.policy.')));
  const ignored = Object.keys(props).filter((k) => !USED.test(k));
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (protocol === 'PLAINTEXT') return { policy, ignored };
  if (protocol === 'SASL_PLAINTEXT') refuse('security.protocol', 'is not supported: mirrordrill\'s clients speak SASL over TLS only', 'use the cluster\'s SASL_SSL listener (security.protocol=SASL_SSL with its truststore)');
  if (protocol !== 'SSL' && protocol !== 'SASL_SSL') refuse('security.protocol', 'is not one of PLAINTEXT, SSL, SASL_SSL', 'write security.protocol=SSL or SASL_SSL (or leave it out for PLAINTEXT)');

  const readPem = async (key: string): Promise<string> => {
    const path = props[key]!.trim();
    try {
      return await read(path);
    } catch (error) {
      return refuse(key, `names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'give the path of a PEM file readable by you');
    }
  };
  const storeType = (kind: 'truststore' | 'keystore'): string => {
    const type = (props[`ssl.${kind}.type`] ?? 'JKS').trim().toUpperCase();
    if (kind === 'truststore' && (type === 'JKS' || type === 'PKCS12')) return type;
    if (type !== 'PEM') {
      refuse(
        props[`ssl.${kind}.type`] === undefined ? `ssl.${kind}.location` : `ssl.${kind}.type`,
        `is a ${type} ${kind}${props[`ssl.${kind}.type`] === undefined ? ' (Java\'s default type when ssl.' + kind + '.type is unset)' : ''}: mirrordrill's clients read PEM ${kind}s only`,
        kind === 'truststore'
          ? 'export the CA as PEM (keytool -exportcert -rfc -alias <alias> -keystore <truststore> -file ca.pem) and write ssl.truststore.type=PEM, ssl.truststore.location=ca.pem'
          : 'convert the keystore to PEM (keytool -importkeystore -destkeystore ks.p12 -deststoretype PKCS12, then openssl pkcs12 -in ks.p12 -out ks.pem) and write ssl.keystore.type=PEM, ssl.keystore.location=ks.pem, ssl.key.password',
      );
    }
    return type;
  };

  let caPem = '';
  if (props['ssl.truststore.certificates']) caPem = props['ssl.truststore.certificates'];
  else if (props['ssl.truststore.location']) {
    const type = storeType('truststore');
    if (type === 'PEM') caPem = await readPem('ssl.truststore.location');
    else {
      const listed = await listStore(props['ssl.truststore.location']!.trim(), type, props['ssl.truststore.password']);
      if ('error' in listed) {
        refuse('ssl.truststore.location', `is a ${type} truststore keytool could not list: ${listed.error}`, `check the file and ssl.truststore.password, or export the CA as PEM (keytool -exportcert -rfc -alias <alias> -keystore <truststore> -file ca.pem) and write ssl.truststore.type=PEM, ssl.truststore.location=ca.pem`);
      } else caPem = listed.pem;
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) refuse('ssl.truststore.location', 'holds no PEM certificate', 'give a PEM file with the CA certificate(s) the brokers\' certificates are signed by');
  }

  let identity: ClientSecurity['identity'];
  const keyPassword = props['ssl.key.password'] ?? '';
  if (props['ssl.keystore.key'] || props['ssl.keystore.location']) {
    let keyPem: string;
    let certPem: string;
    if (props['ssl.keystore.key']) {
      keyPem = props['ssl.keystore.key'];
      certPem = props['ssl.keystore.certificate.chain'] ?? '';
      if (!certPem) refuse('ssl.keystore.certificate.chain', 'is missing beside ssl.keystore.key', 'give the client certificate chain as PEM in ssl.keystore.certificate.chain');
    } else {
      storeType('keystore');
      const pem = await readPem('ssl.keystore.location');
      keyPem = (pem.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g) ?? []).join('\n');
      certPem = (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).join('\n');
      if (!keyPem || !certPem) refuse('ssl.keystore.location', `holds ${keyPem ? 'no certificate' : 'no private key'} in PEM`, 'give a PEM keystore with the private key and the client certificate chain');
    }
    identity = { name: 'client', certPem: certPem!, keyPem: keyPem!, password: keyPassword, keystoreFile: props['ssl.keystore.location'] ?? '' };
  }

  let scram: ClientSecurity['scram'];
  if (protocol === 'SASL_SSL') {
    const mechanism = props['sasl.mechanism']?.trim().toUpperCase();
    if (!mechanism) refuse('sasl.mechanism', "is unset (Java's default, GSSAPI, is Kerberos, which mirrordrill's clients do not speak)", `write sasl.mechanism=${SASL_MECHANISMS.join(' or ')}`);
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism!)) refuse('sasl.mechanism', 'is not supported', `write sasl.mechanism=${SASL_MECHANISMS.join(' or ')}`);
    const jaas = props['sasl.jaas.config'];
    if (!jaas) refuse('sasl.jaas.config', 'is missing', `write sasl.jaas.config=org.apache.kafka.common.security.${mechanism === 'PLAIN' ? 'plain.PlainLoginModule' : 'scram.ScramLoginModule'} required username="…" password="…";`);
    const username = jaasOption(jaas!, 'username');
    const password = jaasOption(jaas!, 'password');
    if (username === undefined || password === undefined) refuse('sasl.jaas.config', `has no ${username === undefined ? 'username' : 'password'} option (its value is not shown)`, 'write username="…" password="…" in the login module\'s options');
    scram = { username: username!, password: password!, mechanism: mechanism as SaslMechanism };
  }
  return { security: { protocol: protocol as 'SSL' | 'SASL_SSL', caPem, caFile: props['ssl.truststore.location'] ?? '', caName: caPem ? 'the --command-config truststore' : "the system's CAs", scram, identity }, policy, ignored };
}

/** One translated partition: the offset the Java call returns (downstream) and the checkpoint's upstream offset beside it. */
export interface Translation {
  topic: string;
  partition: number;
  offset: number;
  upstreamOffset: number;
  metadata: string;
}

/** The checkpoints of `group`, in the order read, the last per (topic, partition) winning; sorted by topic, then partition. */
export function lastCheckpoints(checkpoints: Iterable<Checkpoint>, group: string): Translation[] {
  const last = new Map<string, Translation>();
  for (const c of checkpoints) {
    if (c.group !== group) continue;
    // A later checkpoint replaces the earlier in place (HashMap.put), whatever its offsets.
    last.set(JSON.stringify([c.topic, c.partition]), { topic: c.topic, partition: c.partition, offset: c.downstreamOffset, upstreamOffset: c.upstreamOffset, metadata: c.metadata });
  }
  return [...last.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

/** What one translation read and found. */
export interface TranslateResult {
  target: string[];
  sourceAlias: string;
  group: string;
  checkpointsTopic: string;
  /** Records read from partition 0 of the checkpoints topic, and how many of them did not decode. */
  read: number;
  skipped: number;
  translations: Translation[];
}

function reasonOf(error: unknown): string {
  const reasons = describeReasons(kafkaReasons(error));
  return reasons || (error instanceof Error ? error.message.split('\n')[0]! : String(error));
}

/** The translation itself, against the cluster; TranslateFailed naming the flag or topic at fault. */
export async function translate(args: TranslateArgs, config: CommandConfig = { policy: {}, ignored: [] }): Promise<TranslateResult> {
  const topic = checkpointsTopic({ source: args.sourceAlias, target: '', topics: [], overrides: config.policy });
  const admin = new ClusterAdmin(args.target, 'target', config.security);
  const where = `--target ${args.target.join(',')}`;
  try {
    let topics: string[];
    try {
      topics = await withTimeout(admin.topics(), Math.min(args.timeoutMs, 15_000), `listing topics`);
    } catch (error) {
      throw new TranslateFailed(`the cluster at ${where} could not be reached or refused the client: ${reasonOf(error)}`, {
        hint: `check the addresses (the target cluster's bootstrap servers, reachable from here)${config.security ? ' and the credentials in --command-config' : '; a secured cluster needs --command-config with its security.protocol, truststore and credentials'}`,
      });
    }
    if (!topics.includes(topic)) {
      const others = topics.filter((t) => /checkpoints.internal$/.test(t));
      throw new TranslateFailed(`there is no checkpoints topic ${topic} on ${where}`, {
        hint: others.length
          ? `the checkpoints topics there are ${others.join(', ')}: give --source-alias as the alias before ".checkpoints.internal"`
          : 'no checkpoints topic at all there: point --target at the cluster MM2 mirrors into (the checkpoints live on the target), and check that MM2\'s MirrorCheckpointConnector runs (emit.checkpoints.enabled)',
      });
    }
    const checkpoints: Checkpoint[] = [];
    let read = 0;
    let skipped = 0;
    try {
      const records = await admin.readAll(topic, { from: new Map([[0, 0]]), only: true, isolation: 'read_uncommitted', timeoutMs: args.timeoutMs });
      for (const r of records) {
        read++;
        try {
          checkpoints.push(decodeCheckpoint(r.key ?? Buffer.alloc(0), r.value ?? Buffer.alloc(0)));
        } catch (error) {
          if (!(error instanceof CodecError)) throw error;
          skipped++;
        }
      }
    } catch (error) {
      throw new TranslateFailed(`reading ${topic} on ${where} failed: ${reasonOf(error)}`, { hint: 'check that the client may read the topic (ACLs), or give it longer with --timeout' });
    }
    const translations = lastCheckpoints(checkpoints, args.group);
    if (!translations.length) {
      const groups = [...new Set(checkpoints.map((c) => c.group))].sort();
      throw new TranslateFailed(`${topic} on ${where} holds no checkpoint of group "${args.group}" (${read} record(s) read${skipped ? `, ${skipped} undecodable` : ''})`, {
        hint: groups.length
          ? `its checkpoints are of group(s) ${groups.slice(0, 10).map((g) => `"${g}"`).join(', ')}${groups.length > 10 ? ` and ${groups.length - 10} more` : ''}: check --group; MM2 checkpoints a group once it has committed offsets on the source that MM2's groups filter (groups, groups.exclude) lets through, every emit.checkpoints.interval.seconds`
          : 'it holds no checkpoint at all yet: MM2 writes one once a group matching its groups filter has committed on the source, every emit.checkpoints.interval.seconds',
      });
    }
    return { target: args.target, sourceAlias: args.sourceAlias, group: args.group, checkpointsTopic: topic, read, skipped, translations };
  } finally {
    // The read's throwaway group (it never commits) is deleted, not left listed on the user's cluster.
    const readers = readerGroupsMade(admin.alias);
    if (readers.length) await admin.deleteGroups(readers).catch((error) => console.error(`mirrordrill translate: could not delete its reader group ${readers.join(', ')}: ${reasonOf(error)}`));
    await admin.close();
  }
}

/** The table: one row per remote topic partition. */
export function formatTable(result: TranslateResult): string {
  const header = ['topic', 'partition', 'translated offset', 'upstream offset'];
  const rows = result.translations.map((t) => [t.topic, String(t.partition), String(t.offset), String(t.upstreamOffset)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `group "${result.group}" translated through ${result.checkpointsTopic} (${result.read} checkpoint record(s) read${result.skipped ? `, ${result.skipped} undecodable skipped` : ''}):`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

/** The same as JSON. */
export function toJson(result: TranslateResult): string {
  return JSON.stringify(
    {
      group: result.group,
      sourceAlias: result.sourceAlias,
      checkpointsTopic: result.checkpointsTopic,
      recordsRead: result.read,
      recordsSkipped: result.skipped,
      offsets: result.translations.map((t) => ({ topic: t.topic, partition: t.partition, offset: t.offset, upstreamOffset: t.upstreamOffset, metadata: t.metadata })),
    },
    null,
    2,
  );
}
