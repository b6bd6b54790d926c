/**
 * The payout rule of `ZKMLIncentives` (`contracts/libraries/Payout.sol`, `_reward`), recomputed
 * off-chain so the demo can check the chain against it to the wei. With weights w_i = max(φ_i, 0),
 * prefix sums S_i = w_0 + … + w_i (S_{−1} = 0) and total T = S_{k−1}:
 *
 *     reward_i = floor(A · S_i / T) − floor(A · S_{i−1} / T)        (cumulative rounding)
 *
 * If no φ is positive (T = 0) the pool is split the same way by the providers' row counts. The
 * rewards telescope to exactly A: nothing is left for the owner (F2), and each reward is within
 * 1 wei of the exact proportional share.
 */

/** Rewards per provider (aligned with `shapley`) and which weights were used. */
export interface Allocation {
  rewards: bigint[];
  /** True when no Shapley value is positive and the pool was split by rows. */
  byRows: boolean;
}

/** Cumulative rounding of `pool` over non-negative `weights` with a positive total. */
function cumulativeShares(pool: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  let prefix = 0n;
  let paid = 0n;
  return weights.map((w) => {
    prefix += w;
    const upTo = (pool * prefix) / total;
    const share = upTo - paid;
    paid = upTo;
    return share;
  });
}

/**
 * Splits `pool` as the contract does: by max(φ, 0) (fixed-point integers, any common scale) with
 * cumulative rounding, or by `rows` if no φ is positive.
 * @throws RangeError for a negative pool, mismatched lengths, or no rows to split by
 */
export function allocate(pool: bigint, shapley: readonly bigint[], rows: readonly number[]): Allocation {
  if (pool < 0n) throw new RangeError('the pool must be non-negative');
  if (rows.length !== shapley.length) throw new RangeError(`${shapley.length} Shapley values but ${rows.length} row counts`);
  const positive = shapley.map((v) => (v > 0n ? v : 0n));
  if (positive.some((v) => v > 0n)) return { rewards: cumulativeShares(pool, positive), byRows: false };
  const weights = rows.map((n) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`row counts must be non-negative integers, got ${n}`);
    return BigInt(n);
  });
  if (!weights.some((n) => n > 0n)) throw new RangeError('no positive Shapley value and no rows: nothing to split by');
  return { rewards: cumulativeShares(pool, weights), byRows: true };
}
