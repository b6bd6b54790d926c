/**
 * How many training rows a round can hold at a data range: the largest N for which every
 * inequality of `./bounds.ts` holds, given K, D, the validation capacity M, the range |x|, |y| ≤ 10^R
 * and λ's upper bound. The bounds do not depend on how the rows are split among providers, nor on
 * the circuit's size: this is the arithmetic frontier, which the statistics-based settlement
 * circuit (issue 15) makes the only limit on N.
 */
import { INPUT_SCALE } from '../field.js';
import { LAMBDA_BITS, boundsFor } from './bounds.js';

/** Rows beyond which {@link maxRowsForRange} stops searching (the bounds then hold at least this far). */
export const MAX_ROWS_SEARCHED = 10_000_000;

/** The fixed-point data bound of the range |x|, |y| ≤ 10^R: maxAbsData = 10^(R+4) at scale 10^4. */
export function maxAbsDataOfRange(range: number): bigint {
  if (!Number.isInteger(range) || range < 0) throw new RangeError(`range 10^${range}: a non-negative integer exponent`);
  return 10n ** BigInt(range) * INPUT_SCALE;
}

/**
 * The exponent R of a fixed-point data bound 10^(R+4) (|x|, |y| ≤ 10^R), or undefined when the
 * bound is not such a power of ten.
 */
export function rangeOfMaxAbsData(maxAbsData: bigint): number | undefined {
  const text = maxAbsData.toString();
  if (!/^10*$/.test(text) || text.length - 1 < 4) return undefined;
  return text.length - 1 - 4;
}

/** A data value V (fixed point, scale 10^4) as its exact decimal: `-2000`, `12.5`. */
export function dataValueText(v: bigint): string {
  const mag = v < 0n ? -v : v;
  const frac = (mag % INPUT_SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return `${v < 0n ? '-' : ''}${mag / INPUT_SCALE}${frac ? `.${frac}` : ''}`;
}

/** A data bound in words: `|x|, |y| ≤ 10^6` (or `|x|, |y| ≤ 12.5` when not a power of ten). */
export function rangeText(maxAbsData: bigint): string {
  const r = rangeOfMaxAbsData(maxAbsData);
  return `|x|, |y| ≤ ${r !== undefined ? `10^${r}` : dataValueText(maxAbsData)}`;
}

/**
 * The smallest p ≥ 0 such that |V| / 10^p ≤ maxAbsData: dividing the data by 10^p brings a value
 * of magnitude |V| into the range (0 when it is in range already).
 */
export function rescaleExponent(maxAbsValue: bigint, maxAbsData: bigint): number {
  if (maxAbsData <= 0n) throw new RangeError(`maxAbsData = ${maxAbsData}: positive`);
  const mag = maxAbsValue < 0n ? -maxAbsValue : maxAbsValue;
  let p = 0;
  while (mag > maxAbsData * 10n ** BigInt(p)) p++;
  return p;
}

/** What {@link maxRowsForRange} takes. */
export interface RangeCapacityParams {
  k: number;
  d: number;
  /** Validation capacity M. */
  m: number;
  /** Data range exponent R: |x|, |y| ≤ 10^R. */
  range: number;
  /** Λ < 2^lambdaBits (default {@link LAMBDA_BITS}). */
  lambdaBits?: bigint;
  /** Where the search stops (default {@link MAX_ROWS_SEARCHED}). */
  cap?: number;
}

/** The largest round capacity N at a range. */
export interface RangeCapacity {
  /** Largest N for which every bound holds (0 when even N = 1 fails). */
  maxRows: number;
  /** True when the search stopped at its cap (default {@link MAX_ROWS_SEARCHED}): the bounds hold at least that far. */
  capped: boolean;
  /** The inequalities that fail at maxRows + 1 (empty when capped). */
  limitedBy: string[];
}

/**
 * The largest N such that every inequality of `./bounds.ts` holds for (K, D, N, M, 10^R, Λ), by
 * binary search (every bound grows with N, so the set of admissible N is 1..maxRows).
 * @throws RangeError for K, D or M that are not positive integers
 */
export function maxRowsForRange(params: RangeCapacityParams): RangeCapacity {
  const maxAbsData = maxAbsDataOfRange(params.range);
  const lambdaBits = params.lambdaBits ?? LAMBDA_BITS;
  const cap = params.cap ?? MAX_ROWS_SEARCHED;
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`cap = ${cap}: a positive integer`);
  const at = (n: number) => boundsFor({ k: params.k, d: params.d, n, m: params.m, maxAbsData, lambdaBits });
  if (!at(1).ok) return { maxRows: 0, capped: false, limitedBy: at(1).failures };
  if (at(cap).ok) return { maxRows: cap, capped: true, limitedBy: [] };
  // Invariant: lo holds, hi fails.
  let lo = 1;
  let hi = cap;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid).ok) lo = mid;
    else hi = mid;
  }
  return { maxRows: lo, capped: false, limitedBy: at(hi).failures };
}

/** One cell of the frontier: (D, R) at the frontier's K and M, for each λ cap. */
export interface FrontierEntry {
  d: number;
  k: number;
  m: number;
  range: number;
  /** λ's upper bound 2^lambdaBits → the capacity there. */
  byLambda: { lambdaBits: bigint; capacity: RangeCapacity }[];
}

/** Options of {@link frontier}. */
export interface FrontierOptions {
  /** Feature counts (default 1..4). */
  features?: readonly number[];
  /** Range exponents R (default 3..6). */
  ranges?: readonly number[];
  /** K per D (default 8, 7, 6, 5 for D = 1, 2, 3, 4). */
  providers?: (d: number) => number;
  /** M per D (default 1,000 at D = 1, 256 at D ≥ 2: issue 15's validation capacity). */
  validationRows?: (d: number) => number;
  /** λ caps compared (default 2^40, the contract's today, then 2^30 and 2^20). */
  lambdaBits?: readonly bigint[];
}

export const FRONTIER_PROVIDERS = (d: number): number => Math.max(1, 9 - d);
export const FRONTIER_VALIDATION_ROWS = (d: number): number => (d === 1 ? 1000 : 256);

/** The largest round capacity N for each D and range R, at each λ cap (see {@link FrontierOptions}). */
export function frontier(options: FrontierOptions = {}): FrontierEntry[] {
  const features = options.features ?? [1, 2, 3, 4];
  const ranges = options.ranges ?? [3, 4, 5, 6];
  const providers = options.providers ?? FRONTIER_PROVIDERS;
  const validationRows = options.validationRows ?? FRONTIER_VALIDATION_ROWS;
  const caps = options.lambdaBits ?? [LAMBDA_BITS, 30n, 20n];
  const out: FrontierEntry[] = [];
  for (const d of features) {
    const k = providers(d);
    const m = validationRows(d);
    for (const range of ranges) {
      out.push({ d, k, m, range, byLambda: caps.map((lambdaBits) => ({ lambdaBits, capacity: maxRowsForRange({ k, d, m, range, lambdaBits }) })) });
    }
  }
  return out;
}
