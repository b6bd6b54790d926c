/**
 * The benchmark's plots (SVG and PNG, `ts/report/chart.ts`): proof time against rows (K = 8),
 * proof time against K (64 rows), and gas against K.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChartSvg, svgToPng, type LineChart } from '../ts/report/chart.js';
import type { BenchResult } from './results.js';

const byRows = (results: readonly BenchResult[]) => results.filter((r) => r.sweeps.includes('rows')).sort((a, b) => a.rows - b.rows);
const byK = (results: readonly BenchResult[]) => results.filter((r) => r.sweeps.includes('providers')).sort((a, b) => a.k - b.k);
/** "K = 2: 2^13, K = 4: 2^14" — the dyadic circuit sizes along a sweep. */
const dyadic = (rs: readonly BenchResult[], key: (r: BenchResult) => string) => rs.map((r) => `${key(r)}: 2^${Math.log2(r.dyadicSize)}`).join(', ');

/** The charts that have at least two points in `results`, by file stem. */
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
    const withGas = ks.filter((r) => r.verifyGas && r.submitGas);
    if (withGas.length >= 2) {
      const kgas = (v: number) => v / 1000;
      out['gas-vs-k'] = {
        title: 'Gas against providers K (64 training rows; receipt gasUsed)',
        xLabel: 'providers K',
        yLabel: 'thousand gas',
        series: [
          { name: 'submit, optimized verifier', points: withGas.map((r) => [r.k, kgas(r.submitGas!.optimized)]) },
          { name: 'verify alone, optimized verifier', points: withGas.map((r) => [r.k, kgas(r.verifyGas!.optimized)]) },
          { name: 'submit, standard verifier', points: withGas.map((r) => [r.k, kgas(r.submitGas!.standard)]) },
          { name: 'verify alone, standard verifier', points: withGas.map((r) => [r.k, kgas(r.verifyGas!.standard)]) },
          { name: 'issue 6 target for submit (1.0M)', points: [[withGas[0]!.k, 1000], [withGas[withGas.length - 1]!.k, 1000]], color: '#7f7f7f' },
        ],
      };
    }
  }
  return out;
}

/** Writes every chart as `<stem>.svg` and `<stem>.png` into `dir`; returns the paths. */
export function writePlots(dir: string, results: readonly BenchResult[]): string[] {
  const paths: string[] = [];
  for (const [stem, chart] of Object.entries(charts(results))) {
    const svg = lineChartSvg(chart);
    writeFileSync(join(dir, `${stem}.svg`), svg);
    writeFileSync(join(dir, `${stem}.png`), svgToPng(svg));
    paths.push(join(dir, `${stem}.svg`), join(dir, `${stem}.png`));
  }
  return paths;
}
