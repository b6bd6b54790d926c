/**
 * Per-row data values by seeded Monte Carlo permutation Shapley with antithetic permutations
 * (off-chain, float64, not proven; see ./types.ts for the game).
 *
 * Estimator. Each sample is a pair: a uniformly random order of the provider's rows and the same
 * order reversed. With other providers, the pair also draws the coalition T of other providers
 * that come before the provider in a uniformly random provider order (the reversed provider order
 * gives the complement of T). Walking an order adds one row at a time to T's rows and credits
 * each row with the change of v. Both halves of a pair are unbiased for φ, so their mean is too;
 * pairs are independent, so the standard error of φ̂_i is the sample standard deviation of the
 * pair means over √pairs. Reversal pairs a row's early (large) marginal with its late (small)
 * one, which cuts the variance well below that of independent permutations.
 *
 * Stopping rule. From `minPermutations` on, every `checkEvery` permutations: stop when
 * max_i SE_i ≤ max(absoluteTolerance, relativeTolerance · max_i |φ̂_i|); stop at
 * `maxPermutations` regardless, with `converged: false`. Without other providers Σφ̂ equals
 * v(all rows) exactly (every walk telescopes).
 */
import { InputError } from '../errors.js';
import { rowGame } from './row-game.js';
import { RowStats } from './row-stats.js';
import { seededRandom } from './seeded-random.js';
import type { EstimateOptions, RowValueEstimate, RowValueInput } from './types.js';

/** Most other providers (the exact total enumerates their 2^K coalitions). */
const MAX_OTHERS = 15;

