import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registerParams, validationParams } from '../../../ts/codegen/params.js';
import { registerShape } from '../../../ts/crypto/register-shape.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { DEFAULT_SHAPE, REGISTER_GATES, SHAPES, makeShape, registerCircuitName, registerVerifierName, shapeByName } from '../../../ts/protocol/shapes/index.js';

describe('the registration circuit of a settlement shape (ts/crypto/register-shape.ts)', () => {
  it('derives every parameter from the shape: C = 3·ceil(N_PROVIDER/R) + 1, the shape’s range and its data-check width', () => {
    const table = SHAPES.map((s) => {
      const r = registerShape(s);
      return [r.name, r.d, r.p, r.r, r.ncp, r.c, r.maxAbsData, r.dataBits];
    });
    expect(table).toEqual([
      ['k8d1n128', 1, 3, 9, 15, 46, 10n ** 10n, 35],
      ['k7d2n132', 2, 2, 6, 22, 67, 10n ** 10n, 35],
      ['k6d3n88', 3, 1, 3, 30, 91, 10n ** 10n, 35],
      ['k8d1n265', 1, 3, 9, 30, 91, 10n ** 10n, 35],
      ['k5d4n109', 4, 1, 3, 37, 112, 10n ** 7n, 25],
      // C follows the rows one provider registers (N_PROVIDER), not the round's N_TRAIN.
      ['k8d1n4096p512e5', 1, 3, 9, 57, 172, 10n ** 9n, 31],
      ['k7d2n2520p360e5', 2, 2, 6, 60, 181, 10n ** 9n, 31],
      ['k6d3n1536p256e4', 3, 1, 3, 86, 259, 10n ** 8n, 28],
      ['k5d4n165e3', 4, 1, 3, 55, 166, 10n ** 7n, 25],
    ]);
    for (const s of SHAPES) expect(registerShape(s).c).toBe(s.ciphertextLength);
  });

  it('refuses a shape without a sound data range', () => {
    const unsound = { ...makeShape(5, 4, 109), maxAbsData: 10n ** 10n };
    expect(() => registerShape(unsound)).toThrow(RangeError);
  });

  it('names: register-<shape> artifacts, Register<Shape>HonkVerifier[Optimized] contracts', () => {
    expect(registerCircuitName(shapeByName('k7d2n132'))).toBe('register-k7d2n132');
    expect(registerCircuitName(DEFAULT_SHAPE)).toBe('register-k8d1n128');
    expect(registerVerifierName(shapeByName('k7d2n132'), true)).toBe('RegisterK7d2n132HonkVerifierOptimized');
    expect(registerVerifierName(DEFAULT_SHAPE, false)).toBe('RegisterK8d1n128HonkVerifier');
  });

  it('the committed noir/register/src/params.nr (and noir/validation’s) is the default shape’s generated one', () => {
    expect(registerParams(DEFAULT_SHAPE)).toBe(readFileSync(`${PACKAGE_ROOT}/noir/register/src/params.nr`, 'utf8'));
    expect(validationParams(DEFAULT_SHAPE)).toBe(readFileSync(`${PACKAGE_ROOT}/noir/validation/src/params.nr`, 'utf8'));
  });

  it('every shipped shape has a recorded gate count within 2^15 rows', () => {
    expect(Object.keys(REGISTER_GATES)).toEqual(SHAPES.map((s) => s.name));
    for (const g of Object.values(REGISTER_GATES)) expect(g).toBeLessThanOrEqual(32_766);
  });
});
