import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shapeBounds } from '../../../ts/protocol/shapes/index.js';
import { smallestShapeFor, summarize } from '../../../ts/protocol/shapes/index.js';
import { shapeParams } from '../../../ts/codegen/params.js';
import { parseShapeArg } from '../../../ts/codegen/shape-args.js';
import { settlementCircuitName, settlementVerifierName, verifierFile } from '../../../ts/protocol/shapes/index.js';
import { PACKAGE_ROOT as REPO_ROOT } from '../../../ts/files/package-root.js';
import { DEFAULT_SHAPE, DEFAULT_SHAPE_NAME, REGISTER_GATES, SHAPES, SHAPE_GATES, makeShape, maxRowsForRange, rangeOfMaxAbsData, shapeByName } from '../../../ts/protocol/shapes/index.js';
import { FIELD_MODULUS, NUM_PUBLIC_INPUTS, PUBLIC_INPUTS, numPublicInputs, publicInputOffset, publicInputOffsetOf, publicInputs } from '../../../ts/protocol/layout.js';
import { inputError } from '../helpers/errors.js';
import { linesD } from '../helpers/reference-multi.js';

describe('the shipped shapes', () => {
  it('are named k{K}d{D}n{N}[p{N_PROVIDER}][e{R}], include the default k8d1n128, (7,2), (≥4,4), and fit 2^15 rows', () => {
    expect(DEFAULT_SHAPE.name).toBe(DEFAULT_SHAPE_NAME);
    expect(SHAPES.map((s) => s.name)).toEqual([
      'k8d1n128', 'k7d2n132', 'k6d3n88', 'k8d1n265', 'k5d4n109',
      'k8d1n4096p512e5', 'k7d2n2520p360e5', 'k6d3n1536p256e4', 'k5d4n165e3',
    ]);
    for (const s of SHAPES) {
      const range = rangeOfMaxAbsData(s.maxAbsData);
      expect(s.name).toMatch(new RegExp(`^k${s.k}d${s.d}n${s.nTrain}${s.nProvider !== s.nTrain ? `p${s.nProvider}` : ''}(e${range})?$`));
      expect(SHAPE_GATES[s.name]).toBeLessThanOrEqual(32_766);
      expect(REGISTER_GATES[s.name]).toBeLessThanOrEqual(32_766);
      expect(s.ciphertextLength).toBe(3 * Math.ceil(s.nProvider / s.r) + 1);
    }
    expect(SHAPES.some((s) => s.d === 2 && s.k >= 7)).toBe(true);
    expect(SHAPES.some((s) => s.d >= 4 && s.k >= 4)).toBe(true);
  });

  it("issue 15's capacity at 2^15: rows per provider, providers, rows per round and the range", () => {
    const at = (name: string) => {
      const s = shapeByName(name);
      return { k: s.k, d: s.d, nProvider: s.nProvider, nTrain: s.nTrain, range: rangeOfMaxAbsData(s.maxAbsData) };
    };
    expect(at('k8d1n4096p512e5')).toEqual({ k: 8, d: 1, nProvider: 512, nTrain: 4096, range: 5 });
    expect(at('k7d2n2520p360e5')).toEqual({ k: 7, d: 2, nProvider: 360, nTrain: 2520, range: 5 });
    expect(at('k6d3n1536p256e4')).toEqual({ k: 6, d: 3, nProvider: 256, nTrain: 1536, range: 4 });
    expect(at('k5d4n165e3')).toEqual({ k: 5, d: 4, nProvider: 165, nTrain: 165, range: 3 });
  });

  it('makeShape: nProvider defaults to nTrain (today’s shapes unchanged), C follows nProvider, the name says p and e', () => {
    const today = makeShape(8, 1, 128);
    expect(today.nProvider).toBe(128);
    expect(today.widthRows).toBe(128);
    expect(today).toEqual(makeShape(8, 1, 128, { nProvider: 128, nVal: 32 }));
    const big = makeShape(8, 1, 4096, { nProvider: 512, nVal: 1000, maxAbsData: 10n ** 9n });
    expect(big.name).toBe('k8d1n4096p512e5');
    expect([big.ncp, big.ciphertextLength]).toEqual([57, 172]);
    expect(makeShape(8, 1, 4096, { maxAbsData: 10n ** 9n }).name).toBe('k8d1n4096e5');
    expect(makeShape(8, 1, 4096, { nProvider: 512 }).name).toBe('k8d1n4096p512');
    expect(() => makeShape(8, 1, 100, { nProvider: 101 })).toThrow(/N_PROVIDER = 101: 1 ≤ N_PROVIDER ≤ N_TRAIN = 100/);
    expect(() => makeShape(8, 1, 100, { nProvider: 0 })).toThrow(/N_PROVIDER = 0/);
    expect(() => makeShape(8, 1, 100, { maxAbsData: 10n ** 9n + 1n })).toThrow(/a data range is 10\^\(R\+4\)/);
    // The range is named: no fallback to a tighter one.
    expect(() => makeShape(8, 1, 266, { maxAbsData: 10n ** 10n })).toThrow(/no data range/);
    expect(parseShapeArg('k8d1n4096p512e5')).toEqual(big);
    expect(parseShapeArg('k8d1n4096p512e5')).toBe(shapeByName('k8d1n4096p512e5'));
  });

  it('an explicit range derives the widths from its largest round: shapes that differ only in N have the same params but N_TRAIN', () => {
    const a = shapeByName('k8d1n4096p512e5');
    const b = makeShape(8, 1, 2048, { nProvider: 512, nVal: a.nVal, maxAbsData: a.maxAbsData });
    expect(a.widthRows).toBe(maxRowsForRange({ k: 8, d: 1, m: a.ncv * a.r, range: 5 }).maxRows);
    expect(b.widthRows).toBe(a.widthRows);
    const strip = (text: string) => text.replace(/^pub global N_TRAIN: u32 = \d+;$/m, '').replace(/shape \S+\./, '');
    expect(strip(shapeParams(b))).toBe(strip(shapeParams(a)));
    expect(shapeParams(b)).not.toBe(shapeParams(a));
  });

  it('the default shape keeps the capacity, packing and data range of the shipped circuit', () => {
    expect({ k: DEFAULT_SHAPE.k, d: DEFAULT_SHAPE.d, n: DEFAULT_SHAPE.nTrain, v: DEFAULT_SHAPE.nVal, p: DEFAULT_SHAPE.p, r: DEFAULT_SHAPE.r, nc: DEFAULT_SHAPE.nc, ncv: DEFAULT_SHAPE.ncv }).toEqual({
      k: 8, d: 1, n: 128, v: 128, p: 3, r: 9, nc: 21, ncv: 15,
    });
    expect(DEFAULT_SHAPE.maxAbsData).toBe(10n ** 10n);
    expect(DEFAULT_SHAPE.ciphertextLength).toBe(3 * 15 + 1);
  });

  it('the committed params.nr is the default shape’s generated one', () => {
    expect(shapeParams(DEFAULT_SHAPE)).toBe(readFileSync(`${REPO_ROOT}/noir/zkml/src/params.nr`, 'utf8'));
  });

  it('verifier names are Zkml<ShapeName>HonkVerifier[Optimized]', () => {
    expect(settlementVerifierName(shapeByName('k7d2n132'), false)).toBe('ZkmlK7d2n132HonkVerifier');
    expect(settlementVerifierName(DEFAULT_SHAPE, true)).toBe('ZkmlK8d1n128HonkVerifierOptimized');
    expect(settlementCircuitName(DEFAULT_SHAPE)).toBe('zkml-k8d1n128');
    expect(verifierFile('ZkmlK8d1n128HonkVerifier')).toBe('contracts/generated/verifiers/ZkmlK8d1n128HonkVerifier.sol');
    expect(() => shapeByName('k9d9n9')).toThrow(/shipped: k8d1n128, /);
    expect(parseShapeArg('k5d4n200').nTrain).toBe(200);
    expect(() => parseShapeArg('big')).toThrow(/not a shape/);
  });
});

