/**
 * Per-row values of one provider of a training CSV, for `zkml value --rows`: the provider's rows
 * are valued against the validation set, with the other providers' rows as the context (Owen
 * values: the game of the rows within the provider's block, adding up to the provider's Shapley
 * value) unless `alone` is set (the provider's own game, adding up to v(all its rows)).
 *
 * Exact or Monte Carlo. The exact enumeration (./enumerate-row-values.ts) takes 2^n·2^(K−1) ridge
 * solves; the stratified estimator (./estimate-row-values.ts) at its defaults takes about
 * 10^3–10^4 units of 2n solves, independent of K. Measured (median of 3 seeded sets, D = 2, 32
 * validation rows, shared 2-core machine), exact vs Monte Carlo at defaults:
 *
 * | others K−1 | n = 12 | n = 13 | n = 14 | n = 15 | n = 16 |
 * | --- | --- | --- | --- | --- | --- |
 * | 0 | 28 vs 90 ms | 27 vs 124 ms | 18 vs 90 ms | 23 vs 69 ms | 51 vs 54 ms |
 * | 3 | 38 vs 216 ms | 61 vs 275 ms | 124 vs 818 ms | 212 vs 661 ms | 282 vs 489 ms |
 * | 7 | 313 vs 91 ms | 693 vs 152 ms | 1479 vs 706 ms | 3182 vs 1437 ms | 5435 vs 870 ms |
 *
 * So exact is chosen while n ≤ 16 and 2^(n+K−1) ≤ 2^18 solves (alone: up to 16 rows; with 3
 * others up to 15; with 7 others up to 11), Monte Carlo above.
 */
import { InputError } from '../errors/index.js';
import type { TrainingSet, ValidationSet } from '../data/csv.js';
import { enumerateRowValues } from './enumerate-row-values.js';
import { estimateRowValues } from './estimate-row-values.js';
import type { EstimateOptions, Row, RowValueEstimate } from './types.js';

/** Most rows valued exactly. */
export const EXACT_CUTOFF_ROWS = 16;
/** Most ridge solves (2^n·2^(K−1)) of an exact valuation. */
export const EXACT_CUTOFF_SOLVES = 2 ** 18;

/** The game the row values are Shapley values of, in words. */
export const ROW_GAME_WITH_OTHERS = "rows within the provider's block (Owen values: every coalition of the other providers, weighted as in the provider game)";
export const ROW_GAME_ALONE = "the provider's rows alone (no other providers)";

/** One valued row of the provider. */
export interface ValuedRow {
  /** 1-based line in the training CSV. */
  line: number;
  x: number[];
  y: number;
  value: number;
  /** 0 for exact values. */
  standardError: number;
}

/** The provider's rows with their values, how they were computed, and what they add up to. */
export interface ProviderRowValues {
  provider: string;
  /** Whether the other providers' rows were the context (false: the rows were valued alone). */
  withOthers: boolean;
  /** The game, in words ({@link ROW_GAME_WITH_OTHERS} or {@link ROW_GAME_ALONE}). */
  game: string;
  method: 'exact' | 'monte-carlo';
  rows: ValuedRow[];
  /** Σ values: the provider's Shapley value in the round's game (with others), or v(all its rows) alone. */
  sum: number;
  /** What the exact values add up to (computed exactly; equals `sum` up to rounding). */
  total: number;
  /** The Monte Carlo estimate; absent for exact values. */
  estimate?: RowValueEstimate;
}

/** Whether n rows with K − 1 other providers are valued exactly (see the module comment). */
export function valuesExactly(rows: number, others: number): boolean {
  return rows <= EXACT_CUTOFF_ROWS && 2 ** (rows + others) <= EXACT_CUTOFF_SOLVES;
}

/**
 * Values every row of `provider` in `training` (see the module comment).
 * @param lambda λ > 0 in real units
 * @param options the estimator's options (used only for Monte Carlo); `alone` values the rows
 *   without the other providers; `method` forces exact or Monte Carlo
 * @throws InputError `INPUT_UNKNOWN_PROVIDER` for a provider not in the file, and as
 *   {@link estimateRowValues} / {@link enumerateRowValues}
 */
export function providerRowValues(
  training: TrainingSet,
  validation: ValidationSet,
  provider: string,
  lambda: number,
  options: EstimateOptions & { alone?: boolean; method?: 'exact' | 'monte-carlo' } = {},
): ProviderRowValues {
  if (!training.providers.includes(provider)) {
    throw new InputError('INPUT_UNKNOWN_PROVIDER', `${training.file} has no provider ${JSON.stringify(provider)}; its providers are ${training.providers.join(', ')}.`);
  }
  const toRow = (r: { x: { value: number }[]; y: { value: number } }): Row => ({ x: r.x.map((v) => v.value), y: r.y.value });
  const own = training.rows.filter((r) => r.provider === provider);
  const withOthers = !options.alone && training.providers.length > 1;
  const others = withOthers ? training.providers.filter((p) => p !== provider).map((p) => training.rows.filter((r) => r.provider === p).map(toRow)) : undefined;
  const { alone: _alone, method: forced, ...estimateOptions } = options;
  const input = { rows: own.map(toRow), ...(others ? { others } : {}), validation: validation.rows.map(toRow), lambda };
  const method = forced ?? (valuesExactly(own.length, others?.length ?? 0) ? 'exact' : 'monte-carlo');
  const estimate = method === 'monte-carlo' ? estimateRowValues(input, estimateOptions) : undefined;
  const exact = estimate ? undefined : enumerateRowValues(input);
  const values = estimate?.values ?? exact!.values;
  return {
    provider,
    withOthers,
    game: withOthers ? ROW_GAME_WITH_OTHERS : ROW_GAME_ALONE,
    method,
    rows: own.map((r, i) => ({ line: r.line, x: r.x.map((v) => v.value), y: r.y.value, value: values[i]!, standardError: estimate?.standardErrors[i] ?? 0 })),
    sum: values.reduce((a, v) => a + v, 0),
    total: estimate?.total ?? exact!.total,
    ...(estimate ? { estimate } : {}),
  };
}
