/**
 * The benchmark's plots (SVG and PNG; PNG rendered by `ts/demo/chart.ts` with the bundled font):
 *
 * - `shapes-prove`: proof time per shipped shape and the paper workload (median, min–max whiskers),
 *   with the targets 1.0 s (every shape) and 0.8 s (paper-k8);
 * - `shapes-gas`: per shape, `verify` alone, `submit` with K providers and `register` with its proof
 *   (optimized verifiers, receipt gas), with the 1.0M target;
 * - `register-vs-rows` (registration circuit, D = 1, one provider at capacity), `settle-vs-rows`
 *   (one settlement circuit, K = 8, D = 1, against the round's total rows), `prove-vs-rows` (older
 *   results: settlement compiled per row capacity) and `prove-vs-k` (64 rows, D = 1): the sweeps.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChartSvg, svgToPng, type LineChart } from '../ts/demo/chart.js';
import type { BenchResult } from './results.js';
import { GAS_TARGET, PAPER_PROVE_TARGET_MS, SHAPE_PROVE_TARGET_MS } from './targets.js';

const byRows = (results: readonly BenchResult[]) => results.filter((r) => r.sweeps.includes('rows')).sort((a, b) => a.rows - b.rows);
const bySweep = (results: readonly BenchResult[], sweep: 'register-rows' | 'settle-rows') => results.filter((r) => r.sweeps.includes(sweep)).sort((a, b) => a.rows - b.rows);
const sizes = (rs: readonly BenchResult[]) => [...new Set(rs.map((r) => `2^${Math.log2(r.dyadicSize)}`))].join(', ');
const byK = (results: readonly BenchResult[]) => results.filter((r) => r.sweeps.includes('providers')).sort((a, b) => a.k - b.k);
const perShape = (results: readonly BenchResult[]) => results.filter((r) => r.sweeps.includes('shapes') || r.sweeps.includes('paper'));
/** "K = 2: 2^13, K = 4: 2^14" — the dyadic circuit sizes along a sweep. */
const dyadic = (rs: readonly BenchResult[], key: (r: BenchResult) => string) => rs.map((r) => `${key(r)}: 2^${Math.log2(r.dyadicSize)}`).join(', ');

/** Grouped bars per label, optional min–max whiskers, horizontal reference lines. */
export interface GroupedBars {
  title: string;
  yLabel: string;
  labels: string[];
  series: { name: string; color: string; values: (number | null)[]; whiskers?: ([number, number] | null)[] }[];
  lines: { value: number; label: string; color: string; /** Only over these label indices (default all). */ at?: number[] }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString());

