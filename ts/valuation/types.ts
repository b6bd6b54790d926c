/**
 * Types shared by the per-row valuation modules (off-chain, float64, not proven).
 *
 * The game: a provider's rows are the players. With no other providers, a set S of its rows is
 * worth v(S) = L_val(θ_∅) − L_val(θ_S), where θ_S is the ridge model (intercept unpenalised,
 * penalty λ·|w|², the circuit's model) trained on S, θ_∅ predicts the validation mean (v(∅) = 0,
 * as in the circuit) and L_val(θ) = 1/(2m) Σ (y − x·w − b)² over the m validation rows.
 *
 * With other providers, a set S of the provider's rows is worth its average marginal value over
 * the coalitions T of the other providers, with the provider-level Shapley weights:
 * w(S) = Σ_T |T|!(K−1−|T|)!/K! · (v(T ∪ S) − v(T)), K = 1 + number of other providers. The row
 * values are then the Owen values of the provider's rows: they add up to the provider's own
 * Shapley value (the number the circuit proves and pays by).
 */

/** One row: features x1..xD and the label y, in real units. */
export interface Row {
  readonly x: readonly number[];
  readonly y: number;
}

/** What to value: one provider's rows, optionally the other providers' rows, a validation set and λ. */
export interface RowValueInput {
  /** The provider's rows: the players, in the order the values are returned. */
  readonly rows: readonly Row[];
  /** The other providers' rows, one array per provider (each non-empty); omit to value the rows alone. */
  readonly others?: readonly (readonly Row[])[];
  /** Validation rows (non-empty). */
  readonly validation: readonly Row[];
  /** Ridge penalty λ > 0 in real units (the CLI's `--lambda`; Λ = λ·10^4 in the circuit). */
  readonly lambda: number;
}

/** Exact per-row values. */
export interface ExactRowValues {
  /** φ_i for each of the provider's rows, in input order. */
  values: number[];
  /** What the values add up to: v(all rows) alone, or the provider's Shapley value with others. */
  total: number;
}

/** A progress report of the Monte Carlo estimator. */
export interface RowValueProgress {
  /** Permutations sampled so far. */
  permutations: number;
  /** The cap. */
  maxPermutations: number;
  /** Largest standard error of a row value so far. */
  maxStandardError: number;
  /** The current stopping threshold (the criterion's right-hand side). */
  threshold: number;
}

/** Options of the Monte Carlo estimator. */
export interface EstimateOptions {
  /** Seed, an integer 0..2^32−1; default 1. Same input, seed and options → identical result. */
  seed?: number;
  /** Stop when max SE ≤ relativeTolerance · max|φ| (or ≤ absoluteTolerance); default 0.005. */
  relativeTolerance?: number;
  /** Absolute floor of the threshold (real value units); default 0. */
  absoluteTolerance?: number;
  /** Fewest sampling units ("permutations") before the criterion is checked (even, ≥ 4); default 64. The pilot comes first regardless. */
  minPermutations?: number;
  /** The cap (even, ≥ minPermutations); default 50000. Reaching it without meeting the criterion gives `converged: false`. */
  maxPermutations?: number;
  /** Ridge solves the exactly enumerated strata may take together (integer ≥ 0; default 20000; 0: only the deterministic ones). */
  exactStrataSolves?: number;
  /** Permutations between convergence checks and progress calls (even, ≥ 2); default 64. */
  checkEvery?: number;
  /** Called after every check. */
  onProgress?: (progress: RowValueProgress) => void;
}

/** The Monte Carlo estimate and how good it is. */
export interface RowValueEstimate {
  /** φ̂_i for each of the provider's rows, in input order. */
  values: number[];
  /** Standard error of each φ̂_i (from the sampled strata; 0 when every stratum is exact). */
  standardErrors: number[];
  /** Sampling units drawn: each is one uniformly random order of the rows used at one stratum. */
  permutations: number;
  /** How many strata (provider position × row position) were enumerated exactly and how many sampled. */
  strata: { exact: number; sampled: number };
  /** Whether the criterion was met before the cap. */
  converged: boolean;
  maxStandardError: number;
  maxAbsValue: number;
  /** The threshold at the end: max(absoluteTolerance, relativeTolerance · max|φ̂|). */
  threshold: number;
  /** Σ φ̂_i: equals `total` up to rounding (the estimate is shifted onto the exact total). */
  sum: number;
  /** What the exact values add up to (computed exactly): v(all rows), or the provider's Shapley value. */
  total: number;
  seed: number;
  /** The stopping rule in words, for reports. */
  criterion: string;
}
