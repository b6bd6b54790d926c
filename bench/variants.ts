/**
 * The benchmarked variants. Every variant proves the full settlement statement (commitments, ridge
 * training, exact Shapley values of all its providers) with as many providers as its shape has
 * slots (k = K) and, unless said otherwise, its row capacity filled.
 *
 * - **Shapes**: every shipped shape (`ts/protocol/shapes/` SHAPES), proven from its committed
 *   artifact (`noir/artifacts/zkml-<shape>.json`), as a user's `zkml prove` does; with gas.
 * - **paper-k8**: the paper's workload (8 providers, D = 1, 100 rows) on the shape the SDK picks
 *   for it (`smallestShapeFor`: k8d1n128), from its committed artifact; with gas.
 * - **Sweeps** (D = 1, timing only): the registration circuit against the rows one provider
 *   registers (compiled per point, `compileBuild({circuit: 'register'})`); the settlement circuit
 *   of the largest shipped K = 8, D = 1 shape against the round's total rows (its committed
 *   artifact: the circuit reads statistics, not rows); the settlement circuit against K at 64 rows
 *   and K = 7 at 128 rows (compiled per point: only `params.nr` changes).
 */
import { smallestShapeFor } from '../ts/protocol/shapes/index.js';
import { SHAPES, makeShape, type Shape } from '../ts/protocol/shapes/index.js';

/**
 * Which group(s) a variant belongs to: `register-rows` (registration proof against the rows one
 * provider registers), `settle-rows` (settlement proof of one shape against the round's total
 * rows), `providers` (settlement against K; with `k7d1` the K = 7 check at 2^14).
 */
export type Sweep = 'shapes' | 'paper' | 'rows' | 'providers' | 'register-rows' | 'settle-rows';

export interface VariantSpec {
  name: string;
  /** The circuit proven. */
  shape: Shape;
  /** Where the circuit comes from: the committed artifact, or a compile of the one source for this shape. */
  source: 'artifact' | 'compile';
  /**
   * The circuit timed: the settlement circuit (`zkml`, every provider's round), or the registration
   * circuit (`register`: one provider registering `rows` rows). Absent: `zkml`.
   */
  circuit?: 'zkml' | 'register';
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
  sweeps: ['shapes'],
  gas: true,
  about: `shipped shape ${shape.name}: ${shape.k} providers, ${shape.d} feature${shape.d > 1 ? 's' : ''}, ${shape.nTrain} training rows (capacity filled), ${shape.nVal} validation rows; committed artifact`,
});

const sweepVariant = (k: number, rows: number, sweeps: Sweep[], about: string): VariantSpec => {
  const shape = makeShape(k, 1, rows);
  return { name: shape.name, shape, source: 'compile', k, rows, d: 1, validationRows: shape.nVal, sweeps, gas: false, about };
};

/**
 * Row capacities of the registration sweep (D = 1): the shipped D = 1 capacities, the points of the
 * issue and powers of two, up to the largest that fits 2^15 (measured: {@link REGISTER_MAX_ROWS_2_15}).
 */
export const REGISTER_MAX_ROWS_2_15 = 684;
export const REGISTER_SWEEP_ROWS: readonly number[] = [32, 64, 128, 265, 512, REGISTER_MAX_ROWS_2_15];

/** A registration sweep point: the registration circuit compiled for `rows` rows (D = 1), one provider proving `rows` rows. */
export function registerSweepVariant(rows: number): VariantSpec {
  const shape = makeShape(8, 1, rows);
  return {
    name: `register-d1n${rows}`,
    shape,
    source: 'compile',
    circuit: 'register',
    k: 1,
    rows,
    d: 1,
    validationRows: 0,
    sweeps: ['register-rows'],
    gas: false,
    about: `registration sweep (D = 1): the registration circuit compiled for ${rows} rows (data range ±10^${shape.maxAbsData.toString().length - 5}), one provider registering ${rows} rows`,
  };
}

/** The shape of the settlement sweep: the shipped K = 8, D = 1 shape with the most rows. */
export function settleSweepShape(shapes: readonly Shape[] = SHAPES): Shape | undefined {
  return shapes.filter((s) => s.k === 8 && s.d === 1).sort((a, b) => b.nTrain - a.nTrain)[0];
}

/**
 * Total rows of the settlement sweep for a shape of capacity `nTrain`: 16, 64, 128, 265, then ×4
 * up to the capacity, and the capacity itself (at least K rows: one per provider).
 */
export function settleSweepRows(nTrain: number, k = 8): number[] {
  const rows = [16, 64, 128, 265];
  for (let n = 1024; n < nTrain; n *= 4) rows.push(n);
  rows.push(nTrain);
  return [...new Set(rows.filter((n) => n >= k && n <= nTrain))].sort((a, b) => a - b);
}

/** A settlement sweep point: the committed settlement circuit of `shape`, for a round of `rows` rows among its K providers. */
export function settleSweepVariant(shape: Shape, rows: number): VariantSpec {
  return {
    name: `settle-${shape.name}-r${rows}`,
    shape,
    source: 'artifact',
    k: shape.k,
    rows,
    d: shape.d,
    validationRows: 32,
    sweeps: ['settle-rows'],
    gas: false,
    about: `settlement sweep: ${shape.name}'s committed circuit, a round of ${rows} rows among ${shape.k} providers (the circuit reads statistics only)`,
  };
}

const SETTLE_SHAPE = settleSweepShape();

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
  ...REGISTER_SWEEP_ROWS.map(registerSweepVariant),
  ...(SETTLE_SHAPE ? settleSweepRows(SETTLE_SHAPE.nTrain).map((n) => settleSweepVariant(SETTLE_SHAPE, n)) : []),
  sweepVariant(7, 128, ['providers'], 'K = 7 at D = 1 (compiled for 128 rows): does it fit 2^14?'),
  sweepVariant(2, 64, ['providers'], 'providers sweep at 64 rows (compiled)'),
  sweepVariant(4, 64, ['providers'], 'providers sweep at 64 rows (compiled)'),
  sweepVariant(6, 64, ['providers'], 'providers sweep at 64 rows (compiled)'),
];

/**
 * The smoke run of `--quick`: the paper workload (real registration proofs and gas), a D = 2 shape
 * (gas; registration proofs if its register artifact exists) and the smallest compiled sweep point.
 */
export const QUICK_VARIANTS = ['paper-k8', 'k7d2n132', 'k2d1n64', 'register-d1n64'];

/** Looks variants up by name; unknown names throw with the list of known ones. */
export function selectVariants(names: readonly string[]): VariantSpec[] {
  return names.map((name) => {
    const v = VARIANTS.find((x) => x.name === name);
    if (!v) throw new Error(`unknown variant "${name}"; known: ${VARIANTS.map((x) => x.name).join(', ')}`);
    return v;
  });
}
