/**
 * Building a shape: (K, D, N_TRAIN, N_VAL) and the widest data range whose exact-arithmetic bounds
 * hold (`./bounds.ts`), with every derived quantity.
 */
import { shapeBounds } from './bounds.js';
import type { Shape } from './spec.js';

/** The protocol's full data range: |x|, |y| ≤ 10^6, i.e. |V| ≤ 10^10 at scale 10^4. */
export const FULL_DATA_RANGE = 10n ** 10n;

/** Candidate data ranges, widest first: a shape gets the widest one its bounds allow. */
export const DATA_RANGES: readonly bigint[] = [10n ** 10n, 10n ** 9n, 10n ** 8n, 10n ** 7n, 10n ** 6n, 10n ** 5n];

export function shapeName(k: number, d: number, nTrain: number): string {
  return `k${k}d${d}n${nTrain}`;
}

/**
 * The shape (K, D, N_TRAIN, N_VAL) with its derived quantities. Without `maxAbsData` it gets the
 * widest range of {@link DATA_RANGES} for which every bound of `./bounds.ts` holds.
 * @throws RangeError if no range fits (D too large for exact arithmetic below p)
 */
export function makeShape(k: number, d: number, nTrain: number, nVal = 32, maxAbsData?: bigint): Shape {
  if (!Number.isInteger(k) || k < 1 || k > 12) throw new RangeError(`K = ${k}: 1 ≤ K ≤ 12`);
  if (!Number.isInteger(d) || d < 1 || d > 6) throw new RangeError(`D = ${d}: 1 ≤ D ≤ 6`);
  if (!Number.isInteger(nTrain) || nTrain < 1) throw new RangeError(`N_TRAIN = ${nTrain}`);
  if (!Number.isInteger(nVal) || nVal < 1) throw new RangeError(`N_VAL = ${nVal}`);
  const rowBits = 1 + 35 * (d + 1);
  const p = Math.floor(253 / rowBits);
  if (p < 1) throw new RangeError(`D = ${d}: a row of ${rowBits} bits does not fit a field element`);
  const r = 3 * p;
  const base = {
    name: shapeName(k, d, nTrain),
    k,
    d,
    nTrain,
    nVal,
    ns: 1 << k,
    rowBits,
    p,
    r,
    nc: Math.floor((nTrain + k * (r - 1)) / r),
    ncv: Math.ceil(nVal / r),
    ncp: Math.ceil(nTrain / r),
    ciphertextLength: 3 * Math.ceil(nTrain / r) + 1,
    nq: (d * (d + 1)) / 2,
  };
  const ranges = maxAbsData === undefined ? DATA_RANGES : [maxAbsData];
  for (const range of ranges) {
    const shape: Shape = { ...base, maxAbsData: range };
    if (shapeBounds(shape).ok) return shape;
  }
  throw new RangeError(`${base.name}: no data range keeps every intermediate of the exact ridge check below p (${shapeBounds({ ...base, maxAbsData: ranges[ranges.length - 1]! }).failures.join('; ')})`);
}
