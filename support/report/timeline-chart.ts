/**
 * The scenario's timeline as an inline SVG, drawn by hand: a few polylines, axes and vertical
 * markers need no charting library, and the page stays one self-contained file that renders
 * without JS (a library would have to be bundled into every page and run a script to draw).
 *
 * Panels share the time axis (seconds from the scenario start): the records acked on the origin,
 * held on the target (mirrored) and read by the groups; the replication lag in seconds; and in
 * records. Faults, heals, restarts and the groups' moves (and first reads on the target) are
 * vertical lines across every panel, labelled on top. Without lag samples (a drill with no
 * background producers) the chart is the history strip alone.
 */
import { esc } from './html.ts';

export interface Point {
  /** ms since the epoch */
  t: number;
  v: number;
}

export interface Series {
  name: string;
  color: string;
  points: Point[];
  dashed?: boolean;
}

export interface Panel {
  title: string;
  unit: string;
  series: Series[];
}

export type MarkerKind = 'fault' | 'heal' | 'restart' | 'resume' | 'first read' | 'producers' | 'audit';

export interface Marker {
  time: number;
  kind: MarkerKind;
  label: string;
}

export const MARKER_COLORS: Record<MarkerKind, string> = {
  fault: '#cf222e',
  heal: '#1a7f37',
  restart: '#bc4c00',
  resume: '#0969da',
  'first read': '#8250df',
  producers: '#8c959f',
  audit: '#8c959f',
};

const W = 1100;
const LEFT = 64;
const RIGHT = 20;
const PANEL_H = 130;
const GAP = 34;
const LABEL_ROW = 15;

/** 0, 2, 4 … : about `count` round ticks from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

const fmt = (v: number) => (Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : Number.isInteger(v) ? String(v) : v.toFixed(1));

/** A fault from its injection to its heal (or, never healed, to the chart's end), drawn as a shaded band. */
export interface Band {
  from: number;
  to: number;
  label: string;
  healed: boolean;
}

