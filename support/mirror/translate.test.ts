import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Checkpoint } from './checkpoint-codec.ts';
import { commandConfigOf, formatTable, jaasOption, lastCheckpoints, parseTranslateArgs, toJson, TranslateUsage, type TranslateResult } from './translate.ts';

const usage = (argv: string[], saying: RegExp) =>
  assert.throws(() => parseTranslateArgs(argv), (e: unknown) => e instanceof TranslateUsage && saying.test(e.message));

test('the flags, in both spellings, with the defaults', () => {
  assert.deepEqual(parseTranslateArgs(['--target', 'k1:9092, k2:9093', '--source-alias', 'es-src', '--group', 'products-consumer']), {
    target: ['k1:9092', 'k2:9093'],
    sourceAlias: 'es-src',
    group: 'products-consumer',
    commandConfig: undefined,
    json: false,
    timeoutMs: 30_000,
  });
  const a = parseTranslateArgs(['--target=127.0.0.1:1', '--source-alias=a', '--group=g=1', '--command-config', 'c.properties', '--json', '--timeout', '2.5']);
  assert.equal(a.group, 'g=1');
  assert.equal(a.commandConfig, 'c.properties');
  assert.equal(a.json, true);
  assert.equal(a.timeoutMs, 2500);
  assert.equal(parseTranslateArgs(['--help']).help, true);
});

test('bad command lines are refused naming the flag', () => {
  usage(['--source-alias', 'a', '--group', 'g'], /--target is missing/);
  usage(['--target', 'k:1', '--group', 'g'], /--source-alias is missing/);
  usage(['--target', 'k:1', '--source-alias', 'a'], /--group is missing/);
  usage(['--target', 'k:1', '--source-alias', 'a', '--group', ''], /--group is missing or empty/);
  usage(['--target', '--source-alias', 'a', '--group', 'g'], /--target needs a value/);
  usage(['--target', 'k:1', '--source-alias', 'a', '--group'], /--group needs a value/);
  usage(['--target', 'kafka', '--source-alias', 'a', '--group', 'g'], /--target "kafka" is not host:port/);
  usage(['--target', 'k:99999', '--source-alias', 'a', '--group', 'g'], /not host:port/);
  usage(['--target', 'k:1', '--source-alias', 'a', '--group', 'g', '--groups', 'x'], /unknown flag --groups/);
  usage(['--target', 'k:1', '--source-alias', 'a', '--group', 'g', 'extra'], /unexpected argument "extra"/);
  usage(['--target', 'k:1', '--target', 'k:2', '--source-alias', 'a', '--group', 'g'], /--target is given twice/);
  usage(['--target', 'k:1', '--source-alias', 'a', '--group', 'g', '--timeout', '0'], /--timeout "0"/);
  usage(['--target', 'k:1', '--source-alias', 'a', '--group', 'g', '--json=yes'], /--json takes no value/);
});

const cp = (group: string, topic: string, partition: number, upstreamOffset: number, downstreamOffset: number, metadata = ''): Checkpoint => ({ group, topic, partition, upstreamOffset, downstreamOffset, metadata });

test("the last checkpoint of the group per partition wins, whatever its offsets; other groups' are left out", () => {
  const read = [
    cp('g', 'es-src.products', 1, 50, 48),
    cp('other', 'es-src.products', 1, 90, 90),
    cp('g', 'es-src.products', 0, 10, 10),
    cp('g', 'es-src.products', 1, 70, 69, 'm'),
    cp('g', 'es-src.orders', 2, 5, 5),
    // Lower than the checkpoint before it (a group rewound on the source): still the last, so it wins.
    cp('g', 'es-src.products', 0, 4, 3),
    cp('gg', 'es-src.products', 0, 100, 100),
  ];
  assert.deepEqual(lastCheckpoints(read, 'g'), [
    { topic: 'es-src.orders', partition: 2, offset: 5, upstreamOffset: 5, metadata: '' },
    { topic: 'es-src.products', partition: 0, offset: 3, upstreamOffset: 4, metadata: '' },
    { topic: 'es-src.products', partition: 1, offset: 69, upstreamOffset: 70, metadata: 'm' },
  ]);
  assert.deepEqual(lastCheckpoints(read, 'nobody'), []);
  // Partitions sort numerically, not as text.
  assert.deepEqual(lastCheckpoints([cp('g', 't', 10, 1, 1), cp('g', 't', 2, 1, 1)], 'g').map((t) => t.partition), [2, 10]);
});

