import { describe, expect, it } from 'vitest';
import { barChartSvg, lineChartSvg, svgToPng } from '../../../ts/demo/chart.js';

describe('charts', () => {
  const bar = barChartSvg({ title: 'Shapley values', labels: ['a', 'b', 'mallory'], values: [0.5, 0.25, -1.5], yLabel: 'φ' });

  it('draws one bar per value, negative ones in red below zero, with labels', () => {
    expect(bar.match(/<rect x=/g)).toHaveLength(3);
    expect(bar).toContain('fill="#d62728"');
    expect(bar).toContain('>mallory<');
    expect(bar).toContain('>-1.5<');
  });

  it('renders a PNG of the SVG size, identically each time', () => {
    const png = svgToPng(bar);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(800); // IHDR width
    expect(png.readUInt32BE(20)).toBe(480); // IHDR height
    expect(svgToPng(bar).equals(png)).toBe(true);
  });

  it('draws line series with a legend', () => {
    const svg = lineChartSvg({ title: 't', xLabel: 'rows', yLabel: 'ms', series: [{ name: 'k = 8', points: [[1, 2], [2, 4]] }] });
    expect(svg).toContain('<path d="M');
    expect(svg).toContain('>k = 8<');
  });
});
