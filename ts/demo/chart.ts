/**
 * The demo's and the benchmark's charts: SVG written by hand, PNG rendered from the same SVG by
 * resvg with the DejaVu Sans font shipped in `dejavu-fonts-ttf` (no system fonts, so the PNG is
 * the same on every machine). Both are devDependencies, so this lives with the demo and is not
 * shipped; the shipped CLI draws SVG only (`ts/report/row-chart.ts`).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** The bundled DejaVu Sans files, resolved when a PNG is first rendered (not at import). */
function fontFiles(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) =>
  Math.abs(v) >= 1e7 || (Math.abs(v) < 0.001 && v !== 0) ? v.toPrecision(3) : Number(v.toPrecision(4)).toString();

/** "Nice" axis ticks covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  const last = Math.ceil(hi / step - 1e-9) * step;
  for (let t = Math.floor(lo / step + 1e-9) * step; t <= last + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

export interface BarChart {
  title: string;
  labels: string[];
  values: number[];
  yLabel: string;
  /** Colour of negative bars (default red) and positive bars (default blue). */
  colors?: { positive?: string; negative?: string };
}

const W = 800;
const H = 480;
const M = { top: 56, right: 24, bottom: 72, left: 88 };

function frame(title: string, yLabel: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans" font-size="14">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="32" text-anchor="middle" font-size="18" font-weight="bold">${esc(title)}</text>`,
    `<text transform="translate(22 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}

function yAxis(lo: number, hi: number, y: (v: number) => number): string {
  return ticks(lo, hi)
    .map((t) => `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 ? '#333333' : '#dddddd'}"/>` + `<text x="${M.left - 8}" y="${(y(t) + 5).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`)
    .join('\n');
}

/** A bar chart with a zero line (negative bars go down), values printed on the bars. */
export function barChartSvg(c: BarChart): string {
  const lo = Math.min(0, ...c.values);
  const hi = Math.max(0, ...c.values);
  const t = ticks(lo, hi);
  const y0 = t[0]!;
  const y1 = t[t.length - 1]!;
  const y = (v: number) => M.top + ((y1 - v) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const slot = (W - M.left - M.right) / Math.max(1, c.values.length);
  const bars = c.values
    .map((v, i) => {
      const x = M.left + i * slot + slot * 0.15;
      const top = Math.min(y(v), y(0));
      const h = Math.max(1, Math.abs(y(v) - y(0)));
      const color = v < 0 ? (c.colors?.negative ?? '#d62728') : (c.colors?.positive ?? '#1f77b4');
      const labelY = v < 0 ? y(v) + 18 : y(v) - 6;
      return (
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>` +
        `<text x="${(x + slot * 0.35).toFixed(1)}" y="${labelY.toFixed(1)}" text-anchor="middle" font-size="12">${fmt(v)}</text>` +
        `<text x="${(x + slot * 0.35).toFixed(1)}" y="${H - M.bottom + 22}" text-anchor="middle">${esc(c.labels[i] ?? '')}</text>`
      );
    })
    .join('\n');
  return frame(c.title, c.yLabel, `${yAxis(y0, y1, y)}\n${bars}`);
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: { name: string; points: [number, number][]; color?: string }[];
}

/** Lines with markers on linear axes, with a legend. */
export function lineChartSvg(c: LineChart): string {
  const pts = c.series.flatMap((s) => s.points);
  const xt = ticks(Math.min(0, ...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0])));
  const yt = ticks(Math.min(0, ...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1])));
  const [x0, x1, y0, y1] = [xt[0]!, xt[xt.length - 1]!, yt[0]!, yt[yt.length - 1]!];
  const x = (v: number) => M.left + ((v - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const y = (v: number) => M.top + ((y1 - v) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
  const xAxis = xt.map((t) => `<text x="${x(t).toFixed(1)}" y="${H - M.bottom + 22}" text-anchor="middle">${fmt(t)}</text>`).join('\n');
  const lines = c.series
    .map((s, i) => {
      const color = s.color ?? palette[i % palette.length]!;
      const path = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p[0]).toFixed(1)} ${y(p[1]).toFixed(1)}`).join(' ');
      const marks = s.points.map((p) => `<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="4" fill="${color}"/>`).join('');
      const legend = `<rect x="${M.left + 12}" y="${M.top + 8 + i * 20}" width="14" height="4" fill="${color}"/><text x="${M.left + 32}" y="${M.top + 14 + i * 20}">${esc(s.name)}</text>`;
      return `<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>${marks}${legend}`;
    })
    .join('\n');
  const xTitle = `<text x="${(M.left + W - M.right) / 2}" y="${H - 24}" text-anchor="middle">${esc(c.xLabel)}</text>`;
  return frame(c.title, c.yLabel, `${yAxis(y0, y1, y)}\n${xAxis}\n${xTitle}\n${lines}`);
}

/** Renders an SVG to PNG bytes with the bundled DejaVu Sans. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'original' } });
  return resvg.render().asPng();
}
