import { describe, expect, it } from 'vitest';
import { InputError } from '../../../ts/errors/index.js';
import { MAX_ABS_VALUE, checkedDecimal, fromFixed, parseDecimal, toFixed } from '../../../ts/data/fixed-point.js';
import { INPUT_SCALE, MODEL_SCALE } from '../../../ts/protocol/layout.js';
import { inputError } from '../helpers/errors.js';


describe('parseDecimal', () => {
  it('takes plain decimals and exponents apart exactly', () => {
    expect(parseDecimal('12')).toEqual({ negative: false, digits: 12n, exponent: 0 });
    expect(parseDecimal('-0.50')).toEqual({ negative: true, digits: 50n, exponent: -2 });
    expect(parseDecimal('.25')).toEqual({ negative: false, digits: 25n, exponent: -2 });
    expect(parseDecimal('3.')).toEqual({ negative: false, digits: 3n, exponent: 0 });
    expect(parseDecimal('+1.5e-3')).toEqual({ negative: false, digits: 15n, exponent: -4 });
    expect(parseDecimal('2E6')).toEqual({ negative: false, digits: 2n, exponent: 6 });
    expect(parseDecimal(' 7 ')).toEqual({ negative: false, digits: 7n, exponent: 0 });
  });

  it('rejects everything that is not a finite decimal literal', () => {
    for (const bad of ['', ' ', '.', '-', 'e3', '1e', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '0x10', '1,5', '1 2', '--1', '1.2.3', 'abc', '1e1.5']) {
      expect(parseDecimal(bad), bad).toBeUndefined();
    }
  });
});

describe('toFixed', () => {
  it('converts exactly from the decimal string (no float error)', () => {
    expect(toFixed('0.1', INPUT_SCALE)).toBe(1000n);
    expect(toFixed(0.1, INPUT_SCALE)).toBe(1000n);
    expect(toFixed('1.0001', INPUT_SCALE)).toBe(10001n);
    expect(toFixed('0.3', MODEL_SCALE)).toBe(30_000_000n);
    expect(toFixed('123456.78901234', MODEL_SCALE)).toBe(12_345_678_901_234n);
    expect(toFixed('-2.5', 1n)).toBe(-3n);
    // In floats 1.005 * 1e4 is 10049.999999999998 and 0.57 * 1e8 is 56999999.99999999.
    expect(toFixed('1.005', INPUT_SCALE)).toBe(10050n);
    expect(toFixed(1.005, INPUT_SCALE)).toBe(10050n);
    expect(toFixed('0.57', MODEL_SCALE)).toBe(57_000_000n);
    expect(toFixed('0.000105', INPUT_SCALE)).toBe(1n);
    expect(toFixed('0.00015', INPUT_SCALE)).toBe(2n);
    expect(toFixed('0', INPUT_SCALE)).toBe(0n);
    expect(toFixed('-0', INPUT_SCALE)).toBe(0n);
    expect(toFixed('0e999999', INPUT_SCALE)).toBe(0n);
  });

  it('supports exponents', () => {
    expect(toFixed('1e-3', INPUT_SCALE)).toBe(10n);
    expect(toFixed('1E-3', INPUT_SCALE)).toBe(10n);
    expect(toFixed('2.5e2', INPUT_SCALE)).toBe(2_500_000n);
    expect(toFixed('1e6', 1n)).toBe(1_000_000n);
    expect(toFixed(1e-7, MODEL_SCALE)).toBe(10n); // String(1e-7) is "1e-7"
    expect(toFixed('1e-1000000', INPUT_SCALE)).toBe(0n);
    expect(toFixed('-1e-1000000', INPUT_SCALE)).toBe(0n);
  });

  it('rounds half away from zero', () => {
    expect(toFixed('0.00005', INPUT_SCALE)).toBe(1n);
    expect(toFixed('-0.00005', INPUT_SCALE)).toBe(-1n);
    expect(toFixed('0.000049999999', INPUT_SCALE)).toBe(0n);
    expect(toFixed('-0.000049999999', INPUT_SCALE)).toBe(0n);
    expect(toFixed('0.00015', INPUT_SCALE)).toBe(2n);
    expect(toFixed('0.00025', INPUT_SCALE)).toBe(3n); // not banker's rounding
    expect(toFixed('-0.00025', INPUT_SCALE)).toBe(-3n);
    expect(toFixed('1.23456', INPUT_SCALE)).toBe(12346n);
    expect(toFixed('1.23454', INPUT_SCALE)).toBe(12345n);
    expect(toFixed('5e-5', INPUT_SCALE)).toBe(1n);
  });

  it('accepts |value| up to 10^6 and rejects beyond, naming the value and the limit', () => {
    expect(MAX_ABS_VALUE).toBe(1_000_000n);
    expect(toFixed('1000000', INPUT_SCALE)).toBe(10_000_000_000n);
    expect(toFixed('-1e6', INPUT_SCALE)).toBe(-10_000_000_000n);
    for (const bad of ['1000000.0001', '-1000000.00001', '1e7', '1.0000001e6', '1e999999999', '123456789012345678901234567890']) {
      const err = inputError(() => toFixed(bad, INPUT_SCALE, { where: 'data.csv:3 column y' }));
      expect(err.code).toBe('INPUT_OUT_OF_RANGE');
      expect(err.message).toContain(bad);
      expect(err.message).toContain('1000000');
      expect(err.message).toContain('data.csv:3 column y');
    }
    expect(toFixed('50', INPUT_SCALE, { limit: 100n })).toBe(500_000n);
    expect(inputError(() => toFixed('101', INPUT_SCALE, { limit: 100n })).message).toContain('at most 100');
  });

  it('rejects non-numbers, NaN and Infinity with a message saying what to write', () => {
    for (const bad of ['abc', '', 'NaN', 'Infinity', NaN, Infinity, -Infinity]) {
      const err = inputError(() => toFixed(bad, INPUT_SCALE, { where: 'v.csv:2 column x1' }));
      expect(err.code).toBe('INPUT_NOT_A_NUMBER');
      expect(err.message).toContain('v.csv:2 column x1');
      expect(err.message).toMatch(/finite decimal/);
    }
  });
});