describe('bounds (ts/protocol/shapes/bounds.ts, noir/README.md "Bounds")', () => {
  for (const s of SHAPES) {
    it(`${s.name}: every rounding check is sound below p and every published value below 2^120`, () => {
      const b = shapeBounds(s);
      expect(b.failures).toEqual([]);
      const { detCheck, interceptCheck, lossCheck, shapleyCheck, phiMax, lossMax, wMax, bMax } = b.extremes;
      for (const v of [detCheck, interceptCheck, lossCheck, shapleyCheck]) expect(v < FIELD_MODULUS).toBe(true);
      for (const v of [phiMax, lossMax, wMax, bMax]) expect(v < 1n << 120n).toBe(true);
      expect(wMax < 1n << BigInt(b.wBits)).toBe(true);
      expect(bMax < 1n << BigInt(b.bBits)).toBe(true);
      expect(2n * s.maxAbsData < 1n << BigInt(b.dataBits)).toBe(true);
      // The tolerance pre-check is used exactly where det(A)·2^W_BITS could reach p (D ≥ 3, and D = 2 at its widest round).
      expect(b.tolCheck).toBe(2n * b.extremes.detMax * ((1n << BigInt(b.wBits + 1)) + 1n) >= FIELD_MODULUS);
      if (s.d >= 3) expect(b.tolCheck).toBe(true);
    });
  }

  it('a wider range or more rows than a shape class allows falls back to a tighter range', () => {
    expect(makeShape(8, 1, 265).maxAbsData).toBe(10n ** 10n);
    expect(makeShape(8, 1, 266).maxAbsData).toBe(10n ** 9n);
    expect(makeShape(5, 4, 109).maxAbsData).toBe(10n ** 7n);
    expect(makeShape(7, 2, 132, { maxAbsData: 10n ** 10n }).name).toBe('k7d2n132e6');
    expect(() => makeShape(4, 3, 200, { maxAbsData: 10n ** 10n })).toThrow(/no data range/);
  });

  it('D = 5 has no data range at all: (n λ_max)^5 alone exceeds p', () => {
    expect(() => makeShape(2, 5, 8)).toThrow(/no data range keeps every intermediate/);
  });
});

