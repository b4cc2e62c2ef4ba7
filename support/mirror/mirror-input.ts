/**
 * The mirrors step's input, refused before MM2 starts (and before the step waits on a cluster):
 * a table key MM2 would ignore (mm2-keys.ts, against the names of the running Kafka release) and
 * a named topic MM2 will never mirror (never-mirrored.ts).
 */
import { loadSettings, mirrorSettings } from '../config/defaults.ts';
import { BadStepParameter } from '../errors.ts';
import { progress } from '../progress.ts';
import { mirrorConfigNames } from './config-names.ts';
import { refuseConnectorKey, refuseKey } from './mm2-keys.ts';
import type { MirrorSpec } from './mm2-properties.ts';
import { neverMirrored } from './never-mirrored.ts';

let saidUnchecked = false;

export async function refuseMirrorInput(spec: MirrorSpec): Promise<void> {
  // A user's resource or mm2.properties had its keys checked as it was read (unknown ones are a warning there).
  const keys = spec.configuredBy ? [] : Object.keys(spec.overrides);
  if (keys.length > 0) {
    const answer = await mirrorConfigNames(mirrorSettings(loadSettings()));
    if (answer.names) {
      if (answer.note && !saidUnchecked) {
        saidUnchecked = true;
        progress(answer.note);
      }
      for (const key of keys) {
        const refusal = refuseKey(key, spec, answer.names);
        if (refusal) throw new BadStepParameter(refusal.message, { key, ...(refusal.nearest ? { nearest: refusal.nearest } : {}), hint: refusal.hint });
      }
    } else if (!saidUnchecked) {
      saidUnchecked = true;
      progress(`MM2 property names not checked against MM2's own: ${answer.why}`);
    }
  }
  const never = neverMirrored(spec);
  if (never) throw new BadStepParameter(never.reason, { topic: never.topic, hint: never.hint });
}

/** The keys of a connector's reconfiguration over REST (Kafka Connect), refused before the PUT when MM2's connectors would ignore one. */
export async function refuseConnectorKeys(keys: readonly string[]): Promise<void> {
  const answer = await mirrorConfigNames(mirrorSettings(loadSettings()));
  if (!answer.names) return;
  for (const key of keys) {
    const refusal = refuseConnectorKey(key, answer.names);
    if (refusal) throw new BadStepParameter(refusal.message, { key, hint: refusal.hint });
  }
}
