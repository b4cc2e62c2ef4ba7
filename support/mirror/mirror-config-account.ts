/**
 * The account of a flow driven by the user's own MM2 configuration (a KafkaMirrorMaker2 resource
 * or an mm2.properties): which file and shape was read, what the drill replaced with its own
 * (addresses, TLS material, credentials: never their values), what it cannot honour, which keys
 * MM2 does not define (kept, with a warning), and the drill's defaults for what the file leaves
 * unset. Shown as progress lines when MM2 starts and as a section of verdict.txt, so that nothing
 * the user wrote is dropped in silence.
 */

export interface ConfigAccount {
  /** The file as the step names it (relative to the repository). */
  file: string;
  /** "KafkaMirrorMaker2 kafka.strimzi.io/v1beta2 (v1beta2 shape)", "mm2.properties (dedicated mode)". */
  shape: string;
  /** What the drill put in place of the file's own, and why. */
  replaced: { path: string; was: string; now: string }[];
  /** Fields the drill reads but has no equivalent for. */
  notHonoured: { path: string; why: string }[];
  /** Keys MM2 does not define (kept as written), and settings the drill cannot apply as the file means them. */
  warnings: { path: string; message: string }[];
  /** Settings the file leaves unset that the drill sets (its fast intervals, factors that fit its clusters), as key=value. */
  drillDefaults: string[];
}

/** The account as lines, for progress and verdict.txt. */
export function accountLines(a: ConfigAccount): string[] {
  const lines = [`MM2 configured by ${a.file}: ${a.shape}`];
  if (a.replaced.length) {
    lines.push('  replaced by the drill (its own clusters, CA and users; values not shown):');
    for (const r of a.replaced) lines.push(`    ${r.path}: ${r.was} → ${r.now}`);
  }
  if (a.notHonoured.length) {
    lines.push('  not honoured (no equivalent in a drill):');
    for (const n of a.notHonoured) lines.push(`    ${n.path}: ${n.why}`);
  }
  if (a.warnings.length) {
    lines.push('  warnings (kept as written):');
    for (const w of a.warnings) lines.push(`    ${w.path}: ${w.message}`);
  }
  if (a.drillDefaults.length) lines.push(`  unset in the file, the drill's defaults: ${a.drillDefaults.join(', ')}`);
  return lines;
}
