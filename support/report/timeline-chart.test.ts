import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceTicks, timelineSvg } from './timeline-chart.ts';

test('ticks are round numbers from 0 past the maximum', () => {
  assert.deepEqual(niceTicks(17.1, 10), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  assert.deepEqual(niceTicks(2447, 4), [0, 1000, 2000, 3000]);
  assert.deepEqual(niceTicks(0), [0, 1]);
});

test('every marker is a labelled vertical line; series are polylines; labels near the right edge turn left', () => {
  const t0 = 1_000_000;
  const svg = timelineSvg({
    t0,
    t1: t0 + 20_000,
    panels: [{ title: 'records', unit: 'rec', series: [{ name: 'acked', color: '#000', points: [{ t: t0 + 1000, v: 10 }, { t: t0 + 2000, v: 20 }] }] }],
    markers: [
      { time: t0 + 5_000, kind: 'fault', label: 'every broker of es-src killed (SIGKILL)' },
      { time: t0 + 5_100, kind: 'resume', label: 'group g moves to es-src.products on es-tgt' },
      { time: t0 + 19_900, kind: 'heal', label: 'the link from MirrorMaker 2 to es-tgt healed' },
    ],
  });
  assert.equal((svg.match(/<g class="marker"/g) ?? []).length, 3);
  assert.match(svg, /data-kind="fault"[^]*every broker of es-src killed/);
  assert.match(svg, /<polyline class="series" data-series="acked"/);
  assert.match(svg, /text-anchor="end"[^>]*>the link from MirrorMaker 2 to es-tgt/);
  // Two markers 0.1 s apart get labels on different rows.
  const ys = [...svg.matchAll(/<text x="[\d.]+" y="(\d+)" font-size="11"/g)].map((m) => Number(m[1]));
  assert.notEqual(ys[0], ys[1]);
});

test('without panels the chart is the history strip with its markers', () => {
  const svg = timelineSvg({ t0: 0, t1: 10_000, panels: [], markers: [{ time: 4_000, kind: 'fault', label: 'es-src killed' }] });
  assert.match(svg, />history</);
  assert.match(svg, /data-kind="fault"/);
});

test('faults are bands from their injection to their heal, or to the end when nothing healed them', async () => {
  const { bandsOf } = await import('./run-report.ts');
  const t = (s: number) => new Date(1_000_000 + s * 1000).toISOString();
  const ev = (s: number, kind: string, subject: string, what: string) => ({ at: s, time: t(s), kind, subject, what });
  const report = {
    ledger: {
      events: [
        ev(1, 'fault', 'MirrorMaker 2', 'killed (SIGKILL)'),
        ev(2, 'fault', 'broker 1 of "es-tgt"', 'paused for 3 s (SIGSTOP)'),
        ev(5, 'heal', 'broker 1 of "es-tgt"', 'resumed (SIGCONT)'),
        ev(6, 'restart', 'MirrorMaker 2', 'restarted with its config'),
        ev(8, 'fault', 'every broker of es-src', 'killed (SIGKILL)'),
      ],
    },
  } as unknown as Parameters<typeof bandsOf>[0];
  const bands = bandsOf(report, 1_000_000 + 20_000);
  assert.deepEqual(
    bands.map((b) => [(b.from - 1_000_000) / 1000, (b.to - 1_000_000) / 1000, b.healed]),
    [
      [1, 6, true],
      [2, 5, true],
      [8, 20, false],
    ],
  );
  const svg = timelineSvg({ t0: 1_000_000, t1: 1_020_000, panels: [], markers: [], bands });
  assert.equal((svg.match(/<rect class="band"/g) ?? []).length, 3);
  assert.match(svg, /every broker of es-src killed \(SIGKILL\): \+8\.0 s to the end \(not healed\)/);
});
