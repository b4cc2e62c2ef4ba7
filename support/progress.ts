/**
 * Progress lines for long waits (jar downloads, MM2 catching up). They go to stderr so that
 * Cucumber's formatter output on stdout stays machine-readable; MIRRORDRILL_QUIET=1 mutes them.
 */
export function progress(message: string): void {
  if (process.env.MIRRORDRILL_QUIET === '1') return;
  process.stderr.write(`  · ${message}\n`);
}

/** A run-level line (what runs, where the reports go); muted like progress. */
export function announce(message: string): void {
  if (process.env.MIRRORDRILL_QUIET === '1') return;
  process.stderr.write(`mirrordrill: ${message}\n`);
}
