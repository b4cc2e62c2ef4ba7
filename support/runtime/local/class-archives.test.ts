import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassArchives } from './class-archives.ts';

// A real JVM: an archive it wrote is kept and passes the check; a damaged one would crash every
// JVM that maps it, so the check removes it instead.
test('a recorded archive is used; a damaged one is removed before any JVM maps it', async (t) => {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  if ((await execa(java, ['-version'], { reject: false })).exitCode !== 0) return t.skip('no java on this machine');
  const dir = await mkdtemp(join(tmpdir(), 'mirrordrill-cds-test-'));
  try {
    const archives = await ClassArchives.of(java, '', dir);
    assert.deepEqual(archives.missing(), ['format', 'broker', 'mm2']);
    const recorded = await execa(java, [...(await archives.record('format')), '-version'], { reject: false, all: true });
    assert.equal(recorded.exitCode, 0, recorded.all);
    assert.equal(await archives.keep('format'), true);
    assert.equal(await archives.keep('broker'), false, 'nothing was recorded for the broker');
    assert.deepEqual(await archives.verify(java, ''), []);
    assert.match(archives.use('format').join(' '), /-XX:SharedArchiveFile=.*format\.jsa -Xshare:auto/);
    await writeFile(archives.file('format'), Buffer.alloc(100_000, 7));
    const notes = await archives.verify(java, '');
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /the format archive could not be used/);
    assert.deepEqual(archives.use('format'), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
