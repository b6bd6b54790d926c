/**
 * The payout rule of `ZKMLIncentives` (`contracts/libraries/Payout.sol`), recomputed off-chain so
 * the demo can check the chain against it to the wei:
 *
 *     reward_i  = floor(A · max(φ_i, 0) / Σ_j max(φ_j, 0))     (all 0 if no φ is positive)
 *     remainder = A − Σ_i reward_i                               (credited to the round owner)
 */

/** Rewards per provider (aligned with `shapley`) and the owner's remainder. */
export interface Allocation {
  rewards: bigint[];
  remainder: bigint;
}

/**
 * Splits `pool` in proportion to the positive Shapley values (fixed-point integers, any common
 * scale), rounding each reward down; the rounding remainder (or the whole pool) goes to the owner.
 */
export function allocate(pool: bigint, shapley: readonly bigint[]): Allocation {
  if (pool < 0n) throw new RangeError('the pool must be non-negative');
  const positive = shapley.reduce((sum, v) => (v > 0n ? sum + v : sum), 0n);
  const rewards = shapley.map((v) => (positive > 0n && v > 0n ? (pool * v) / positive : 0n));
  return { rewards, remainder: pool - rewards.reduce((a, b) => a + b, 0n) };
}
