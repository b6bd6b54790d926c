/**
 * The benchmarked variants. Every variant proves the full settlement statement (commitments, ridge
 * training, exact Shapley values of all its providers) with as many providers as its shape has
 * slots (k = K) and, unless said otherwise, its row capacity filled.
 *
 * - **Shapes**: every shipped shape (`ts/protocol/shapes/` SHAPES), proven from its committed
 *   artifact (`noir/artifacts/zkml-<shape>.json`), as a user's `zkml prove` does; with gas.
 * - **paper-k8**: the paper's workload (8 providers, D = 1, 100 rows) on the shape the SDK picks
 *   for it (`smallestShapeFor`: k8d1n128), from its committed artifact; with gas.
 * - **Sweeps** (D = 1, timing only): rows at K = 8 and providers at 64 rows, each a shape compiled
 *   for the point from the one circuit source (`compileBuild`: only `params.nr` changes). The
 *   shipped k8d1n128 and k8d1n265 are the rows sweep's largest points.
 */
import { smallestShapeFor } from '../ts/protocol/shapes/index.js';
import { SHAPES, makeShape, type Shape } from '../ts/protocol/shapes/index.js';

/** Which group(s) a variant belongs to. */
export type Sweep = 'shapes' | 'paper' | 'rows' | 'providers';

export interface VariantSpec {
  name: string;
  /** The circuit proven. */
  shape: Shape;
  /** Where the circuit comes from: the committed artifact, or a compile of the one source for this shape. */
  source: 'artifact' | 'compile';
  /** Providers of the round (= the shape's K for every variant here). */
  k: number;
  /** Training rows of the round (≤ the shape's N_TRAIN). */
  rows: number;
  d: number;
  validationRows: number;
  sweeps: Sweep[];
  /** Whether the worker measures gas (anvil, real contract and verifiers). */
  gas: boolean;
  /** One line on what it is. */
  about: string;
}

/** The paper's workload: 8 providers, 100 training rows, one feature, 32 validation rows. */
export const PAPER = { k: 8, d: 1, rows: 100, validationRows: 32 } as const;

const rowsOf = (k: number, rows: number) => Array.from({ length: k }, (_, i) => Array.from({ length: Math.floor(rows / k) + (i < rows % k ? 1 : 0) }, () => ({ x: [0n], y: 0n })));

/** The shape the SDK picks for the paper's workload (k8d1n128). */
export const PAPER_SHAPE: Shape = smallestShapeFor(rowsOf(PAPER.k, PAPER.rows), rowsOf(1, PAPER.validationRows)[0]!);

const shapeVariant = (shape: Shape): VariantSpec => ({
  name: shape.name,
  shape,
  source: 'artifact',
  k: shape.k,
  rows: shape.nTrain,
  d: shape.d,
  validationRows: shape.nVal,
  sweeps: ['shapes', ...(shape.d === 1 && shape.k === 8 ? (['rows'] as const) : [])],
  gas: true,
  about: `shipped shape ${shape.name}: ${shape.k} providers, ${shape.d} feature${shape.d > 1 ? 's' : ''}, ${shape.nTrain} training rows (capacity filled), ${shape.nVal} validation rows; committed artifact`,
});

const sweepVariant = (k: number, rows: number, sweeps: Sweep[], about: string): VariantSpec => {
  const shape = makeShape(k, 1, rows);
  return { name: shape.name, shape, source: 'compile', k, rows, d: 1, validationRows: shape.nVal, sweeps, gas: false, about };
};

/** Every variant of a full run, in run order. */
export const VARIANTS: readonly VariantSpec[] = [
  ...SHAPES.map(shapeVariant),
  {
    name: 'paper-k8',
    shape: PAPER_SHAPE,
    source: 'artifact',
    k: PAPER.k,
    rows: PAPER.rows,
    d: PAPER.d,
    validationRows: PAPER.validationRows,
    sweeps: ['paper'],
    gas: true,
    about: `the paper's workload (8 providers, 100 training rows, d = 1, 32 validation rows) on the shape the SDK picks for it, ${PAPER_SHAPE.name}`,
  },
  sweepVariant(8, 16, ['rows'], 'rows sweep at K = 8 (compiled for 16 rows)'),
  sweepVariant(8, 32, ['rows'], 'rows sweep at K = 8 (compiled for 32 rows)'),
  sweepVariant(8, 64, ['rows', 'providers'], 'rows sweep at K = 8; providers sweep at 64 rows (compiled)'),
  sweepVariant(2, 64, ['providers'], 'providers sweep at 64 rows (compiled)'),
  sweepVariant(4, 64, ['providers'], 'providers sweep at 64 rows (compiled)'),
  sweepVariant(6, 64, ['providers'], 'providers sweep at 64 rows (compiled)'),
];

/**
 * The smoke run of `--quick`: the paper workload (real registration proofs and gas), a D = 2 shape
 * (gas; registration proofs if its register artifact exists) and the smallest compiled sweep point.
 */
export const QUICK_VARIANTS = ['paper-k8', 'k7d2n132', 'k2d1n64'];

/** Looks variants up by name; unknown names throw with the list of known ones. */
export function selectVariants(names: readonly string[]): VariantSpec[] {
  return names.map((name) => {
    const v = VARIANTS.find((x) => x.name === name);
    if (!v) throw new Error(`unknown variant "${name}"; known: ${VARIANTS.map((x) => x.name).join(', ')}`);
    return v;
  });
}
