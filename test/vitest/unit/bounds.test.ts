/**
 * The bounds as a function of (K, D, N, M, range, λ cap) (`ts/protocol/shapes/bounds.ts`
 * `boundsFor`) and the rows a data range allows (`ts/protocol/shapes/capacity.ts`): the shipped
 * shapes' bit widths unchanged, the boundary of `maxRowsForRange` (N holds, N + 1 fails),
 * monotonicity in N, range and λ cap, and issue 15's estimates.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_ROWS_SEARCHED,
  SHAPES,
  boundsFor,
  dataValueText,
  frontier,
  maxAbsDataOfRange,
  maxRowsForRange,
  rangeOfMaxAbsData,
  rangeText,
  rescaleExponent,
  shapeBounds,
} from '../../../ts/protocol/shapes/index.js';
import { frontierTable } from '../../../ts/codegen/frontier-table.js';

const widths = (b: ReturnType<typeof shapeBounds>) => ({
  dataBits: b.dataBits,
  countBits: b.countBits,
  wBits: b.wBits,
  bBits: b.bBits,
  detBits: b.detBits,
  tolCheck: b.tolCheck,
  tolBits: b.tolBits,
  interceptBits: b.interceptBits,
  lossDivBits: b.lossDivBits,
  shapleyDivBits: b.shapleyDivBits,
});

describe('boundsFor', () => {
  it('the shipped shapes keep exactly the bit widths their params.nr were generated with (validation capacities of issue 15 included)', () => {
    expect(Object.fromEntries(SHAPES.map((s) => [s.name, widths(shapeBounds(s))]))).toEqual({
      k8d1n128: { dataBits: 35, countBits: 8, wBits: 53, bBits: 73, detBits: 82, tolCheck: false, tolBits: 0, interceptBits: 22, lossDivBits: 89, shapleyDivBits: 112 },
      k7d2n132: { dataBits: 35, countBits: 9, wBits: 53, bBits: 73, detBits: 163, tolCheck: false, tolBits: 0, interceptBits: 22, lossDivBits: 89, shapleyDivBits: 111 },
      k6d3n88: { dataBits: 35, countBits: 9, wBits: 53, bBits: 73, detBits: 240, tolCheck: true, tolBits: 81, interceptBits: 21, lossDivBits: 89, shapleyDivBits: 108 },
      k8d1n265: { dataBits: 35, countBits: 10, wBits: 53, bBits: 73, detBits: 84, tolCheck: false, tolBits: 0, interceptBits: 23, lossDivBits: 90, shapleyDivBits: 117 },
      k5d4n109: { dataBits: 25, countBits: 9, wBits: 43, bBits: 54, detBits: 246, tolCheck: true, tolBits: 64, interceptBits: 22, lossDivBits: 89, shapleyDivBits: 105 },
      // Explicit ranges: the widths of the largest round the range allows (widthRows), whatever N_TRAIN.
      k8d1n4096p512e5: { dataBits: 31, countBits: 22, wBits: 57, bBits: 73, detBits: 104, tolCheck: false, tolBits: 0, interceptBits: 36, lossDivBits: 104, shapleyDivBits: 117 },
      k7d2n2520p360e5: { dataBits: 31, countBits: 21, wBits: 56, bBits: 73, detBits: 202, tolCheck: true, tolBits: 102, interceptBits: 35, lossDivBits: 103, shapleyDivBits: 111 },
      k6d3n1536p256e4: { dataBits: 28, countBits: 15, wBits: 50, bBits: 64, detBits: 250, tolCheck: true, tolBits: 85, interceptBits: 30, lossDivBits: 97, shapleyDivBits: 108 },
      k5d4n165e3: { dataBits: 25, countBits: 9, wBits: 43, bBits: 54, detBits: 249, tolCheck: true, tolBits: 64, interceptBits: 22, lossDivBits: 90, shapleyDivBits: 105 },
    });
  });

  it('shapeBounds is boundsFor at N = widthRows (N_TRAIN, or the range’s largest round for an explicit range), M = NCV·R and Λ < 2^40', () => {
    for (const s of SHAPES) {
      expect(boundsFor({ k: s.k, d: s.d, n: s.widthRows, m: s.ncv * s.r, maxAbsData: s.maxAbsData, lambdaBits: 40n })).toEqual(shapeBounds(s));
      // The round's own N is within its widths' N, and its bounds hold too (F4 at N_TRAIN).
      expect(s.widthRows).toBeGreaterThanOrEqual(s.nTrain);
      expect(boundsFor({ k: s.k, d: s.d, n: s.nTrain, m: s.ncv * s.r, maxAbsData: s.maxAbsData }).ok).toBe(true);
      if (/e\d+$/.test(s.name)) {
        const range = rangeOfMaxAbsData(s.maxAbsData)!;
        expect(s.widthRows).toBe(maxRowsForRange({ k: s.k, d: s.d, m: s.ncv * s.r, range }).maxRows);
      } else expect(s.widthRows).toBe(s.nTrain);
    }
  });

  it('a larger validation capacity M widens only the Shapley division and the count width', () => {
    const small = boundsFor({ k: 8, d: 1, n: 128, m: 36, maxAbsData: 10n ** 10n });
    const large = boundsFor({ k: 8, d: 1, n: 128, m: 1000, maxAbsData: 10n ** 10n });
    expect(large.ok).toBe(true);
    expect(large.shapleyDivBits).toBeGreaterThan(small.shapleyDivBits);
    expect(large.countBits).toBe(10);
    expect({ ...widths(large), shapleyDivBits: 0, countBits: 0 }).toEqual({ ...widths(small), shapleyDivBits: 0, countBits: 0 });
  });

  it('refuses parameters that are not positive integers, and a λ cap below the minimum λ', () => {
    const base = { k: 8, d: 1, n: 128, m: 36, maxAbsData: 10n ** 10n };
    expect(() => boundsFor({ ...base, n: 0 })).toThrow(/N = 0: a positive integer/);
    expect(() => boundsFor({ ...base, m: 1.5 })).toThrow(/M = 1.5/);
    expect(() => boundsFor({ ...base, k: -1 })).toThrow(/K = -1/);
    expect(() => boundsFor({ ...base, lambdaBits: 0n })).toThrow(/lambdaBits = 0/);
    // Λ < 2^6 = 64 leaves no Λ ≥ 100.
    expect(boundsFor({ ...base, lambdaBits: 6n }).failures).toEqual(['Λ < 2^6 leaves no λ ≥ the minimum 100']);
    expect(boundsFor({ ...base, lambdaBits: 7n }).ok).toBe(true);
    expect(boundsFor({ ...base, maxAbsData: 1n << 34n }).failures).toContain('maxAbsData must be below 2^34 (the packing offset)');
  });
});

describe('maxRowsForRange', () => {
  const at = (p: { k: number; d: number; m: number; range: number; lambdaBits?: bigint }, n: number) =>
    boundsFor({ k: p.k, d: p.d, n, m: p.m, maxAbsData: maxAbsDataOfRange(p.range), ...(p.lambdaBits !== undefined ? { lambdaBits: p.lambdaBits } : {}) }).ok;

  it('is the boundary: every bound holds at N and one fails at N + 1', () => {
    for (const p of [
      { k: 8, d: 1, m: 1000, range: 5 },
      { k: 8, d: 1, m: 36, range: 6 },
      { k: 7, d: 2, m: 256, range: 6 },
      { k: 6, d: 3, m: 256, range: 4 },
      { k: 6, d: 3, m: 256, range: 5 },
      { k: 5, d: 4, m: 256, range: 3 },
      { k: 5, d: 4, m: 256, range: 2, lambdaBits: 30n },
    ]) {
      const c = maxRowsForRange(p);
      expect(c.capped).toBe(false);
      expect(at(p, c.maxRows), `${p.k},${p.d},${p.m},${p.range}`).toBe(true);
      expect(at(p, c.maxRows + 1), `${p.k},${p.d},${p.m},${p.range}`).toBe(false);
      expect(c.limitedBy.length).toBeGreaterThan(0);
    }
  });

  it('holds every N up to the maximum and none beyond (sampled)', () => {
    const p = { k: 6, d: 3, m: 256, range: 5 };
    const max = maxRowsForRange(p).maxRows;
    for (const n of [1, 2, 17, 100, 1000, max - 1, max]) expect(at(p, n), `N = ${n}`).toBe(true);
    for (const n of [max + 1, max + 2, 2 * max, 10 * max, 100_000]) expect(at(p, n), `N = ${n}`).toBe(false);
  });

  it('falls as the range widens and rises as λ is capped lower', () => {
    for (const [d, k, m] of [[1, 8, 1000], [2, 7, 256], [3, 6, 256], [4, 5, 256]] as const) {
      const byRange = [3, 4, 5, 6].map((range) => maxRowsForRange({ k, d, m, range }).maxRows);
      for (let i = 1; i < byRange.length; i++) expect(byRange[i]!).toBeLessThanOrEqual(byRange[i - 1]!);
      const byCap = [40n, 30n, 20n].map((lambdaBits) => maxRowsForRange({ k, d, m, range: 3, lambdaBits }).maxRows);
      for (let i = 1; i < byCap.length; i++) expect(byCap[i]!).toBeGreaterThanOrEqual(byCap[i - 1]!);
    }
  });

  it("reproduces issue 15's figures and today's shapes at the full range 10^6", () => {
    const n = (k: number, d: number, m: number, range: number, lambdaBits?: bigint) => maxRowsForRange({ k, d, m, range, ...(lambdaBits ? { lambdaBits } : {}) }).maxRows;
    // Today's capacities at |x|, |y| ≤ 10^6 (the loss and Φ below 2^120), whatever M.
    expect([n(8, 1, 36, 6), n(7, 2, 36, 6), n(6, 3, 36, 6)]).toEqual([265, 132, 88]);
    expect([n(8, 1, 1000, 6), n(7, 2, 256, 6), n(6, 3, 256, 6)]).toEqual([265, 132, 88]);
    // Millions of rows for D ≤ 2 at 10^5; 2,869 for D = 3 at 10^5 and 28,697 at 10^4.
    expect(n(8, 1, 1000, 5)).toBe(2_658_455);
    expect(n(7, 2, 256, 5)).toBe(1_329_227);
    expect(n(6, 3, 256, 5)).toBe(2_869);
    expect(n(6, 3, 256, 4)).toBe(28_697);
    // D = 4: λ's upper bound dominates; capping Λ below 2^30 lifts it.
    expect([n(5, 4, 256, 3), n(5, 4, 256, 3, 30n)]).toEqual([165, 213]);
    expect([n(5, 4, 256, 2), n(5, 4, 256, 2, 30n), n(5, 4, 256, 2, 20n)]).toEqual([400, 2_131, 2_137]);
    // The capacity targets hold at their ranges: 8·512, 7·360, 6·256 rows.
    expect(n(8, 1, 1000, 5)).toBeGreaterThanOrEqual(4096);
    expect(n(7, 2, 256, 5)).toBeGreaterThanOrEqual(7 * 360);
    expect(n(6, 3, 256, 4)).toBeGreaterThanOrEqual(6 * 256);
  });

  it('stops at the search cap and says so; a range no N fits gives 0 and why', () => {
    expect(maxRowsForRange({ k: 8, d: 1, m: 1000, range: 4 })).toEqual({ maxRows: MAX_ROWS_SEARCHED, capped: true, limitedBy: [] });
    expect(maxRowsForRange({ k: 8, d: 1, m: 1000, range: 4, cap: 1e12 })).toMatchObject({ maxRows: 26_584_559_909, capped: false });
    const none = maxRowsForRange({ k: 5, d: 4, m: 256, range: 6 });
    expect(none.maxRows).toBe(0);
    expect(none.limitedBy.join('; ')).toMatch(/W rounding check can wrap/);
    expect(() => maxRowsForRange({ k: 8, d: 1, m: 1000, range: 4, cap: 0 })).toThrow(/cap = 0/);
    expect(() => maxRowsForRange({ k: 8, d: 1, m: 1000, range: -1 })).toThrow(/non-negative integer exponent/);
  });
});

describe('ranges in words and the frontier', () => {
  it('10^R ↔ maxAbsData = 10^(R+4)', () => {
    expect(maxAbsDataOfRange(6)).toBe(10n ** 10n);
    expect(rangeOfMaxAbsData(10n ** 10n)).toBe(6);
    expect(rangeOfMaxAbsData(10n ** 4n)).toBe(0);
    expect(rangeOfMaxAbsData(10n ** 3n)).toBeUndefined();
    expect(rangeOfMaxAbsData(125_000n)).toBeUndefined();
    expect(rangeText(10n ** 7n)).toBe('|x|, |y| ≤ 10^3');
    expect(rangeText(125_000n)).toBe('|x|, |y| ≤ 12.5');
    const ranges: Record<string, number> = { k8d1n4096p512e5: 5, k7d2n2520p360e5: 5, k6d3n1536p256e4: 4 };
    for (const s of SHAPES) expect(rangeText(s.maxAbsData)).toBe(`|x|, |y| ≤ 10^${ranges[s.name] ?? (s.d === 4 ? 3 : 6)}`);
    expect([dataValueText(-25_000_000n), dataValueText(5n), dataValueText(0n), dataValueText(12_345_678n)]).toEqual(['-2500', '0.0005', '0', '1234.5678']);
    // Dividing by 10^p brings |V| within the range: 0 when in range, exact at the edge.
    expect([rescaleExponent(10n ** 7n, 10n ** 7n), rescaleExponent(10n ** 7n + 1n, 10n ** 7n), rescaleExponent(-(10n ** 8n), 10n ** 7n), rescaleExponent(10n ** 8n + 1n, 10n ** 7n)]).toEqual([0, 1, 1, 2]);
    expect(() => rescaleExponent(1n, 0n)).toThrow(/maxAbsData = 0/);
  });

  it('covers D = 1..4 and R = 3..6 at K = 9 − D and M = 1,000 / 256, for Λ < 2^40, 2^30, 2^20', () => {
    const f = frontier();
    expect(f).toHaveLength(16);
    expect(f.map((e) => [e.d, e.k, e.m])).toEqual([1, 2, 3, 4].flatMap((d) => Array(4).fill([d, 9 - d, d === 1 ? 1000 : 256])));
    const d3r5 = f.find((e) => e.d === 3 && e.range === 5)!;
    expect(d3r5.byLambda.map((b) => [b.lambdaBits, b.capacity.maxRows])).toEqual([[40n, 2869], [30n, 2869], [20n, 2869]]);
    const table = frontierTable(f);
    expect(table.split('\n')[0]).toBe('| D | K | M | range | N at Λ < 2^40 | N at Λ < 2^30 | N at Λ < 2^20 | limited by (Λ < 2^40) |');
    expect(table).toContain('| 3 | 6 | 256 | 10^5 | 2,869 | 2,869 | 2,869 | W rounding check can wrap (2^254) |');
    expect(table).toContain('| 1 | 8 | 1,000 | 10^4 | ≥ 10,000,000 | ≥ 10,000,000 | ≥ 10,000,000 | (search cap) |');
    // |Φ| inside a cell is escaped, so every row has the header's 8 cells.
    expect(table).toContain('| 1 | 8 | 1,000 | 10^6 | 265 | 265 | 265 | training loss can reach 2^121; \\|Φ\\| can reach 2^121 |');
    for (const line of table.split('\n')) expect(line.replaceAll('\\|', '').split('|')).toHaveLength(10);
  });
});