test('the table and the JSON show the translated offset with the upstream offset beside it', () => {
  const result: TranslateResult = {
    target: ['k:1'],
    sourceAlias: 'es-src',
    group: 'g',
    checkpointsTopic: 'es-src.checkpoints.internal',
    read: 7,
    skipped: 1,
    translations: [
      { topic: 'es-src.products', partition: 0, offset: 118, upstreamOffset: 120, metadata: '' },
      { topic: 'es-src.products', partition: 1, offset: 7, upstreamOffset: 7, metadata: '' },
    ],
  };
  assert.equal(
    formatTable(result),
    [
      'group "g" translated through es-src.checkpoints.internal (7 checkpoint record(s) read, 1 undecodable skipped):',
      'topic            partition  translated offset  upstream offset',
      'es-src.products          0                118              120',
      'es-src.products          1                  7                7',
    ].join('\n'),
  );
  const json = JSON.parse(toJson(result));
  assert.deepEqual(json.offsets[0], { topic: 'es-src.products', partition: 0, offset: 118, upstreamOffset: 120, metadata: '' });
  assert.equal(json.checkpointsTopic, 'es-src.checkpoints.internal');
});

test('JAAS options, quoted or not, escapes removed', () => {
  const jaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="p\\"w;d" tokenauth=false;';
  assert.equal(jaasOption(jaas, 'username'), 'app');
  assert.equal(jaasOption(jaas, 'password'), 'p"w;d');
  assert.equal(jaasOption('x required username=bare password=pw;', 'username'), 'bare');
  assert.equal(jaasOption('x required user_name="a";', 'username'), undefined);
});

const files: Record<string, string> = {
  '/ca.pem': '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  '/ks.pem': '-----BEGIN ENCRYPTED PRIVATE KEY-----\nK\n-----END ENCRYPTED PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n',
};
const read = async (path: string) => {
  if (path in files) return files[path]!;
  throw Object.assign(new Error('nope'), { code: 'ENOENT' });
};

test('a command config as the project writes it for Kafka CLI tools: SCRAM over TLS with a PEM truststore, mutual TLS with a PEM keystore', async () => {
  const scram = await commandConfigOf(
    {
      'security.protocol': 'SASL_SSL',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': '/ca.pem',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="s3cret";',
      'client.id': 'me',
    },
    'c.properties',
    read,
  );
  assert.equal(scram.security?.protocol, 'SASL_SSL');
  assert.equal(scram.security?.caPem, files['/ca.pem']);
  assert.deepEqual(scram.security?.scram, { username: 'app', password: 's3cret', mechanism: 'SCRAM-SHA-512' });
  assert.deepEqual(scram.ignored, ['client.id']);
  const mtls = await commandConfigOf(
    { 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/ca.pem', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': '/ks.pem', 'ssl.key.password': 'kp' },
    'c.properties',
    read,
  );
  assert.match(mtls.security!.identity!.keyPem, /ENCRYPTED PRIVATE KEY/);
  assert.match(mtls.security!.identity!.certPem, /LEAF/);
  assert.equal(mtls.security!.identity!.password, 'kp');
  assert.equal((await commandConfigOf({}, 'none')).security, undefined);
  assert.deepEqual((await commandConfigOf({ 'replication.policy.separator': '_' }, 'c')).policy, { 'replication.policy.separator': '_' });
});