describe('fromFixed', () => {
  it('formats exactly, without trailing zeros or exponents', () => {
    expect(fromFixed(0n, INPUT_SCALE)).toBe('0');
    expect(fromFixed(1n, INPUT_SCALE)).toBe('0.0001');
    expect(fromFixed(-1n, INPUT_SCALE)).toBe('-0.0001');
    expect(fromFixed(30_000n, INPUT_SCALE)).toBe('3');
    expect(fromFixed(-5n, 10n)).toBe('-0.5');
    expect(fromFixed(12_345_678_901_234n, MODEL_SCALE)).toBe('123456.78901234');
    expect(fromFixed(7n, 1n)).toBe('7');
    expect(fromFixed(1n, 8n)).toBe('0.125');
    expect(fromFixed(10n ** 40n + 1n, MODEL_SCALE)).toBe('100000000000000000000000000000000.00000001');
  });

  it('round-trips with toFixed', () => {
    for (const s of ['0', '1', '-1', '0.0001', '-999999.9999', '123.45', '1000000']) {
      expect(fromFixed(toFixed(s, INPUT_SCALE), INPUT_SCALE)).toBe(s);
    }
    for (let v = -20_000n; v <= 20_000n; v += 37n) {
      expect(toFixed(fromFixed(v, INPUT_SCALE), INPUT_SCALE)).toBe(v);
    }
  });

  it('refuses scales without a finite decimal expansion', () => {
    expect(() => fromFixed(1n, 3n)).toThrow(RangeError);
    expect(fromFixed(3n, 3n)).toBe('1');
  });
});

describe('checkedDecimal (the range check parsers run; conversion is left to toFixed, once)', () => {
  it('accepts what toFixed accepts and returns the parsed decimal', () => {
    expect(checkedDecimal('-1e6')).toEqual(parseDecimal('-1e6'));
    expect(checkedDecimal('0.00001')).toEqual(parseDecimal('0.00001'));
  });
  it('refuses what toFixed refuses, with the same codes and location', () => {
    for (const v of ['1000000.0001', '2e6', '-1e7']) {
      expect(() => checkedDecimal(v, { where: 'a.csv:3 column y' })).toThrow(expect.objectContaining({ code: 'INPUT_OUT_OF_RANGE', message: expect.stringContaining('a.csv:3 column y') }));
      expect(() => toFixed(v, INPUT_SCALE)).toThrow(expect.objectContaining({ code: 'INPUT_OUT_OF_RANGE' }));
    }
    expect(() => checkedDecimal('NaN')).toThrow(expect.objectContaining({ code: 'INPUT_NOT_A_NUMBER' }));
    expect(() => checkedDecimal(Infinity)).toThrow(expect.objectContaining({ code: 'INPUT_NOT_A_NUMBER' }));
  });
});