function option(name: string, v: number, ok: boolean, rule: string): number {
  if (!ok) throw new InputError('INPUT_BAD_OPTION', `${name} must be ${rule}, got ${v}.`);
  return v;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Estimates every row's value (see the module comment for estimator and stopping rule).
 * @throws InputError for bad input ({@link checkRowValueInput}), more than 15 other providers,
 *   or bad options (`INPUT_BAD_OPTION`)
 */
export function estimateRowValues(input: RowValueInput, options: EstimateOptions = {}): RowValueEstimate {
  const seed = options.seed ?? 1;
  const rel = options.relativeTolerance ?? 0.05;
  const abs = options.absoluteTolerance ?? 0;
  const minPerms = options.minPermutations ?? 64;
  const maxPerms = options.maxPermutations ?? 50000;
  const checkEvery = options.checkEvery ?? 64;
  option('relativeTolerance', rel, Number.isFinite(rel) && rel >= 0, 'a finite number ≥ 0');
  option('absoluteTolerance', abs, Number.isFinite(abs) && abs >= 0, 'a finite number ≥ 0');
  option('minPermutations', minPerms, Number.isInteger(minPerms) && minPerms >= 4 && minPerms % 2 === 0, 'an even integer ≥ 4');
  option('maxPermutations', maxPerms, Number.isInteger(maxPerms) && maxPerms >= minPerms && maxPerms % 2 === 0, `an even integer ≥ minPermutations (${minPerms})`);
  option('checkEvery', checkEvery, Number.isInteger(checkEvery) && checkEvery >= 2 && checkEvery % 2 === 0, 'an even integer ≥ 2');
  const rng = seededRandom(seed);
  const game = rowGame(input);
  const k1 = game.others.length;
  if (k1 > MAX_OTHERS) throw new InputError('INPUT_TOO_MANY_PROVIDERS', `${k1} other providers; per-row values take at most ${MAX_OTHERS}.`);
  const n = game.xs.length;
  const d = game.d;

  const coalitionStats = (members: ArrayLike<number>, count: number, into: RowStats): RowStats => {
    into.n = 0;
    into.sy = 0;
    into.sx.fill(0);
    into.sxx.fill(0);
    into.sxy.fill(0);
    for (let t = 0; t < count; t++) into.addAll(game.others[members[t]!]!);
    return into;
  };

  // The exact total: v(all rows) alone, or Σ_T |T|!(K−1−|T|)!/K! (v(T ∪ rows) − v(T)).
  const own = new RowStats(d);
  for (let i = 0; i < n; i++) own.add(game.xs[i]!, game.ys[i]!);
  let total = 0;
  {
    const kAll = k1 + 1;
    const scratch = new RowStats(d);
    const members: number[] = [];
    for (let mask = 0; mask < 1 << k1; mask++) {
      members.length = 0;
      for (let t = 0; t < k1; t++) if ((mask >> t) & 1) members.push(t);
      const weight = (factorial(members.length) * factorial(kAll - 1 - members.length)) / factorial(kAll);
      const vt = game.value(coalitionStats(members, members.length, scratch));
      total += weight * (game.value(scratch.addAll(own)) - vt);
    }
  }

  const order = Array.from({ length: n }, (_, i) => i);
  const otherOrder = Array.from({ length: k1 }, (_, i) => i);
  const reversedOthers = new Int32Array(k1);
  const stats = new RowStats(d);
  const first = new Float64Array(n);
  const second = new Float64Array(n);
  const mean = new Float64Array(n);
  const m2 = new Float64Array(n);
  let pairs = 0;

  const walk = (forward: boolean, members: ArrayLike<number>, count: number, into: Float64Array) => {
    coalitionStats(members, count, stats);
    let prev = game.value(stats);
    for (let s = 0; s < n; s++) {
      const i = order[forward ? s : n - 1 - s]!;
      stats.add(game.xs[i]!, game.ys[i]!);
      const cur = game.value(stats);
      into[i] = cur - prev;
      prev = cur;
    }
  };

  const summary = () => {
    let maxSe = 0;
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      const se = pairs > 1 ? Math.sqrt(m2[i]! / (pairs - 1) / pairs) : Infinity;
      if (se > maxSe) maxSe = se;
      if (Math.abs(mean[i]!) > maxAbs) maxAbs = Math.abs(mean[i]!);
    }
    return { maxSe, maxAbs, threshold: Math.max(abs, rel * maxAbs) };
  };

  let converged = false;
  let state = summary();
  while (2 * pairs < maxPerms) {
    rng.shuffle(order);
    let before = 0;
    if (k1 > 0) {
      before = rng.below(k1 + 1); // the provider's position in a uniformly random provider order
      rng.shuffle(otherOrder);
      for (let t = 0; t < k1 - before; t++) reversedOthers[t] = otherOrder[before + t]!;
    }
    walk(true, otherOrder, before, first);
    walk(false, reversedOthers, k1 - before, second);
    pairs += 1;
    for (let i = 0; i < n; i++) {
      const x = (first[i]! + second[i]!) / 2;
      const delta = x - mean[i]!;
      mean[i]! += delta / pairs;
      m2[i]! += delta * (x - mean[i]!);
    }
    const perms = 2 * pairs;
    if (perms % checkEvery === 0 || perms >= maxPerms) {
      state = summary();
      options.onProgress?.({ permutations: perms, maxPermutations: maxPerms, maxStandardError: state.maxSe, threshold: state.threshold });
      if (perms >= minPerms && state.maxSe <= state.threshold) {
        converged = true;
        break;
      }
    }
  }
  state = summary();
  const values = Array.from(mean);
  return {
    values,
    standardErrors: Array.from({ length: n }, (_, i) => Math.sqrt(m2[i]! / (pairs - 1) / pairs)),
    permutations: 2 * pairs,
    converged,
    maxStandardError: state.maxSe,
    maxAbsValue: state.maxAbs,
    threshold: state.threshold,
    sum: values.reduce((a, v) => a + v, 0),
    total,
    seed,
    criterion:
      `antithetic permutation pairs; stop when max SE ≤ max(${abs}, ${rel}·max|φ̂|), checked every ${checkEvery} permutations ` +
      `from ${minPerms} on; at most ${maxPerms} permutations`,
  };
}
