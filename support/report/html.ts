/**
 * The few HTML helpers the DR report, the nightly summary and the handbook share: escaping (every
 * text passes through it, so every text is redacted of the run's known secret values), a page
 * shell with its stylesheet inline (no network, no script: a page reads the same without JS).
 */
import { REDACTED } from '../config/secrets.ts';

let secretValues: string[] = [];

/** Known secret values (those of `${VAR}` placeholders): removed from every text the pages show. */
export function setSecretValues(values: Iterable<string>): void {
  secretValues = [...new Set([...values].filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secretValues) out = out.split(s).join(REDACTED);
  return out;
}

export function esc(value: unknown): string {
  return redact(String(value ?? '')).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A path for an href: each segment URI-encoded, slashes kept. */
export function href(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export const seconds = (ms: number | undefined, digits = 1): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(digits)} s`);

export function badge(status: string, text = status): string {
  const cls = /^(passed|valid|held|fixed)$/i.test(status) ? 'ok' : /^(flaky|unknown|skipped|pending|undefined|slower)$/i.test(status) ? 'warn' : /^(—|none|not run)$/i.test(status) ? 'none' : 'bad';
  return `<span class="badge ${cls}">${esc(text)}</span>`;
}

const CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dee7; --bg:#fff; --soft:#f5f7fa; --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --blue:#0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: var(--blue); text-decoration: none; } a:hover { text-decoration: underline; }
.meta { color: var(--muted); margin: 0 0 14px; } .meta b { color: var(--fg); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fff5f5; } tr.feature td { background: #eef3fb; padding-top: 9px; } td.story { max-width: 420px; } tr.resume td { border-top: 0; padding-top: 0; } tr.flaky td { background: #fffbea; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.ok { background: #dafbe1; color: var(--ok); } .badge.bad { background: #ffebe9; color: var(--bad); } .badge.warn { background: #fff8c5; color: var(--warn); } .badge.none { background: var(--soft); color: var(--muted); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 10px 0 18px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; flex: 1 1 110px; background: var(--soft); }
.card .v { font-size: 20px; font-weight: 650; } .card .k { color: var(--muted); font-size: 12px; }
.doc { white-space: pre-wrap; background: var(--soft); border-left: 3px solid var(--line); padding: 8px 12px; margin: 6px 0 12px; }
pre { background: #0d1117; color: #e6edf3; padding: 10px 12px; border-radius: 6px; overflow-x: auto; font-size: 12px; line-height: 1.4; }
pre.light { background: var(--soft); color: var(--fg); }
td pre, pre.error { white-space: pre-wrap; overflow-wrap: anywhere; }
.steps td.kw { color: var(--muted); font-weight: 600; white-space: nowrap; width: 1%; }
.muted { color: var(--muted); } .nowrap { white-space: nowrap; } .small { font-size: 12px; }
figure { margin: 8px 0 16px; } figcaption { color: var(--muted); font-size: 12px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
nav.crumbs { font-size: 13px; margin-bottom: 10px; color: var(--muted); }
details { margin: 6px 0; } summary { cursor: pointer; color: var(--blue); }
.legend span { margin-right: 14px; white-space: nowrap; } .legend i { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 5px; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
${body}
</main></body></html>
`;
}
