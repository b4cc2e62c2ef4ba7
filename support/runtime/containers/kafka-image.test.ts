import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { debianMirror, kafkaImageTag } from './kafka-image.ts';

test('the image tag follows the version and the jar list, not its order', () => {
  const jars = [
    { name: 'kafka_2.13-4.3.1.jar', size: 100 },
    { name: 'connect-mirror-4.3.1.jar', size: 50 },
  ];
  const tag = kafkaImageTag('4.3.1', jars);
  assert.match(tag, /^localhost\/mirrordrill-kafka:4\.3\.1-[0-9a-f]{12}$/);
  assert.equal(kafkaImageTag('4.3.1', [...jars].reverse()), tag);
  assert.notEqual(kafkaImageTag('4.3.1', [jars[0]!, { ...jars[1]!, size: 51 }]), tag);
  assert.notEqual(kafkaImageTag('3.9.2', jars), tag);
});

test("debootstrap uses apt's configured Debian mirror, deb822 or one-line, else deb.debian.org", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirror-'));
  const deb822 = join(dir, 'debian.sources');
  writeFileSync(deb822, 'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n\nTypes: deb\nURIs: http://mirror.example/debian-security\n');
  const oneLine = join(dir, 'sources.list');
  writeFileSync(oneLine, '# comment\ndeb [arch=amd64] http://other.example/debian/ bookworm main\n');
  assert.equal(debianMirror({}, [deb822, oneLine]), 'http://mirror.example/debian');
  assert.equal(debianMirror({}, [join(dir, 'missing'), oneLine]), 'http://other.example/debian');
  assert.equal(debianMirror({}, [join(dir, 'missing')]), 'http://deb.debian.org/debian');
  assert.equal(debianMirror({ MIRRORDRILL_DEBIAN_MIRROR: 'http://given/debian' }, [deb822]), 'http://given/debian');
});
