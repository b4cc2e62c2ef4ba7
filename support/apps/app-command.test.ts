import { test } from 'node:test';
import { expect } from 'chai';
import { scriptsIn } from './app-command.ts';

test('a script is the word as the shell reads it, not with the punctuation around it', () => {
  expect(scriptsIn('python apps/lab-consumer.py --session-timeout-ms 6000')).to.deep.equal(['apps/lab-consumer.py']);
  expect(scriptsIn('python apps/lab-consumer.py; echo done')).to.deep.equal(['apps/lab-consumer.py']);
  expect(scriptsIn("sh -c 'exec python apps/lab-consumer.py'")).to.deep.equal(['apps/lab-consumer.py']);
  expect(scriptsIn('python apps/lab-consumer.py>/dev/stderr')).to.deep.equal(['apps/lab-consumer.py']);
  expect(scriptsIn('(cd . && ./apps/java-consumer.sh)|cat')).to.deep.equal(['./apps/java-consumer.sh']);
});

test('every script of the command is checked, a redirection target is not a script', () => {
  expect(scriptsIn('apps/kcat-consumer.sh 2>./kcat.err; python apps/nope.py')).to.deep.equal(['apps/kcat-consumer.sh', 'apps/nope.py']);
  expect(scriptsIn('java -jar my.jar')).to.deep.equal([]);
});
