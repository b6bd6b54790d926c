/**
 * Building a shape: (K, D, N_TRAIN, N_PROVIDER, N_VAL) and the widest data range whose exact-arithmetic bounds
 * hold (`./bounds.ts`), with every derived quantity.
 */
import { shapeBounds } from './bounds.js';
import { maxRowsForRange, rangeOfMaxAbsData } from './capacity.js';
import type { Shape } from './spec.js';

/** The protocol's full data range: |x|, |y| ≤ 10^6, i.e. |V| ≤ 10^10 at scale 10^4. */
export const FULL_DATA_RANGE = 10n ** 10n;

/** Candidate data ranges, widest first: a shape gets the widest one its bounds allow. */
export const DATA_RANGES: readonly bigint[] = [10n ** 10n, 10n ** 9n, 10n ** 8n, 10n ** 7n, 10n ** 6n, 10n ** 5n];

/** Options of {@link makeShape}. */
export interface ShapeOptions {
  /** Most rows one provider can register (the registration circuit's capacity); default nTrain. */
  nProvider?: number;
  /** Validation rows (default 32). */
  nVal?: number;
  /**
   * The data range, fixed point: 10^(R+4) for |x|, |y| ≤ 10^R. Given, it is the shape's range
   * (and the name says `e{R}`); omitted, the shape gets the widest range of {@link DATA_RANGES}
   * its bounds allow.
   */
  maxAbsData?: bigint;
}

/**
 * `k{K}d{D}n{N}`, then `p{nProvider}` when nProvider ≠ nTrain, then `e{R}` when the range
 * |x|, |y| ≤ 10^R is named (`k8d1n4096p512e5`).
 */
export function shapeName(k: number, d: number, nTrain: number, nProvider = nTrain, range?: number): string {
  return `k${k}d${d}n${nTrain}${nProvider !== nTrain ? `p${nProvider}` : ''}${range !== undefined ? `e${range}` : ''}`;
}

/**
 * The shape (K, D, N_TRAIN) with its derived quantities; options: the rows one provider can
 * register (default all N_TRAIN), N_VAL (default 32) and the data range. Without `maxAbsData` it
 * gets the widest range of {@link DATA_RANGES} for which every bound of `./bounds.ts` holds.
 * @throws RangeError for parameters out of range, nProvider > nTrain, a `maxAbsData` that is not
 *   10^(R+4), or when no range fits (D too large for exact arithmetic below p)
 */
export function makeShape(k: number, d: number, nTrain: number, options: ShapeOptions = {}): Shape {
  const nVal = options.nVal ?? 32;
  const nProvider = options.nProvider ?? nTrain;
  const { maxAbsData } = options;
  if (!Number.isInteger(k) || k < 1 || k > 12) throw new RangeError(`K = ${k}: 1 ≤ K ≤ 12`);
  if (!Number.isInteger(d) || d < 1 || d > 6) throw new RangeError(`D = ${d}: 1 ≤ D ≤ 6`);
  if (!Number.isInteger(nTrain) || nTrain < 1) throw new RangeError(`N_TRAIN = ${nTrain}`);
  if (!Number.isInteger(nProvider) || nProvider < 1 || nProvider > nTrain) throw new RangeError(`N_PROVIDER = ${nProvider}: 1 ≤ N_PROVIDER ≤ N_TRAIN = ${nTrain}`);
  if (!Number.isInteger(nVal) || nVal < 1) throw new RangeError(`N_VAL = ${nVal}`);
  let range: number | undefined;
  if (maxAbsData !== undefined) {
    range = rangeOfMaxAbsData(maxAbsData);
    if (range === undefined) throw new RangeError(`maxAbsData = ${maxAbsData}: a data range is 10^(R+4) (|x|, |y| ≤ 10^R at scale 10^4)`);
  }
  const rowBits = 1 + 35 * (d + 1);
  const p = Math.floor(253 / rowBits);
  if (p < 1) throw new RangeError(`D = ${d}: a row of ${rowBits} bits does not fit a field element`);
  const r = 3 * p;
  const ncp = Math.ceil(nProvider / r);
  const base = {
    name: shapeName(k, d, nTrain, nProvider, range),
    k,
    d,
    nTrain,
    nProvider,
    nVal,
    ns: 1 << k,
    rowBits,
    p,
    r,
    nc: Math.floor((nTrain + k * (r - 1)) / r),
    ncv: Math.ceil(nVal / r),
    ncp,
    ciphertextLength: 3 * ncp + 1,
    nq: (d * (d + 1)) / 2,
  };
  if (range !== undefined) {
    // An explicit range: the widths of the largest round the range allows (the same for every N).
    const fits = shapeBounds({ ...base, maxAbsData: maxAbsData!, widthRows: nTrain }).ok;
    const widthRows = fits ? Math.max(nTrain, maxRowsForRange({ k, d, m: base.ncv * r, range }).maxRows) : nTrain;
    const shape: Shape = { ...base, maxAbsData: maxAbsData!, widthRows };
    if (fits && shapeBounds(shape).ok) return shape;
  } else {
    for (const candidate of DATA_RANGES) {
      const shape: Shape = { ...base, maxAbsData: candidate, widthRows: nTrain };
      if (shapeBounds(shape).ok) return shape;
    }
  }
  const ranges = maxAbsData === undefined ? DATA_RANGES : [maxAbsData];
  throw new RangeError(`${base.name}: no data range keeps every intermediate of the exact ridge check below p (${shapeBounds({ ...base, maxAbsData: ranges[ranges.length - 1]! }).failures.join('; ')})`);
}