/** SVG of {@link GroupedBars} (800 × 480, DejaVu Sans, as `ts/demo/chart.ts`). */
export function groupedBarsSvg(c: GroupedBars): string {
  const W = 800;
  const H = 480;
  const M = { top: 64, right: 24, bottom: 72, left: 88 };
  const values = [...c.series.flatMap((s) => [...s.values, ...(s.whiskers ?? []).map((w) => (w ? w[1] : null))]), ...c.lines.map((l) => l.value)].filter((v): v is number => v !== null);
  const rawHi = Math.max(1e-9, ...values) * 1.12;
  const mag = 10 ** Math.floor(Math.log10(rawHi / 5));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => rawHi / s <= 6) ?? 10 * mag;
  const hi = Math.ceil(rawHi / step) * step;
  const y = (v: number) => M.top + ((hi - v) / hi) * (H - M.top - M.bottom);
  const plotW = W - M.left - M.right;
  const slot = plotW / Math.max(1, c.labels.length);
  const barW = (slot * 0.8) / Math.max(1, c.series.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans" font-size="14">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="30" text-anchor="middle" font-size="18" font-weight="bold">${esc(c.title)}</text>`,
    `<text transform="translate(22 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`,
  ];
  for (let t = 0; t <= hi + step * 1e-9; t += step) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 ? '#333333' : '#dddddd'}"/><text x="${M.left - 8}" y="${(y(t) + 5).toFixed(1)}" text-anchor="end">${num(Number(t.toPrecision(12)))}</text>`);
  }
  c.labels.forEach((label, i) => {
    parts.push(`<text x="${(M.left + (i + 0.5) * slot).toFixed(1)}" y="${H - M.bottom + 22}" text-anchor="middle">${esc(label)}</text>`);
    c.series.forEach((s, j) => {
      const v = s.values[i];
      const x = M.left + i * slot + slot * 0.1 + j * barW;
      if (v === null || v === undefined) {
        parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(y(0) - 6).toFixed(1)}" text-anchor="middle" font-size="11" fill="#777777">n/a</text>`);
        return;
      }
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW * 0.92).toFixed(1)}" height="${Math.max(1, y(0) - y(v)).toFixed(1)}" fill="${s.color}"/>`);
      const w = s.whiskers?.[i];
      const cx = x + (barW * 0.92) / 2;
      if (w) parts.push(`<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y(w[0]).toFixed(1)}" y2="${y(w[1]).toFixed(1)}" stroke="#222222" stroke-width="1.5"/><line x1="${(cx - 5).toFixed(1)}" x2="${(cx + 5).toFixed(1)}" y1="${y(w[1]).toFixed(1)}" y2="${y(w[1]).toFixed(1)}" stroke="#222222"/><line x1="${(cx - 5).toFixed(1)}" x2="${(cx + 5).toFixed(1)}" y1="${y(w[0]).toFixed(1)}" y2="${y(w[0]).toFixed(1)}" stroke="#222222"/>`);
      const labelY = (w ? y(w[1]) : y(v)) - 5;
      parts.push(`<text x="${cx.toFixed(1)}" y="${labelY.toFixed(1)}" text-anchor="middle" font-size="${c.series.length > 2 ? 9 : 11}">${num(v)}</text>`);
    });
  });
  for (const l of c.lines) {
    const idx = l.at ?? c.labels.map((_, i) => i);
    for (const i of idx) {
      parts.push(`<line x1="${(M.left + i * slot + 2).toFixed(1)}" x2="${(M.left + (i + 1) * slot - 2).toFixed(1)}" y1="${y(l.value).toFixed(1)}" y2="${y(l.value).toFixed(1)}" stroke="${l.color}" stroke-width="2" stroke-dasharray="6 4"/>`);
    }
  }
  const legend = [...c.series.map((s) => ({ name: s.name, color: s.color, dashed: false })), ...c.lines.map((l) => ({ name: l.label, color: l.color, dashed: true }))];
  let lx = M.left;
  for (const e of legend) {
    parts.push(
      e.dashed
        ? `<line x1="${lx}" x2="${lx + 18}" y1="${M.top - 14}" y2="${M.top - 14}" stroke="${e.color}" stroke-width="2" stroke-dasharray="6 4"/>`
        : `<rect x="${lx}" y="${M.top - 20}" width="14" height="12" fill="${e.color}"/>`,
      `<text x="${lx + 22}" y="${M.top - 9}" font-size="12">${esc(e.name)}</text>`,
    );
    lx += 30 + e.name.length * 7;
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** The line charts that have at least two points in `results`, by file stem. */
export function charts(results: readonly BenchResult[]): Record<string, LineChart> {
  const out: Record<string, LineChart> = {};
  const rows = byRows(results);
  if (rows.length >= 2) {
    out['prove-vs-rows'] = {
      title: 'Proof time against training rows (K = 8 providers, d = 1)',
      xLabel: `training rows (circuit size ${[...new Set(rows.map((r) => `2^${Math.log2(r.dyadicSize)}`))].join(', ')})`,
      yLabel: 'milliseconds (median)',
      series: [
        { name: 'proof (bb UltraHonk)', points: rows.map((r) => [r.rows, r.proveMs.median]) },
        { name: 'witness (TypeScript + noir_js)', points: rows.map((r) => [r.rows, r.witnessMs.median]) },
      ],
    };
  }
  const reg = bySweep(results, 'register-rows');
  if (reg.length >= 2) {
    out['register-vs-rows'] = {
      title: 'Registration proof time against the rows one provider registers (d = 1)',
      xLabel: `rows registered = circuit capacity (circuit size ${sizes(reg)})`,
      yLabel: 'milliseconds (median)',
      series: [
        { name: 'proof (bb UltraHonk)', points: reg.map((r) => [r.rows, r.proveMs.median]) },
        { name: 'witness (TypeScript + noir_js)', points: reg.map((r) => [r.rows, r.witnessMs.median]) },
      ],
    };
  }
  const settle = bySweep(results, 'settle-rows');
  if (settle.length >= 2) {
    out['settle-vs-rows'] = {
      title: `Settlement proof time against the round's total rows (${settle[0]!.shape})`,
      xLabel: `total training rows of the round (one circuit, size ${sizes(settle)})`,
      yLabel: 'milliseconds (median)',
      series: [
        { name: 'proof (bb UltraHonk)', points: settle.map((r) => [r.rows, r.proveMs.median]) },
        { name: 'witness (TypeScript + noir_js)', points: settle.map((r) => [r.rows, r.witnessMs.median]) },
      ],
    };
  }
  const ks = byK(results);
  if (ks.length >= 2) {
    out['prove-vs-k'] = {
      title: 'Proof time against providers K (64 training rows, d = 1)',
      xLabel: `providers K (2^K coalitions; circuit size ${dyadic(ks, (r) => `K=${r.k}`)})`,
      yLabel: 'milliseconds (median)',
      series: [
        { name: 'proof (bb UltraHonk)', points: ks.map((r) => [r.k, r.proveMs.median]) },
        { name: 'witness (TypeScript + noir_js)', points: ks.map((r) => [r.k, r.witnessMs.median]) },
      ],
    };
  }
  return out;
}

/** The per-shape bar charts, by file stem (each needs at least one shape or paper-k8). */
export function shapeCharts(results: readonly BenchResult[]): Record<string, GroupedBars> {
  const out: Record<string, GroupedBars> = {};
  const rs = perShape(results);
  if (rs.length === 0) return out;
  const labels = rs.map((r) => r.name);
  const paperAt = rs.flatMap((r, i) => (r.name === 'paper-k8' ? [i] : []));
  const shapeAt = rs.flatMap((r, i) => (r.name === 'paper-k8' ? [] : [i]));
  out['shapes-prove'] = {
    title: 'Proof time per shape (bb UltraHonk, EVM target; 2 cores)',
    yLabel: 'seconds (median, min–max)',
    labels,
    series: [{ name: 'proof', color: '#1f77b4', values: rs.map((r) => r.proveMs.median / 1000), whiskers: rs.map((r) => [r.proveMs.min / 1000, r.proveMs.max / 1000]) }],
    lines: [
      ...(shapeAt.length ? [{ value: SHAPE_PROVE_TARGET_MS / 1000, label: 'target 1.0 s (every shape)', color: '#d62728', at: shapeAt }] : []),
      ...(paperAt.length ? [{ value: PAPER_PROVE_TARGET_MS / 1000, label: 'target 0.8 s (paper-k8)', color: '#ff7f0e', at: paperAt }] : []),
    ],
  };
  if (rs.some((r) => r.verifyGas !== null)) {
    const k = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 1000);
    out['shapes-gas'] = {
      title: 'Gas per shape, optimized verifiers (receipt gasUsed)',
      yLabel: 'thousand gas',
      labels,
      series: [
        { name: 'verify alone', color: '#7f7f7f', values: rs.map((r) => k(r.verifyGas?.optimized)) },
        { name: 'submit, K providers', color: '#1f77b4', values: rs.map((r) => k(r.submitGas)) },
        { name: 'register + proof (max)', color: '#2ca02c', values: rs.map((r) => k(r.registerGas?.max)) },
      ],
      lines: [{ value: GAS_TARGET / 1000, label: 'target 1.0M', color: '#d62728' }],
    };
  }
  return out;
}

/** Writes every chart as `<stem>.svg` and `<stem>.png` into `dir`; returns the paths. */
export function writePlots(dir: string, results: readonly BenchResult[]): string[] {
  const paths: string[] = [];
  const svgs: [string, string][] = [
    ...Object.entries(shapeCharts(results)).map(([stem, c]): [string, string] => [stem, groupedBarsSvg(c)]),
    ...Object.entries(charts(results)).map(([stem, c]): [string, string] => [stem, lineChartSvg(c)]),
  ];
  for (const [stem, svg] of svgs) {
    writeFileSync(join(dir, `${stem}.svg`), svg);
    writeFileSync(join(dir, `${stem}.png`), svgToPng(svg));
    paths.push(join(dir, `${stem}.svg`), join(dir, `${stem}.png`));
  }
  return paths;
}
