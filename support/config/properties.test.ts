import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeProperty, parseProperties, renderProperties } from './properties.ts';

const tricky: Record<string, string> = {
  'es-src->es-tgt.topics': 'products\\..*, orders',
  'es-src.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="p:a=s#s!\\w";',
  'lead.space': '  two spaces first',
  'unicode.value': 'café → Zürich',
  'tab.and.newline': 'a\tb\nc',
  'key with space': 'x',
};

test('values keep ":", "=", "#" and "!" readable; backslashes, leading spaces and non-ASCII are escaped', () => {
  assert.equal(escapeProperty('products\\..*', false), 'products\\\\..*');
  assert.equal(escapeProperty(' x', false), '\\ x');
  assert.equal(escapeProperty('host:1=a#b!', false), 'host:1=a#b!');
  assert.equal(escapeProperty('a=b', true), 'a\\=b');
  assert.equal(escapeProperty('é', false), '\\u00e9');
});

// The real reader: java.util.Properties.load on the rendered file, as MM2's Utils.loadProps does.
test('java.util.Properties reads back every value as given', async (t) => {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  if ((await execa(java, ['-version'], { reject: false })).exitCode !== 0) return t.skip('no java on this machine');
  const dir = await mkdtemp(join(tmpdir(), 'mirrordrill-props-'));
  try {
    await writeFile(join(dir, 'in.properties'), renderProperties(tricky, 'header'));
    await writeFile(
      join(dir, 'Dump.java'),
      'import java.io.*; import java.util.*; public class Dump { public static void main(String[] a) throws Exception { Properties p = new Properties(); try (InputStream in = new FileInputStream(a[0])) { p.load(in); } for (String k : new TreeSet<>(p.stringPropertyNames())) { System.out.println(Base64.getEncoder().encodeToString(k.getBytes("UTF-8")) + " " + Base64.getEncoder().encodeToString(p.getProperty(k).getBytes("UTF-8"))); } } }',
    );
    const out = await execa(java, [join(dir, 'Dump.java'), join(dir, 'in.properties')]);
    const read = Object.fromEntries(out.stdout.split('\n').map((l) => l.split(' ').map((b) => Buffer.from(b, 'base64').toString('utf8'))));
    assert.deepEqual(read, tricky);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('parseProperties reads what renderProperties writes, and Java client properties as people write them', () => {
  const props = { 'a key': ' leading space', 'x=y': 'p:q=r#s!t', path: 'C:\\certs\\ca.pem', 'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="s3=cr:t";', unicode: 'é→' };
  assert.deepEqual(parseProperties(renderProperties(props, 'header\nline')), props);
  const text = [
    '# comment',
    '! another',
    '   security.protocol = SASL_SSL',
    'sasl.mechanism:SCRAM-SHA-512',
    'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
    '    username="app" \\',
    '    password="pw";',
    'ssl.truststore.location /tmp/ca.pem',
    'empty=',
    'dup=1',
    'dup=2',
    'tabs\\tand\\u0041=v\\n',
  ].join('\r\n');
  assert.deepEqual(parseProperties(text), {
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'SCRAM-SHA-512',
    'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="pw";',
    'ssl.truststore.location': '/tmp/ca.pem',
    empty: '',
    dup: '2',
    'tabs\tandA': 'v\n',
  });
});