export function timelineSvg(opts: { t0: number; t1: number; panels: Panel[]; markers: Marker[]; bands?: Band[]; title?: string }): string {
  const { t0, panels } = opts;
  const markers = [...opts.markers].sort((a, b) => a.time - b.time);
  const t1 = Math.max(opts.t1, t0 + 1000, ...markers.map((m) => m.time), ...panels.flatMap((p) => p.series.flatMap((s) => s.points.map((q) => q.t))));
  const spanS = (t1 - t0) / 1000;
  const xTicks = niceTicks(spanS, 10);
  const xMax = xTicks.at(-1)!;
  const x = (t: number) => LEFT + (((t - t0) / 1000) / xMax) * (W - LEFT - RIGHT);

  // Labels in rows so that neighbours do not overlap: a label takes the first row free where it
  // goes (to the right of its line, or to the left near the right edge).
  const rowsUsed: [number, number][][] = [];
  const placed = markers.map((m) => {
    const text = m.label.length > 48 ? `${m.label.slice(0, 47)}…` : m.label;
    const px = x(m.time);
    const width = text.length * 6.1 + 6;
    const left = px + width > W - RIGHT;
    const span: [number, number] = left ? [px - width, px] : [px, px + width];
    let row = rowsUsed.findIndex((used) => used.every(([a, b]) => span[1] < a || span[0] > b));
    if (row < 0) row = rowsUsed.push([]) - 1;
    rowsUsed[row]!.push(span);
    return { m, text, px, row, left };
  });
  const rows = Math.max(1, rowsUsed.length);
  const top = 10 + rows * LABEL_ROW + 6;
  const history = panels.length === 0;
  const heights = history ? [46] : panels.map(() => PANEL_H);
  const plotBottom = top + heights.reduce((a, b) => a + b, 0) + GAP * (heights.length - 1);
  const H = plotBottom + 40;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" class="timeline" aria-label="${esc(opts.title ?? 'timeline')}">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`);

  // Faults as bands behind the panels: what was down or hurt, from when to when.
  for (const b of opts.bands ?? []) {
    const bx = x(b.from);
    const bw = Math.max(2, x(Math.min(b.to, t1)) - bx);
    out.push(`<rect class="band" x="${bx.toFixed(1)}" y="${top}" width="${bw.toFixed(1)}" height="${plotBottom - top}" fill="${MARKER_COLORS.fault}" fill-opacity="${b.healed ? 0.08 : 0.05}"><title>${esc(`${b.label}: +${((b.from - t0) / 1000).toFixed(1)} s to ${b.healed ? `+${((b.to - t0) / 1000).toFixed(1)} s` : 'the end (not healed)'}`)}</title></rect>`);
  }
  let y0 = top;
  if (history) {
    const h = heights[0]!;
    out.push(`<rect x="${LEFT}" y="${y0}" width="${W - LEFT - RIGHT}" height="${h}" fill="#f5f7fa" stroke="#d9dee7"/>`);
    out.push(`<text x="${LEFT - 8}" y="${y0 + h / 2 + 4}" text-anchor="end" font-size="11" fill="#5b6475">history</text>`);
  }
  panels.forEach((panel, i) => {
    const h = heights[i]!;
    const max = Math.max(0, ...panel.series.flatMap((s) => s.points.map((p) => p.v)));
    const yTicks = niceTicks(max, 4);
    const yMax = yTicks.at(-1)!;
    const y = (v: number) => y0 + h - (v / yMax) * h;
    out.push(`<g class="panel" data-panel="${esc(panel.title)}">`);
    out.push(`<text x="${LEFT}" y="${y0 - 6}" font-size="12" font-weight="600" fill="#1d2330">${esc(panel.title)}</text>`);
    for (const v of yTicks) {
      out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eef1f5"/>`);
      out.push(`<text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#5b6475">${fmt(v)}${v === yMax ? ` ${esc(panel.unit)}` : ''}</text>`);
    }
    out.push(`<rect x="${LEFT}" y="${y0}" width="${W - LEFT - RIGHT}" height="${h}" fill="none" stroke="#d9dee7"/>`);
    for (const s of panel.series) {
      if (!s.points.length) continue;
      const pts = s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
      out.push(`<polyline class="series" data-series="${esc(s.name)}" points="${pts}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${esc(s.name)}</title></polyline>`);
      if (s.points.length === 1) out.push(`<circle cx="${x(s.points[0]!.t).toFixed(1)}" cy="${y(s.points[0]!.v).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
    out.push('</g>');
    y0 += h + GAP;
  });

  // Time axis under the last panel.
  for (const s of xTicks) {
    const px = LEFT + (s / xMax) * (W - LEFT - RIGHT);
    out.push(`<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${plotBottom}" y2="${plotBottom + 4}" stroke="#5b6475"/>`);
    out.push(`<text x="${px.toFixed(1)}" y="${plotBottom + 16}" text-anchor="middle" font-size="10" fill="#5b6475">${fmt(s)}</text>`);
  }
  out.push(`<text x="${(LEFT + W - RIGHT) / 2}" y="${plotBottom + 32}" text-anchor="middle" font-size="11" fill="#5b6475">seconds from the scenario start</text>`);

  for (const { m, text, px, row, left } of placed) {
    const color = MARKER_COLORS[m.kind];
    const ly = 10 + row * LABEL_ROW + 10;
    out.push(`<g class="marker" data-kind="${esc(m.kind)}"><title>${esc(`${m.kind} at +${((m.time - t0) / 1000).toFixed(1)} s: ${m.label}`)}</title>`);
    out.push(`<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${ly + 3}" y2="${plotBottom}" stroke="${color}" stroke-width="1.5"${m.kind === 'first read' || m.kind === 'producers' || m.kind === 'audit' ? ' stroke-dasharray="4 3"' : ''}/>`);
    out.push(`<text x="${(left ? px - 3 : px + 3).toFixed(1)}" y="${ly}" font-size="11" fill="${color}" stroke="#fff" stroke-width="3" paint-order="stroke"${left ? ' text-anchor="end"' : ''}>${esc(text)}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The legend under a chart, as HTML (series colours, marker kinds present). */
export function legendHtml(panels: Panel[], markers: Marker[]): string {
  const series = new Map<string, Series>();
  for (const p of panels) for (const s of p.series) series.set(s.name, s);
  const kinds = [...new Set(markers.map((m) => m.kind))];
  return `<div class="legend small">${[...series.values()].map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`).join('')}${kinds
    .map((k) => `<span><i style="background:${MARKER_COLORS[k]}"></i>${esc(k)}</span>`)
    .join('')}</div>`;
}
