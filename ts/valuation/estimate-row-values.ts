/**
 * Per-row data values by seeded, stratified Monte Carlo (off-chain, float64, not proven; see
 * ./types.ts for the game).
 *
 * Strata. A row's value is an average over strata: φ_i = Σ_t Σ_s 1/(K·n) · μ_i(t, s), where t is
 * the number of other providers before the provider (K − 1 choose t coalitions T) and s the number
 * of the provider's rows before row i, and μ_i(t, s) is row i's mean marginal v(T ∪ S ∪ {i}) −
 * v(T ∪ S) over T of size t and S of size s (Maleki et al. 2013, stratified permutation sampling;
 * here per provider position too, for the Owen values). Past 16 rows the positions s are grouped
 * into 16 bins (the first and last four alone).
 *
 * Exact strata. Most of the variance sits in strata of small coalitions (a ridge model of one to
 * four rows predicts wildly: measured standard deviations of the marginals up to 7·max|φ| at s = 1
 * and still 2.5·max|φ| at s = 4, versus 0.3 at s = 9, for 14 rows), and those strata have few
 * subsets. So strata are enumerated exactly, cheapest first, while the ridge solves they take stay
 * within `exactStrataSolves` (default {@link EXACT_STRATA_SOLVES}); the deterministic ones (s = 0 with T = ∅ or all others) always.
 *
 * Sampled strata. A sampling unit (counted as one "permutation") draws a coalition T of size t and
 * a uniformly random order π of the rows and, for each of the n cyclic shifts of π, takes the
 * shift's row at position s: every row gets exactly one sample of the stratum per unit, each with
 * a uniformly random predecessor set S (2n ridge solves, two sliding windows of statistics). Each
 * sampled stratum first gets {@link PILOT_UNITS} units; after that every unit goes to the stratum
 * that most reduces the variance of the row with the largest standard error (greedy Neyman
 * allocation). SE_i² = Σ (1/(K·n))²·|bin|²·σ²_i/u over the sampled strata.
 *
 * Efficiency. The exact total Σφ (v(all rows) alone, or the provider's Shapley value with others)
 * is known, so the estimate is shifted onto it (before every check, so the threshold is that of
 * the reported values): φ̂_i += (total − Σφ̂)·SE_i²/Σ SE². The
 * shift has mean zero (unbiased) and cut the measured worst-row error; the reported standard
 * errors are those before the shift (conservative).
 *
 * Stopping rule. After the pilot and from `minPermutations` units on, every `checkEvery` units:
 * stop when max_i SE_i ≤ max(absoluteTolerance, relativeTolerance · max_i |φ̂_i|); stop at
 * `maxPermutations` units regardless, with `converged: false`.
 */
import { InputError } from '../errors/index.js';
import { choose, factorial } from './combinatorics.js';
import { rowGame, type RowGame } from './row-game.js';
import { RowStats } from './row-stats.js';
import { seededRandom } from '../data/seeded-random.js';
import type { EstimateOptions, RowValueEstimate, RowValueInput } from './types.js';

/** Most other providers (the exact total enumerates their 2^K coalitions). */
const MAX_OTHERS = 15;
/** Ridge solves the exactly enumerated strata may take together. */
export const EXACT_STRATA_SOLVES = 20000;
/** Units every sampled stratum gets before the allocation and the stopping rule start. */
export const PILOT_UNITS = 4;
/** The default relative tolerance of the stopping rule. */
export const DEFAULT_RELATIVE_TOLERANCE = 0.005;
/** The default cap on sampling units. */
export const DEFAULT_MAX_PERMUTATIONS = 50000;
/** Most position bins per provider position. */
const MAX_BINS = 16;

function option(name: string, v: number, ok: boolean, rule: string): number {
  if (!ok) throw new InputError('INPUT_BAD_OPTION', `${name} must be ${rule}, got ${v}.`);
  return v;
}



