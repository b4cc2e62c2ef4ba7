import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus, failuresOf } from './connect-rest.ts';

test("a FAILED connector or task is quoted with the first lines of Connect's trace, naming it and its worker", () => {
  const status = {
    name: 'MirrorSourceConnector',
    connector: { state: 'FAILED', worker_id: '127.0.0.1:8083', trace: 'java.util.regex.PatternSyntaxException: Unclosed character class near index 8\nproducts[\n        ^\n\tat java.base/java.util.regex.Pattern.error(Pattern.java:2028)\n\tat a\n\tat b\n\tat c' },
    tasks: [{ id: 0, state: 'RUNNING', worker_id: '127.0.0.1:8083' }],
  };
  const [f, ...rest] = failuresOf(status, 3);
  assert.equal(rest.length, 0);
  assert.match(f!, /connector MirrorSourceConnector FAILED on worker 127.0.0.1:8083/);
  assert.match(f!, /PatternSyntaxException/);
  assert.doesNotMatch(f!, /Pattern\.error/, 'only the first lines');
  assert.equal(describeStatus(status), 'MirrorSourceConnector FAILED (task 0 RUNNING)');
  assert.deepEqual(failuresOf({ ...status, connector: { state: 'RUNNING', worker_id: 'w' } }), []);
});
