import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { faultsOf, faultSteps, FaultNotSupported, refuseUnsupportedFaults } from './capabilities.ts';
import { FAULTS, type Fault } from './runtime.ts';
import { loadStepDefinitions } from '../step-library.ts';

const every = new Set<Fault>(FAULTS);

// Fault steps are declared where they are defined (steps/*.steps.ts): load them as Cucumber does.
let definitions: readonly string[] = [];
before(async () => {
  definitions = await loadStepDefinitions();
});

test('each fault step names the fault it needs', () => {
  assert.deepEqual(faultsOf('every broker of "es-src" is killed'), ['kill']);
  assert.deepEqual(faultsOf('broker 2 of "es-src" is stopped'), ['stop']);
  assert.deepEqual(faultsOf('MirrorMaker 2 is paused for 5 seconds'), ['pause']);
  assert.deepEqual(faultsOf('MirrorMaker 2 is restarted'), ['restart']);
  assert.deepEqual(faultsOf('the brokers of "es-tgt" are restarted one at a time'), ['stop', 'restart']);
  assert.deepEqual(faultsOf('a target cluster "es-tgt" with 1 broker behind Toxiproxy'), ['network']);
  assert.deepEqual(faultsOf('the link from MirrorMaker 2 to "es-tgt" is cut for 10 seconds'), ['network']);
  assert.deepEqual(faultsOf('the producers stop'), []);
  assert.deepEqual(faultsOf('group "g" stops consuming'), []);
  assert.deepEqual(faultsOf('a source cluster "es-src" with 1 broker'), []);
});

test('every step of features/ that injects a fault is declared so where it is defined', () => {
  const dir = join(import.meta.dirname, '../../features');
  const faulty = /\b(killed|stopped|paused|restarted|Toxiproxy|link)\b/;
  const missed: string[] = [];
  let seen = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.feature'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const step = /^\s*(?:Given|When|Then|And|But)\s+(.*)$/.exec(line)?.[1];
      if (!step || !faulty.test(step) || /^(no|the copy|nothing|replication lag|at most|the RPO|the group resumes)/.test(step)) continue;
      seen++;
      // Declared, even as needing nothing of the runtime (an app under test runs on the harness's machine).
      if (!faultSteps().some((s) => s.matches(step))) missed.push(`${file}: ${step}`);
    }
  }
  assert.ok(seen > 10, `found only ${seen} fault steps: the scan is broken`);
  assert.deepEqual(missed, []);
});

test('every fault step declared is a step definition', () => {
  assert.ok(faultSteps().length > 30, `only ${faultSteps().length} fault steps declared: the step files did not load`);
  assert.deepEqual(faultSteps().filter((s) => !definitions.includes(s.expression)).map((s) => s.expression), []);
});

test('a runtime that can inject every fault refuses nothing', () => {
  refuseUnsupportedFaults({ name: 'local', capabilities: every }, ['every broker of "es-src" is killed', 'MirrorMaker 2 is paused for 3 seconds']);
});

test('a fault the runtime cannot inject fails naming the runtime, the fault and the step', () => {
  const runtime = { name: 'containers', capabilities: new Set<Fault>(['kill', 'stop', 'restart']) };
  assert.throws(
    () => refuseUnsupportedFaults(runtime, ['every broker of "es-src" is killed', 'MirrorMaker 2 is paused for 3 seconds']),
    (error: Error) => {
      assert.ok(error instanceof FaultNotSupported);
      assert.match(error.message, /the containers runtime cannot inject pause \(step "MirrorMaker 2 is paused for 3 seconds"\)/);
      assert.doesNotMatch(error.message, /cannot inject kill/);
      assert.match(error.message, /can inject: kill, stop, restart/);
      return true;
    },
  );
});

test('secured clusters, MM2 on Kafka Connect and a lost disk are capabilities too', () => {
  const runtime = { name: 'containers', capabilities: new Set<Fault>(['kill', 'stop', 'pause', 'restart', 'network', 'disk']) };
  const steps = [
    'a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS',
    'MirrorMaker 2 runs on Kafka Connect with 2 workers',
    'the leader of partition 0 of "payments" on "es-src" is killed and restarted without its log of the partition',
    'the link from the apps to "es-src" is throttled to 8 KB/s',
  ];
  assert.throws(
    () => refuseUnsupportedFaults(runtime, steps),
    (error: Error) => {
      assert.match(error.message, /cannot inject security \(step "a source cluster/);
      assert.match(error.message, /cannot inject deployments \(step "MirrorMaker 2 runs on Kafka Connect with 2 workers"\)/);
      assert.doesNotMatch(error.message, /cannot inject (disk|network)/);
      return true;
    },
  );
});