/** Calls `fn` with every k-subset of 0..n−1 (ascending indices, the same array each time). */
function forEachCombination(n: number, k: number, fn: (idx: Int32Array) => void): void {
  const idx = Int32Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    fn(idx);
    let j = k - 1;
    while (j >= 0 && idx[j] === n - k + j) j--;
    if (j < 0) return;
    idx[j]! += 1;
    for (let q = j + 1; q < k; q++) idx[q] = idx[q - 1]! + 1;
  }
}

/** Position bins [lo, hi]: one per position up to 16 rows, else the first and last four alone and 8 in between. */
function positionBins(n: number): { lo: number; hi: number }[] {
  if (n <= MAX_BINS) return Array.from({ length: n }, (_, s) => ({ lo: s, hi: s }));
  const edge = 4;
  const inner = MAX_BINS - 2 * edge;
  const bins = Array.from({ length: edge }, (_, s) => ({ lo: s, hi: s }));
  const span = n - 2 * edge;
  for (let b = 0; b < inner; b++) bins.push({ lo: edge + Math.floor((b * span) / inner), hi: edge + Math.floor(((b + 1) * span) / inner) - 1 });
  for (let s = n - edge; s < n; s++) bins.push({ lo: s, hi: s });
  return bins;
}

interface Stratum {
  t: number;
  lo: number;
  hi: number;
  /** Its weight in φ_i: (hi − lo + 1)/(K·n). */
  weight: number;
  /** Ridge solves of its exact enumeration (Infinity for a bin of several positions). */
  exactCost: number;
  /** Exact: μ_i; sampled: the running mean of the samples. */
  mean: Float64Array;
  /** Sampled: Welford's sum of squared deviations. */
  m2: Float64Array;
  units: number;
  exact: boolean;
}

/** Sets `into` to the statistics of the other providers `members[0..count)`. */
function coalitionStats(game: RowGame, members: ArrayLike<number>, count: number, into: RowStats): RowStats {
  into.n = 0;
  into.sy = 0;
  into.sx.fill(0);
  into.sxx.fill(0);
  into.sxy.fill(0);
  for (let q = 0; q < count; q++) into.addAll(game.others[members[q]!]!);
  return into;
}

/** μ_i(t, s) exactly: every T of size t and every S of size s (or, when cheaper, every S ∪ {i} of size s + 1). */
function enumerateStratum(game: RowGame, t: number, s: number, mean: Float64Array): void {
  const n = game.xs.length;
  const d = game.d;
  const base = new RowStats(d);
  const set = new RowStats(d);
  const tmp = new RowStats(d);
  const inside = new Uint8Array(n);
  const outward = choose(n, s) * (n - s + 1) <= choose(n, s + 1) * (s + 2);
  forEachCombination(game.others.length, t, (members) => {
    coalitionStats(game, members, t, base);
    forEachCombination(n, outward ? s : s + 1, (idx) => {
      set.copyFrom(base);
      inside.fill(0);
      for (const i of idx) {
        inside[i] = 1;
        set.add(game.xs[i]!, game.ys[i]!);
      }
      const v = game.value(set);
      for (let i = 0; i < n; i++) {
        if (outward === (inside[i] === 1)) continue;
        tmp.copyFrom(set);
        if (outward) mean[i]! += game.value(tmp.add(game.xs[i]!, game.ys[i]!)) - v;
        else mean[i]! += v - game.value(tmp.remove(game.xs[i]!, game.ys[i]!));
      }
    });
  });
  const count = choose(game.others.length, t) * choose(n - 1, s);
  for (let i = 0; i < n; i++) mean[i]! /= count;
}

/**
 * Estimates every row's value (see the module comment for the estimator and the stopping rule).
 * @throws InputError for bad input ({@link checkRowValueInput}), more than 15 other providers,
 *   or bad options (`INPUT_BAD_OPTION`)
 */
