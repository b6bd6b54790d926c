/**
 * A chart of per-row data values like the paper's figure: one bar per row, rows sorted by value
 * (largest first), negative bars in red, each with an error bar (± the given half-width, e.g.
 * 1.96 standard errors). Hand-written SVG, like the demo's charts (`ts/demo/chart.ts`, whose
 * `svgToPng` renders it to PNG in the tests; the shipped CLI writes the SVG only).
 */
const W = 900;
const H = 480;
const M = { top: 56, right: 24, bottom: 72, left: 96 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString());

/** What to draw. */
export interface RowValueChart {
  title: string;
  /** One label per row (e.g. its CSV line). Drawn under the bars when there are at most 40 rows. */
  labels: readonly string[];
  values: readonly number[];
  /** Half-widths of the error bars, one per row (≥ 0); omit for none. */
  errors?: readonly number[];
  yLabel: string;
  xLabel?: string;
}

function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const mag = 10 ** Math.floor(Math.log10(span / 5));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= 5) ?? 10 * mag;
  const out: number[] = [];
  // Integer multiples of the step, so zero is exactly 0 (no accumulated rounding).
  for (let k = Math.floor(lo / step + 1e-9); k <= Math.ceil(hi / step - 1e-9); k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * The SVG text of the chart. Every bar is a `<rect class="bar …">` (`bar negative` below zero),
 * every error bar a `<line class="error">`.
 * @throws RangeError if labels, values or errors differ in length, or a value or error is not finite
 */
export function rowValueChartSvg(c: RowValueChart): string {
  const n = c.values.length;
  if (c.labels.length !== n || (c.errors && c.errors.length !== n)) throw new RangeError('rowValueChartSvg: labels, values and errors need one entry per row');
  if (c.values.some((v) => !Number.isFinite(v)) || c.errors?.some((e) => !(Number.isFinite(e) && e >= 0))) {
    throw new RangeError('rowValueChartSvg: values must be finite and errors finite and ≥ 0');
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => c.values[b]! - c.values[a]! || a - b);
  const err = (i: number) => c.errors?.[i] ?? 0;
  const lo = Math.min(0, ...order.map((i) => c.values[i]! - err(i)));
  const hi = Math.max(0, ...order.map((i) => c.values[i]! + err(i)));
  const t = ticks(lo, hi);
  const [y0, y1] = [t[0]!, t[t.length - 1]!];
  const y = (v: number) => M.top + ((y1 - v) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const slot = (W - M.left - M.right) / Math.max(1, n);
  const grid = t
    .map((v) => `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#333333' : '#dddddd'}"/><text x="${M.left - 8}" y="${(y(v) + 5).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`)
    .join('\n');
  const showLabels = n <= 40;
  const bars = order
    .map((i, k) => {
      const v = c.values[i]!;
      const x = M.left + k * slot + slot * 0.15;
      const cx = (x + slot * 0.35).toFixed(1);
      const negative = v < 0;
      const bar = `<rect class="bar${negative ? ' negative' : ''}" x="${x.toFixed(1)}" y="${Math.min(y(v), y(0)).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${Math.max(1, Math.abs(y(v) - y(0))).toFixed(1)}" fill="${negative ? '#d62728' : '#1f77b4'}"/>`;
      const e = err(i);
      const cap = Math.min(6, slot * 0.25).toFixed(1);
      const errorBar =
        e > 0
          ? `<line class="error" x1="${cx}" x2="${cx}" y1="${y(v - e).toFixed(1)}" y2="${y(v + e).toFixed(1)}" stroke="#222222"/>` +
            `<path d="M${(Number(cx) - Number(cap)).toFixed(1)} ${y(v - e).toFixed(1)}h${(2 * Number(cap)).toFixed(1)}M${(Number(cx) - Number(cap)).toFixed(1)} ${y(v + e).toFixed(1)}h${(2 * Number(cap)).toFixed(1)}" stroke="#222222"/>`
          : '';
      const label = showLabels ? `<text x="${cx}" y="${H - M.bottom + 20}" text-anchor="middle" font-size="${n > 20 ? 9 : 12}">${esc(c.labels[i]!)}</text>` : '';
      return bar + errorBar + label;
    })
    .join('\n');
  const negatives = order.filter((i) => c.values[i]! < 0).length;
  const legend =
    `<rect x="${W - M.right - 250}" y="${M.top - 18}" width="12" height="12" fill="#1f77b4"/><text x="${W - M.right - 234}" y="${M.top - 8}" font-size="12">helps</text>` +
    `<rect x="${W - M.right - 180}" y="${M.top - 18}" width="12" height="12" fill="#d62728"/><text x="${W - M.right - 164}" y="${M.top - 8}" font-size="12">hurts (${negatives} of ${n} rows)</text>`;
  const xLabel = c.xLabel ?? (showLabels ? 'row (CSV line), sorted by value' : `${n} rows, sorted by value`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans" font-size="14">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="28" text-anchor="middle" font-size="18" font-weight="bold">${esc(c.title)}</text>`,
    `<text transform="translate(22 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 20}" text-anchor="middle">${esc(xLabel)}</text>`,
    grid,
    bars,
    legend,
    '</svg>',
    '',
  ].join('\n');
}