describe('public-input layout as a function of the shape', () => {
  it('the default shape gives the existing layout', () => {
    expect(publicInputs(DEFAULT_SHAPE)).toEqual(PUBLIC_INPUTS);
    expect(numPublicInputs(DEFAULT_SHAPE)).toBe(NUM_PUBLIC_INPUTS);
    expect(NUM_PUBLIC_INPUTS).toBe(31);
    expect(publicInputOffsetOf(DEFAULT_SHAPE, 'shapley')).toBe(publicInputOffset('shapley'));
  });

  it('other shapes: K commitments, payees and φ, D weights', () => {
    const s = shapeByName('k7d2n132');
    expect(numPublicInputs(s)).toBe(1 + 7 + 7 + 1 + 1 + 1 + 2 + 1 + 1 + 7);
    expect(publicInputOffsetOf(s, 'weights')).toBe(18);
    expect(publicInputOffsetOf(s, 'intercept')).toBe(20);
    expect(publicInputOffsetOf(shapeByName('k5d4n109'), 'shapley')).toBe(1 + 5 + 5 + 3 + 4 + 2);
  });
});

describe('smallestShapeFor', () => {
  const rows = (n: number, d: number) => linesD(n * 13 + d, n, d);
  it('picks the smallest shipped shape that holds features, providers, rows and range', () => {
    expect(smallestShapeFor([rows(50, 1), rows(50, 1)], rows(10, 1)).name).toBe('k8d1n128');
    expect(smallestShapeFor([rows(150, 1), rows(50, 1)], rows(10, 1)).name).toBe('k8d1n265');
    expect(smallestShapeFor([rows(60, 2), rows(60, 2), rows(10, 2)], rows(10, 2)).name).toBe('k7d2n132');
    expect(smallestShapeFor([rows(40, 3)], rows(10, 3)).name).toBe('k6d3n88');
    expect(smallestShapeFor([rows(40, 4), rows(60, 4)], rows(32, 4)).name).toBe('k5d4n109');
    expect(smallestShapeFor({ features: 1, providers: 8, trainRows: 265, validationRows: 32, maxAbsValue: 10n ** 10n }).name).toBe('k8d1n265');
    // Rounds at real scale: 8 × 500 rows at |x| ≤ 10^5, 7 × 300 with D = 2, 6 × 250 with D = 3 at 10^4.
    const big = (k: number, n: number, d: number, range: number) =>
      smallestShapeFor({ features: d, providers: k, trainRows: k * n, maxProviderRows: n, validationRows: 32, maxAbsValue: 10n ** BigInt(range + 4) }).name;
    expect(big(8, 500, 1, 5)).toBe('k8d1n4096p512e5');
    expect(big(7, 300, 2, 5)).toBe('k7d2n2520p360e5');
    expect(big(6, 250, 3, 4)).toBe('k6d3n1536p256e4');
    expect(big(2, 80, 4, 3)).toBe('k5d4n165e3');
    // One provider above N_PROVIDER: no shape holds 600 rows of one provider at 10^5.
    expect(inputError(() => smallestShapeFor({ features: 1, providers: 2, trainRows: 700, maxProviderRows: 600, validationRows: 32, maxAbsValue: 10n ** 9n })).message).toMatch(
      /700 training rows of 1 feature\(s\) \(at most 600 from one provider\)/,
    );
    // Without maxProviderRows, one provider may hold every row.
    expect(() => smallestShapeFor({ features: 1, providers: 8, trainRows: 4000, validationRows: 32, maxAbsValue: 10n ** 9n })).toThrow(/No circuit shape/);
  });

  it('names the largest shapes when nothing fits', () => {
    const tooMany = inputError(() => smallestShapeFor({ features: 1, providers: 9, trainRows: 20, validationRows: 5, maxAbsValue: 1n }));
    expect(tooMany.code).toBe('NO_SHAPE_FITS');
    expect(tooMany.message).toMatch(/largest shapes with 1 feature\(s\) are: k8d1n4096p512e5 \(8 providers, 1 feature, 4096 rows, at most 512 per provider, \|x\|, \|y\| ≤ 10\^5\); k8d1n265 .*k8d1n128/);
    expect(tooMany.message).toMatch(/Use fewer providers, rows or features, or rescale the data\.$/);
    const wide = inputError(() => smallestShapeFor({ features: 4, providers: 2, trainRows: 20, validationRows: 5, maxAbsValue: 10n ** 8n }));
    expect(wide.message).toMatch(/k5d4n109 \(5 providers, 4 features, 109 rows, \|x\|, \|y\| ≤ 10\^3\)/);
    // Only the range fails: the power of ten that brings |10^4| within 10^3.
    expect(wide.message).toMatch(/values up to \|10000\|\. .* The range is what fails: .* is \|x\|, \|y\| ≤ 10\^3 \(k5d4n109\); rescale the data, e\.g\. divide every value by 10\^1 \(change its units\), to fit it\.$/);
    const wider = inputError(() => smallestShapeFor({ features: 4, providers: 2, trainRows: 20, validationRows: 5, maxAbsValue: 10n ** 8n + 1n }));
    expect(wider.message).toMatch(/divide every value by 10\^2 /);
    // Range and capacity both fail: no shape would hold it after rescaling alone.
    const both = inputError(() => smallestShapeFor({ features: 4, providers: 6, trainRows: 20, validationRows: 5, maxAbsValue: 10n ** 8n }));
    expect(both.message).not.toMatch(/The range is what fails/);
    const fiveFeatures = inputError(() => smallestShapeFor({ features: 5, providers: 1, trainRows: 2, validationRows: 1, maxAbsValue: 1n }));
    expect(fiveFeatures.message).toMatch(/The largest shapes are: .*k8d1n265.*k7d2n132/);
  });

  it('summarize reads features, providers, rows and the largest |value|', () => {
    expect(summarize([[{ x: [1n, -7n], y: 3n }], [{ x: [2n, 2n], y: -9n }]], [{ x: [0n, 0n], y: 1n }])).toEqual({
      features: 2, providers: 2, trainRows: 2, maxProviderRows: 1, validationRows: 1, maxAbsValue: 9n,
    });
  });
});
