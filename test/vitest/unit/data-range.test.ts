/** `checkDataRange` (`ts/data/data-range.ts`): the row, column, value and range named, and the power of ten to divide by. */
import { describe, expect, it } from 'vitest';
import { checkDataRange } from '../../../ts/data/data-range.js';
import { shapeByName } from '../../../ts/protocol/shapes/index.js';
import { inputError } from '../helpers/errors.js';

const k8 = shapeByName('k8d1n128');
const k5 = shapeByName('k5d4n109');

describe('checkDataRange', () => {
  it('accepts rows at the range’s edge, ±maxAbsData', () => {
    expect(() => checkDataRange([{ x: [10n ** 10n], y: -(10n ** 10n) }], k8)).not.toThrow();
    expect(() => checkDataRange([{ x: [10n ** 7n, -(10n ** 7n), 0n, 1n], y: 10n ** 7n }], k5)).not.toThrow();
    expect(() => checkDataRange([], k8)).not.toThrow();
  });

  it('refuses one unit beyond it, naming the first such value and the largest', () => {
    const e = inputError(() => checkDataRange([{ x: [1n], y: 2n }, { x: [3n], y: 4n }, { x: [0n], y: 10n ** 10n + 1n }, { x: [-(2n * 10n ** 12n)], y: 0n }], k8));
    expect(e.code).toBe('DATA_OUT_OF_RANGE');
    expect(e.message).toBe(
      "row 3, column y: 1000000.0001 is outside the round's range |x|, |y| ≤ 10^6 (shape k8d1n128); rescale the data, e.g. divide by 10^3 (the largest |value| is 200000000). Nothing was proven or sent.",
    );
  });

  it('names feature columns x1..xd, and another owner of the range when asked', () => {
    const e = inputError(() => checkDataRange([{ x: [0n, 0n, -(25n * 10n ** 6n), 0n], y: 0n }], k5, { whose: 'the range of the shape' }));
    expect(e.message).toBe(
      'row 1, column x3: -2500 is outside the range of the shape |x|, |y| ≤ 10^3 (shape k5d4n109); rescale the data, e.g. divide by 10^1 (the largest |value| is 2500). Nothing was proven or sent.',
    );
  });
});
