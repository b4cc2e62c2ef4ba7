/**
 * The keys of a user's own MM2 configuration (a KafkaMirrorMaker2 resource, an mm2.properties),
 * judged against the names MM2 defines in the flow's Kafka release (mm2-keys.ts). A scenario's
 * table is the harness's own, so an unknown key there is refused; a user's file may rightly carry
 * keys MM2's ConfigDefs do not list (a custom replication policy's or filter's settings, metric
 * reporters, a config provider's): those are kept and named in a warning. A key within one edit
 * of a name MM2 defines is a typo, and refused naming both, since MM2 would run with its default.
 */
import { BadStepParameter } from '../errors.ts';
import type { ConfigNames } from './config-names.ts';
import { editDistance, refuseKey, type Flow } from './mm2-keys.ts';

export interface UserKey {
  /** As MM2 reads it in mm2.properties form (es-src->es-tgt.offset.lag.max). */
  key: string;
  /** Where the user wrote it (spec.mirrors[0].checkpointConnector.config.offset.lag.max). */
  path: string;
  /** The key as written in the file (offset.lag.max), when it differs from `key`. */
  written?: string;
}

/** Warnings for keys MM2 does not apply; throws on a typo of a name it defines. */
export function checkUserKeys(keys: readonly UserKey[], flow: Flow, names: ConfigNames | undefined): { path: string; message: string }[] {
  if (!names) return [];
  const warnings: { path: string; message: string }[] = [];
  for (const { key, path, written = key } of keys) {
    const refusal = refuseKey(key, flow, names);
    if (!refusal) continue;
    if (refusal.nearest && editDistance(key, refusal.nearest) <= 1) {
      // Said in the file's terms: the prefix the mapping added is taken off the near name too.
      const prefix = key.slice(0, key.length - written.length);
      const near = refusal.nearest.startsWith(prefix) ? refusal.nearest.slice(prefix.length) : refusal.nearest;
      throw new BadStepParameter(`${path}: "${written}" is one edit from "${near}", which MM2 ${names.version} defines: MM2 ignores a key it does not know, and would run with its default`, {
        field: path,
        key: written,
        nearest: near,
        hint: `did you mean "${near}"? Correct the key in the file`,
      });
    }
    warnings.push({ path, message: `${refusal.message.replace(/: MM2 ignores a key it does not know, and would run with its default$/, '')} (kept: a plugin may read it; ${refusal.hint})` });
  }
  return warnings;
}
