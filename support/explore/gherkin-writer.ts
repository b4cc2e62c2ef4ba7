/**
 * Writes drills as Gherkin: explore's runs (one scenario per schedule) and the minimal failing
 * schedule it found (features/found/<anomaly>-<seed>.feature), in the project's own step
 * vocabulary, so a person can read, keep and rerun them with `npm run drill`.
 */
import type { DrillStep, StepType } from './steady-state.ts';

export interface WrittenScenario {
  name: string;
  description?: string[];
  tags?: string[];
  steps: DrillStep[];
}

export interface WrittenFeature {
  name: string;
  description: string[];
  tags?: string[];
  scenarios: WrittenScenario[];
}

const KEYWORD: Record<StepType, string> = { Context: 'Given', Action: 'When', Outcome: 'Then' };

/**
 * A table, its columns padded. Gherkin reads `\\`, `\|` and `\n` in a cell as escapes and keeps
 * any other backslash as written, so only a backslash before one of those is doubled.
 */
function table(rows: string[][], indent: string): string[] {
  const cells = rows.map((r) => r.map((c) => c.replace(/\\(?=[\\|n]|$)/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '\\n')));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => `${indent}| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
}

/** A scenario or feature name on one line (Gherkin ends a name at the line's end). */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Description lines: a line Gherkin would read as a keyword (`Scenario:`, `Given`, `#`, `@`, `|`) is kept as text by indenting nothing away but prefixing it. */
function text(lines: readonly string[], indent: string): string[] {
  return lines.map((l) => (l.trim() === '' ? '' : `${indent}${/^\s*(Scenario|Example|Background|Rule|Feature|Examples|Scenarios|Given|When|Then|And|But|[#@|*]|""")/.test(l) ? `— ${l.trim()}` : l.trim()}`));
}

export function writeFeature(f: WrittenFeature): string {
  const out: string[] = [];
  if (f.tags?.length) out.push(f.tags.join(' '));
  out.push(`Feature: ${oneLine(f.name)}`);
  out.push(...text(f.description, '  '));
  for (const s of f.scenarios) {
    out.push('');
    if (s.tags?.length) out.push(`  ${s.tags.join(' ')}`);
    out.push(`  Scenario: ${oneLine(s.name)}`);
    if (s.description?.length) out.push(...text(s.description, '    '), '');
    let previous: StepType | undefined;
    for (const step of s.steps) {
      const keyword = step.type === previous ? 'And' : KEYWORD[step.type];
      previous = step.type;
      out.push(`    ${keyword} ${step.text}`);
      if (step.table?.length) out.push(...table(step.table, '      '));
      if (step.docString !== undefined) out.push('      """', ...step.docString.split('\n').map((l) => `      ${l}`), '      """');
    }
  }
  return `${out.join('\n')}\n`;
}
