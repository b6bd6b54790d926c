/**
 * Choosing a shape for a round: the smallest shipped shape (fewest gates in its settlement and registration circuits, so the fastest proofs)
 * that holds the data's features, providers, rows and value range.
 */
import { InputError } from '../../errors/index.js';
import { dataValueText, rangeText, rescaleExponent } from './capacity.js';
import { REGISTER_GATES, SHAPES, SHAPE_GATES } from './shipped.js';
import type { Shape } from './spec.js';

/** A data row at scale 10^4 (structurally `FixedRow` of `ts/circuit/model.ts`). */
type FixedRow = { readonly x: readonly bigint[]; readonly y: bigint };

/** What a shape must hold. */
export interface DatasetSummary {
  /** Features D of every row. */
  features: number;
  /** Number of providers k. */
  providers: number;
  /** Training rows of all providers together. */
  trainRows: number;
  /** Most rows of any one provider (absent: trainRows, as if one provider held every row). */
  maxProviderRows?: number;
  /** Validation rows. */
  validationRows: number;
  /** Largest |V| of any feature or label (fixed point, scale 10^4). */
  maxAbsValue: bigint;
}

/** The summary of a round's data (providers' rows and the validation rows). */
export function summarize(providers: readonly (readonly FixedRow[])[], validation: readonly FixedRow[]): DatasetSummary {
  const all = [...providers.flat(), ...validation];
  let maxAbsValue = 0n;
  for (const r of all) for (const v of [...r.x, r.y]) maxAbsValue = v < 0n ? (-v > maxAbsValue ? -v : maxAbsValue) : v > maxAbsValue ? v : maxAbsValue;
  return {
    features: all[0]?.x.length ?? 1,
    providers: providers.length,
    trainRows: providers.reduce((n, p) => n + p.length, 0),
    maxProviderRows: providers.reduce((n, p) => Math.max(n, p.length), 0),
    validationRows: validation.length,
    maxAbsValue,
  };
}

/** Whether `shape` holds data of this summary (every provider's rows within its N_PROVIDER, all of them within N_TRAIN). */
export function shapeFits(shape: Shape, d: DatasetSummary): boolean {
  return (
    shape.d === d.features &&
    shape.k >= d.providers &&
    shape.nTrain >= d.trainRows &&
    shape.nProvider >= (d.maxProviderRows ?? d.trainRows) &&
    shape.nVal >= d.validationRows &&
    shape.maxAbsData >= d.maxAbsValue
  );
}

/** The shipped shapes, fewest gates (settlement plus one registration) first. */
export function shapesBySize(shapes: readonly Shape[] = SHAPES): Shape[] {
  return [...shapes].sort((a, b) => proofGates(a) - proofGates(b) || a.k - b.k || a.nTrain - b.nTrain);
}

/** The gates a round of `shape` proves: its settlement circuit and one registration (Infinity if unmeasured). */
function proofGates(shape: Shape): number {
  return (SHAPE_GATES[shape.name] ?? Infinity) + (REGISTER_GATES[shape.name] ?? Infinity);
}

/**
 * A shape in words: `k8d1n128 (8 providers, 1 feature, 128 rows, |x|, |y| ≤ 10^6)`, with the rows
 * per provider when they are fewer than the round's (`4096 rows, at most 512 per provider`).
 */
export function describeShape(s: Pick<Shape, 'name' | 'k' | 'd' | 'nTrain' | 'maxAbsData'> & { nProvider?: number }): string {
  const perProvider = s.nProvider !== undefined && s.nProvider !== s.nTrain ? `, at most ${s.nProvider} per provider` : '';
  return `${s.name} (${s.k} providers, ${s.d} feature${s.d > 1 ? 's' : ''}, ${s.nTrain} rows${perProvider}, ${rangeText(s.maxAbsData)})`;
}

/**
 * The smallest shipped shape that fits the data (a {@link DatasetSummary}, or providers' rows and
 * validation rows).
 * @throws InputError `NO_SHAPE_FITS` naming the largest shapes for the data's feature count (or
 *   for every feature count when none has it)
 */
export function smallestShapeFor(data: DatasetSummary, shapes?: readonly Shape[]): Shape;
export function smallestShapeFor(providers: readonly (readonly FixedRow[])[], validation: readonly FixedRow[], shapes?: readonly Shape[]): Shape;
export function smallestShapeFor(
  a: DatasetSummary | readonly (readonly FixedRow[])[],
  b?: readonly FixedRow[] | readonly Shape[],
  c?: readonly Shape[],
): Shape {
  const summary = Array.isArray(a) ? summarize(a as readonly (readonly FixedRow[])[], (b ?? []) as readonly FixedRow[]) : (a as DatasetSummary);
  const shapes = (Array.isArray(a) ? c : (b as readonly Shape[] | undefined)) ?? SHAPES;
  const fit = shapesBySize(shapes).find((s) => shapeFits(s, summary));
  if (fit) return fit;
  const sameD = shapes.filter((s) => s.d === summary.features);
  const largest = (sameD.length ? sameD : shapes).slice().sort((x, y) => y.k * y.nTrain - x.k * x.nTrain || y.nTrain - x.nTrain);
  // Shapes of this D that hold the providers and rows and fail only on the range: say by how much to rescale.
  const rangeOnly = sameD.filter((s) => shapeFits(s, { ...summary, maxAbsValue: 0n }));
  let advice = 'Use fewer providers, rows or features, or rescale the data.';
  if (rangeOnly.length > 0) {
    const widest = shapesBySize(rangeOnly).reduce((a, s) => (s.maxAbsData > a.maxAbsData ? s : a));
    const p = rescaleExponent(summary.maxAbsValue, widest.maxAbsData);
    advice =
      `The range is what fails: the widest range of a shape that holds this many providers and rows is ${rangeText(widest.maxAbsData)} (${widest.name}); ` +
      `rescale the data, e.g. divide every value by 10^${p} (change its units), to fit it.`;
  }
  throw new InputError(
    'NO_SHAPE_FITS',
    `No circuit shape holds ${summary.providers} provider(s) with ${summary.trainRows} training rows of ${summary.features} feature(s)` +
      `${summary.maxProviderRows !== undefined && summary.providers > 1 ? ` (at most ${summary.maxProviderRows} from one provider)` : ''}, ` +
      `${summary.validationRows} validation rows and values up to |${dataValueText(summary.maxAbsValue)}|. ` +
      `The largest shapes${sameD.length ? ` with ${summary.features} feature(s)` : ''} are: ${largest.map(describeShape).join('; ')}. ` +
      advice,
  );
}
