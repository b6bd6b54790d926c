/**
 * The benchmarked circuit variants. Every variant proves the full statement (commitments, ridge
 * training, exact Shapley values of all its providers) with as many providers as it has slots
 * (k = K) and its full row capacity used. Only D = 1 exists (noir/README.md, "Why D = 2"), so
 * the feature sweep has a single point.
 */
import { shapeFor, type CircuitShape } from '../ts/circuit/params.js';

/** Which sweep(s) a variant belongs to. */
export type Sweep = 'paper' | 'rows' | 'providers';

export interface VariantSpec {
  name: string;
  /** Provider slots K of the circuit; the round has exactly K providers. */
  k: number;
  /** Training rows of the round (= the circuit's capacity nTrain). */
  rows: number;
  d: 1;
  validationRows: number;
  sweeps: Sweep[];
  /** One line on what it is. */
  about: string;
}

const VALIDATION_ROWS = 32;

const variant = (k: number, rows: number, sweeps: Sweep[], about: string, name = `k${k}-rows${rows}`): VariantSpec => ({
  name,
  k,
  rows,
  d: 1,
  validationRows: VALIDATION_ROWS,
  sweeps,
  about,
});

/** Every variant of a full run, in run order. */
export const VARIANTS: readonly VariantSpec[] = [
  variant(4, 100, ['paper'], "the paper's workload: 100 training rows, d = 1, 4 providers, 32 validation rows", 'paper-k4'),
  variant(8, 100, ['paper'], "the paper's workload: 100 training rows, d = 1, 8 providers, 32 validation rows", 'paper-k8'),
  variant(8, 16, ['rows'], 'rows sweep at K = 8'),
  variant(8, 32, ['rows'], 'rows sweep at K = 8'),
  variant(8, 64, ['rows', 'providers'], 'rows sweep at K = 8; providers sweep at 64 rows'),
  variant(8, 128, ['rows'], 'rows sweep at K = 8; the shipped circuit (noir/artifacts/zkml.json)'),
  variant(2, 64, ['providers'], 'providers sweep at 64 rows'),
  variant(4, 64, ['providers'], 'providers sweep at 64 rows'),
  variant(6, 64, ['providers'], 'providers sweep at 64 rows'),
];

/** The smoke run of `--quick`: the paper workload with 8 providers and the smallest circuit. */
export const QUICK_VARIANTS = ['paper-k8', 'k2-rows64'];

/** The circuit capacity of a variant (nTrain = its rows). */
export function shapeOf(v: VariantSpec): CircuitShape {
  return shapeFor(v.k, v.rows, v.validationRows);
}

/** Looks variants up by name; unknown names throw with the list of known ones. */
export function selectVariants(names: readonly string[]): VariantSpec[] {
  return names.map((name) => {
    const v = VARIANTS.find((x) => x.name === name);
    if (!v) throw new Error(`unknown variant "${name}"; known: ${VARIANTS.map((x) => x.name).join(', ')}`);
    return v;
  });
}