test('what the clients cannot use is refused naming the key, never printing a secret', async () => {
  const refused = async (props: Record<string, string>, saying: RegExp) => {
    await assert.rejects(commandConfigOf(props, 'c.properties', read), (e: unknown) => {
      assert.ok(e instanceof TranslateUsage, String(e));
      assert.match(e.message, saying);
      assert.doesNotMatch(e.message, /s3cret/);
      return true;
    });
  };
  const jaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="s3cret";';
  await refused({ 'security.protocol': 'SASL_PLAINTEXT' }, /security.protocol=SASL_PLAINTEXT is not supported/);
  await refused({ 'security.protocol': 'TLS' }, /security.protocol=TLS is not one of/);
  await refused({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'BCFKS', 'ssl.truststore.location': '/ts.bcfks' }, /ssl.truststore.type=BCFKS is a BCFKS truststore: mirrordrill's clients read PEM truststores only/);
  await refused({ 'security.protocol': 'SSL', 'ssl.keystore.location': '/ks.jks', 'ssl.keystore.password': 's3cret' }, /ssl.keystore.location=\/ks.jks is a JKS keystore \(Java's default type/);
  await refused({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/missing.pem' }, /ssl.truststore.location=\/missing.pem names a file that cannot be read \(ENOENT\)/);
  await refused({ 'security.protocol': 'SASL_SSL', 'sasl.jaas.config': jaas }, /sasl.mechanism is unset/);
  await refused({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'GSSAPI', 'sasl.jaas.config': jaas }, /sasl.mechanism=GSSAPI is not supported/);
  await refused({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN' }, /sasl.jaas.config is missing/);
  await refused({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'x required password="s3cret";' }, /sasl.jaas.config has no username option/);
  await refused({ 'security.protocol': 'SSL', 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': '/ca.pem', 'ssl.key.password': 's3cret' }, /ssl.keystore.location=\/ca.pem holds no private key/);
});

test('the proof compares the two maps both ways, a partition missing on one side included', async () => {
  const { differences } = await import('./translate-proof.ts');
  const a = new Map([['t 0', 5], ['t 1', 7]]);
  assert.deepEqual(differences(a, new Map(a)), []);
  assert.deepEqual(differences(a, new Map([['t 0', 5], ['t 1', 8], ['t 2', 1]])), [
    't 1: npm run translate 7, RemoteClusterUtils.translateOffsets 8',
    't 2: npm run translate (absent), RemoteClusterUtils.translateOffsets 1',
  ]);
  assert.deepEqual(differences(a, new Map()), ['t 0: npm run translate 5, RemoteClusterUtils.translateOffsets (absent)', 't 1: npm run translate 7, RemoteClusterUtils.translateOffsets (absent)']);
});

test('a JKS or PKCS12 truststore is listed by keytool, its password never on a command line nor in a message', async () => {
  const asked: unknown[][] = [];
  const list = async (location: string, type: string, password: string | undefined) => {
    asked.push([location, type, password]);
    return location === '/ts.jks' ? { pem: files['/ca.pem']! } : { error: 'keytool error: java.io.IOException: keystore password was incorrect' };
  };
  const jks = await commandConfigOf({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/ts.jks', 'ssl.truststore.password': 's3cret' }, 'c', read, list);
  assert.equal(jks.security?.caPem, files['/ca.pem']);
  await assert.rejects(commandConfigOf({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PKCS12', 'ssl.truststore.location': '/ts.p12', 'ssl.truststore.password': 's3cret' }, 'c', read, list), (e: unknown) => {
    assert.ok(e instanceof TranslateUsage);
    assert.match(e.message, /ssl.truststore.location=\/ts.p12 is a PKCS12 truststore keytool could not list: keytool error: .*password was incorrect/);
    assert.doesNotMatch(e.message, /s3cret/);
    return true;
  });
  assert.deepEqual(asked, [['/ts.jks', 'JKS', 's3cret'], ['/ts.p12', 'PKCS12', 's3cret']]);
});

test('keytool lists a real JKS truststore made from a PEM CA', async (t) => {
  const { execa } = await import('execa');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { keytoolList } = await import('./translate.ts');
  if ((await execa('keytool', ['-help'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode !== 0) return t.skip('no keytool');
  const dir = await mkdtemp(join(tmpdir(), 'translate-test-'));
  try {
    await execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-days', '1', '-subj', '/CN=test-ca']);
    await execa('keytool', ['-importcert', '-noprompt', '-alias', 'ca', '-file', join(dir, 'ca.pem'), '-keystore', join(dir, 'ts.jks'), '-storetype', 'JKS', '-storepass:env', 'P'], { env: { P: 'changeit' } });
    const listed = await keytoolList(join(dir, 'ts.jks'), 'JKS', 'changeit');
    assert.ok('pem' in listed, JSON.stringify(listed));
    assert.match(listed.pem, /^-----BEGIN CERTIFICATE-----/);
    const wrong = await keytoolList(join(dir, 'ts.jks'), 'JKS', 'wrong-password');
    assert.ok('error' in wrong);
    assert.match(wrong.error, /password/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
