import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../../ts/demo/chart.js';
import { rowValueChartSvg } from '../../../ts/report/row-chart.js';

describe('rowValueChartSvg', () => {
  const chart = { title: 'Row values of provider1', labels: ['l2', 'l3', 'l4', 'l5', 'l6'], values: [0.02, -0.05, 0.04, 0.001, -0.01], errors: [0.005, 0.01, 0.004, 0.002, 0.003], yLabel: 'φ (kg²)' };
  const svg = rowValueChartSvg(chart);

  it('draws one bar per row, sorted by value, negative bars marked, one error bar each', () => {
    const bars = [...svg.matchAll(/<rect class="bar( negative)?"[^>]*>/g)];
    expect(bars).toHaveLength(5);
    expect(bars.map((b) => b[1] === ' negative')).toEqual([false, false, false, true, true]);
    expect(svg.match(/<line class="error"/g)).toHaveLength(5);
    const labels = [...svg.matchAll(/font-size="12">(l\d)</g)].map((m) => m[1]);
    expect(labels).toEqual(['l4', 'l2', 'l5', 'l6', 'l3']);
    expect(svg).toContain('hurts (2 of 5 rows)');
    expect(svg).toContain('stroke="#333333"/><text x="88" y="'); // the zero line, labelled 0
    expect(svg).toMatch(/text-anchor="end">0</);
  });

  it('renders a PNG of the SVG size', () => {
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(900);
    expect(png.readUInt32BE(20)).toBe(480);
  });

  it('drops row labels past 40 rows but keeps every bar; no error bars without errors', () => {
    const many = rowValueChartSvg({ title: 't', labels: Array.from({ length: 60 }, (_, i) => `${i}`), values: Array.from({ length: 60 }, (_, i) => i - 30), yLabel: 'φ' });
    expect(many.match(/<rect class="bar/g)).toHaveLength(60);
    expect(many.match(/class="bar negative"/g)).toHaveLength(30);
    expect(many).not.toContain('class="error"');
    expect(many).toContain('60 rows, sorted by value');
  });

  it('refuses mismatched lengths and non-finite values or errors', () => {
    expect(() => rowValueChartSvg({ ...chart, labels: ['a'] })).toThrow(RangeError);
    expect(() => rowValueChartSvg({ ...chart, errors: [1] })).toThrow(RangeError);
    expect(() => rowValueChartSvg({ ...chart, values: [Number.NaN, 0, 0, 0, 0] })).toThrow(RangeError);
    expect(() => rowValueChartSvg({ ...chart, errors: [-1, 0, 0, 0, 0] })).toThrow(RangeError);
  });
});