export function estimateRowValues(input: RowValueInput, options: EstimateOptions = {}): RowValueEstimate {
  const seed = options.seed ?? 1;
  const rel = options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE;
  const abs = options.absoluteTolerance ?? 0;
  const minPerms = options.minPermutations ?? 64;
  const maxPerms = options.maxPermutations ?? DEFAULT_MAX_PERMUTATIONS;
  const checkEvery = options.checkEvery ?? 64;
  const exactSolves = options.exactStrataSolves ?? EXACT_STRATA_SOLVES;
  option('relativeTolerance', rel, Number.isFinite(rel) && rel >= 0, 'a finite number ≥ 0');
  option('absoluteTolerance', abs, Number.isFinite(abs) && abs >= 0, 'a finite number ≥ 0');
  option('minPermutations', minPerms, Number.isInteger(minPerms) && minPerms >= 4 && minPerms % 2 === 0, 'an even integer ≥ 4');
  option('maxPermutations', maxPerms, Number.isInteger(maxPerms) && maxPerms >= minPerms && maxPerms % 2 === 0, `an even integer ≥ minPermutations (${minPerms})`);
  option('exactStrataSolves', exactSolves, Number.isInteger(exactSolves) && exactSolves >= 0, 'an integer ≥ 0');
  option('checkEvery', checkEvery, Number.isInteger(checkEvery) && checkEvery >= 2 && checkEvery % 2 === 0, 'an even integer ≥ 2');
  const rng = seededRandom(seed);
  const game = rowGame(input);
  const k1 = game.others.length;
  if (k1 > MAX_OTHERS) throw new InputError('INPUT_TOO_MANY_PROVIDERS', `${k1} other providers; per-row values take at most ${MAX_OTHERS}.`);
  const n = game.xs.length;
  const d = game.d;
  const kAll = k1 + 1;

  // The exact total: v(all rows) alone, or Σ_T |T|!(K−1−|T|)!/K! (v(T ∪ rows) − v(T)).
  const own = new RowStats(d);
  for (let i = 0; i < n; i++) own.add(game.xs[i]!, game.ys[i]!);
  let total = 0;
  {
    const scratch = new RowStats(d);
    const members: number[] = [];
    for (let mask = 0; mask < 1 << k1; mask++) {
      members.length = 0;
      for (let q = 0; q < k1; q++) if ((mask >> q) & 1) members.push(q);
      const weight = (factorial(members.length) * factorial(kAll - 1 - members.length)) / factorial(kAll);
      const vt = game.value(coalitionStats(game, members, members.length, scratch));
      total += weight * (game.value(scratch.addAll(own)) - vt);
    }
  }

  // Strata; the cheapest singleton ones are enumerated exactly within the budget.
  const strata: Stratum[] = [];
  for (let t = 0; t <= k1; t++) {
    for (const { lo, hi } of positionBins(n)) {
      const exactCost = lo === hi ? choose(k1, t) * Math.min(choose(n, lo) * (n - lo + 1), choose(n, lo + 1) * (lo + 2)) : Infinity;
      strata.push({ t, lo, hi, weight: (hi - lo + 1) / (kAll * n), exactCost, mean: new Float64Array(n), m2: new Float64Array(n), units: 0, exact: false });
    }
  }
  let budget = exactSolves;
  for (const st of [...strata].sort((a, b) => a.exactCost - b.exactCost)) {
    const deterministic = st.lo === 0 && st.hi === 0 && (st.t === 0 || st.t === k1);
    if (!deterministic && st.exactCost > budget) break;
    if (!deterministic) budget -= st.exactCost;
    enumerateStratum(game, st.t, st.lo, st.mean);
    st.exact = true;
  }
  const sampled = strata.filter((st) => !st.exact);

  // One unit of a sampled stratum (see the module comment).
  const order = Array.from({ length: n }, (_, i) => i);
  const otherOrder = Array.from({ length: k1 }, (_, i) => i);
  const sample = new Float64Array(n);
  const without = new RowStats(d);
  const withRow = new RowStats(d);
  const addRow = (stats: RowStats, i: number) => stats.add(game.xs[i]!, game.ys[i]!);
  const removeRow = (stats: RowStats, i: number) => stats.remove(game.xs[i]!, game.ys[i]!);
  const runUnit = (st: Stratum) => {
    if (st.t > 0 && st.t < k1) rng.shuffle(otherOrder);
    const s = st.lo === st.hi ? st.lo : st.lo + rng.below(st.hi - st.lo + 1);
    rng.shuffle(order);
    coalitionStats(game, otherOrder, st.t, without);
    for (let q = 0; q < s; q++) addRow(without, order[q]!);
    withRow.copyFrom(without);
    addRow(withRow, order[s]!);
    for (let k = 0; k < n; k++) {
      const row = order[(k + s) % n]!;
      sample[row] = game.value(withRow) - game.value(without);
      if (k === n - 1) break;
      if (s > 0) {
        removeRow(without, order[k]!);
        addRow(without, order[(k + s) % n]!);
      }
      removeRow(withRow, order[k]!);
      addRow(withRow, order[(k + s + 1) % n]!);
    }
    st.units += 1;
    for (let i = 0; i < n; i++) {
      const delta = sample[i]! - st.mean[i]!;
      st.mean[i]! += delta / st.units;
      st.m2[i]! += delta * (sample[i]! - st.mean[i]!);
    }
  };

  const values = new Float64Array(n);
  const variances = new Float64Array(n);
  const summary = () => {
    values.fill(0);
    variances.fill(0);
    for (const st of strata) {
      for (let i = 0; i < n; i++) {
        values[i]! += st.weight * st.mean[i]!;
        if (!st.exact) variances[i]! += st.units > 1 ? (st.weight * st.weight * st.m2[i]!) / (st.units - 1) / st.units : Infinity;
      }
    }
    // Onto the exact total, in proportion to each row's variance (see the module comment).
    let raw = 0;
    let varSum = 0;
    for (let i = 0; i < n; i++) {
      raw += values[i]!;
      varSum += variances[i]!;
    }
    if (varSum > 0 && Number.isFinite(varSum)) for (let i = 0; i < n; i++) values[i]! += ((total - raw) * variances[i]!) / varSum;
    let maxSe = 0;
    let maxAbs = 0;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const se = Math.sqrt(variances[i]!);
      if (se > maxSe) [maxSe, worst] = [se, i];
      maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
    }
    return { maxSe, maxAbs, worst, threshold: Math.max(abs, rel * maxAbs) };
  };

  let units = 0;
  let converged = sampled.length === 0;
  let state = summary();
  const pilot = PILOT_UNITS * sampled.length;
  while (!converged && units < maxPerms) {
    let st: Stratum;
    if (units < pilot) st = sampled[units % sampled.length]!;
    else {
      // The unit that most reduces the variance of the row with the largest standard error.
      let best = sampled[0]!;
      let gain = -1;
      for (const c of sampled) {
        const g = (c.weight * c.weight * c.m2[state.worst]!) / (c.units - 1) / c.units / (c.units + 1);
        if (g > gain) [best, gain] = [c, g];
      }
      st = best;
    }
    runUnit(st);
    units += 1;
    const check = units % checkEvery === 0 || units >= maxPerms;
    if (check || units >= pilot) state = summary();
    if (check) {
      options.onProgress?.({ permutations: units, maxPermutations: maxPerms, maxStandardError: state.maxSe, threshold: state.threshold });
      if (units >= pilot && units >= minPerms && state.maxSe <= state.threshold) converged = true;
    }
  }
  state = summary();
  const out = Array.from(values);
  return {
    values: out,
    standardErrors: Array.from(variances, Math.sqrt),
    permutations: units,
    converged,
    maxStandardError: state.maxSe,
    maxAbsValue: state.maxAbs,
    threshold: state.threshold,
    sum: out.reduce((a, v) => a + v, 0),
    total,
    seed,
    strata: { exact: strata.length - sampled.length, sampled: sampled.length },
    criterion:
      `stratified by position (${strata.length - sampled.length} of ${strata.length} strata exact), sampled strata by cyclic permutations; ` +
      `stop when max SE ≤ max(${abs}, ${rel}·max|φ̂|), checked every ${checkEvery} permutations from ${minPerms} on; at most ${maxPerms} permutations`,
  };
}
