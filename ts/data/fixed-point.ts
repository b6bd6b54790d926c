/**
 * Exact conversion between decimal numbers and the circuit's fixed-point integers.
 *
 * A real value r is carried as the integer round(r · scale). Conversion works on the decimal
 * string itself (digits and exponent as integers), never through a binary float, so `0.1`, `1e-3`
 * or `123.456789` convert exactly and round the same way everywhere.
 */
import { InputError } from '../errors/index.js';

/** Largest magnitude accepted for any input value: |value| ≤ 10^6. */
export const MAX_ABS_VALUE = 1_000_000n;

/** A decimal number taken apart exactly: value = (negative ? −1 : 1) · digits · 10^exponent. */
export interface ParsedDecimal {
  negative: boolean;
  /** All significant digits as one integer (leading zeros dropped). */
  digits: bigint;
  exponent: number;
}

/** Options of {@link toFixed}. */
export interface ToFixedOptions {
  /** Largest accepted |value| (in real units, before scaling); default {@link MAX_ABS_VALUE}. */
  limit?: bigint;
  /** Where the value came from, for error messages, e.g. `data.csv:7 column y`. */
  where?: string;
}

// sign, integer digits, fraction digits, exponent. At least one digit is checked separately.
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a plain decimal literal (`12`, `-0.5`, `.25`, `3.`, `+1e-3`, `2.5E6`).
 * Returns `undefined` for anything else (empty, `NaN`, `Infinity`, hex, spaces inside, …).
 */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart.length + fracPart.length === 0) return undefined;
  const expText = m[4];
  // An exponent with more than 9 digits is beyond anything meaningful; Number() keeps it finite.
  const exp = expText === undefined ? 0 : Number(expText);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1e9) return undefined;
  return {
    negative: m[1] === '-',
    digits: BigInt(intPart + fracPart || '0'),
    exponent: exp - fracPart.length,
  };
}

/** Number of decimal digits of a non-negative bigint (1 for 0). */
function digitCount(v: bigint): number {
  return v.toString().length;
}

function describeValue(decimal: string | number): string {
  return typeof decimal === 'number' ? String(decimal) : JSON.stringify(decimal);
}

/**
 * Parses a decimal and checks its range, without converting it: what a parser checks of every
 * value before it is converted (once) by {@link toFixed}.
 * @throws InputError `INPUT_NOT_A_NUMBER` if it is not a finite decimal,
 *   `INPUT_OUT_OF_RANGE` if |value| exceeds the limit (default 10^6)
 */
export function checkedDecimal(decimal: string | number, options: ToFixedOptions = {}): ParsedDecimal {
  const limit = options.limit ?? MAX_ABS_VALUE;
  const at = options.where ? `${options.where}: ` : '';
  const text = typeof decimal === 'number' ? String(decimal) : decimal;
  const parsed = typeof decimal === 'number' && !Number.isFinite(decimal) ? undefined : parseDecimal(text);
  if (!parsed) {
    throw new InputError(
      'INPUT_NOT_A_NUMBER',
      `${at}${describeValue(decimal)} is not a number: write a finite decimal such as 1.25, -3 or 2e-3 (NaN and Infinity are not accepted).`,
    );
  }
  const { digits, exponent } = parsed;
  if (digits === 0n) return parsed;
  // Range check on the exact value: digits · 10^exponent ≤ limit.
  const tooBig = () =>
    new InputError(
      'INPUT_OUT_OF_RANGE',
      `${at}${describeValue(decimal)} is out of range: |value| must be at most ${limit}. Rescale the data (e.g. change units) so that every value fits.`,
    );
  if (exponent >= 0) {
    // digits ≥ 1, so a huge exponent is out of range without computing 10^exponent.
    if (digitCount(digits) + exponent - 1 > digitCount(limit)) throw tooBig();
    if (digits * 10n ** BigInt(exponent) > limit) throw tooBig();
    return parsed;
  }
  const shift = -exponent;
  if (shift < digitCount(limit) + digitCount(digits) + 1 && digits > limit * 10n ** BigInt(shift)) throw tooBig();
  return parsed;
}

/**
 * Converts a decimal to fixed point: round(value · scale), rounding half away from zero, computed
 * exactly from the decimal string. A `number` is first written as JavaScript's shortest decimal
 * that round-trips (`String(0.1)` is `"0.1"`), so `toFixed(0.1, 10n**4n)` is exactly `1000n`.
 *
 * @param decimal a decimal literal (exponents allowed) or a finite number
 * @param scale a positive integer scale, e.g. `10n ** 4n`
 * @param options range limit (default |value| ≤ 10^6) and a location for error messages
 * @throws InputError as {@link checkedDecimal}
 */
export function toFixed(decimal: string | number, scale: bigint, options: ToFixedOptions = {}): bigint {
  if (scale <= 0n) throw new RangeError(`toFixed: scale must be positive, got ${scale}`);
  const { negative, digits, exponent } = checkedDecimal(decimal, options);
  if (digits === 0n) return 0n;
  if (exponent >= 0) {
    const scaled = digits * 10n ** BigInt(exponent) * scale;
    return negative ? -scaled : scaled;
  }
  const shift = -exponent;
  // digits · scale < 10^(len digits + len scale) ≤ 10^(shift − 1): the value rounds to zero.
  if (shift > digitCount(digits) + digitCount(scale)) return 0n;
  const den = 10n ** BigInt(shift);
  const num = digits * scale;
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n; // half away from zero (magnitude rounded half up)
  return negative ? -q : q;
}

/**
 * Formats a fixed-point integer as its exact decimal value v / scale, without exponent and without
 * trailing zeros (`fromFixed(-5n, 10n)` is `"-0.5"`, `fromFixed(30000n, 10000n)` is `"3"`).
 *
 * @param v the fixed-point integer
 * @param scale a positive scale whose reduced quotient has a finite decimal expansion
 *   (any power of ten, or 2^a·5^b); other scales throw a RangeError
 */
export function fromFixed(v: bigint, scale: bigint): string {
  if (scale <= 0n) throw new RangeError(`fromFixed: scale must be positive, got ${scale}`);
  const negative = v < 0n;
  const mag = negative ? -v : v;
  // Reduce v/scale, then find how many decimals the denominator needs (it must be 2^a·5^b).
  let a = mag;
  let b = scale;
  while (b !== 0n) [a, b] = [b, a % b];
  let den = mag === 0n ? 1n : scale / a;
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) {
    den /= 2n;
    twos++;
  }
  while (den % 5n === 0n) {
    den /= 5n;
    fives++;
  }
  if (den !== 1n) throw new RangeError(`fromFixed: ${v}/${scale} has no finite decimal expansion`);
  const places = Math.max(twos, fives);
  const digits = ((mag * 10n ** BigInt(places)) / scale).toString().padStart(places + 1, '0');
  const intPart = digits.slice(0, digits.length - places);
  const fracPart = digits.slice(digits.length - places).replace(/0+$/, '');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && body !== '0' ? `-${body}` : body;
}
