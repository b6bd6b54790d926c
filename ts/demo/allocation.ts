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

/**
 * Cumulative rounding of `pool` over non-negative `weights` with a positive total:
 * floor(A·S_i/T) − floor(A·S_{i−1}/T) (`contracts/libraries/Payout.sol`). The one off-chain copy; the
 * demo and the tests check the chain against it.
 */
export function cumulativeShares(pool: bigint, weights: readonly bigint[]): bigint[] {
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

/** A sealed round's sharing terms, as `createRound` stored them and as registration and delivery left them. */
export interface SealedTerms {
  /** The escrowed reward. */
  amount: bigint;
  /** The deposit of one registration. */
  deposit: bigint;
  /** Registrations that did not deliver (their deposits join the pool). */
  forfeited: number;
  /** Share of the pool paid by delivered rows whatever the values, basis points. */
  rowShareBps: number;
  /** With no positive φ, the value pool pays at most this per delivered row. */
  reservePerRow: bigint;
}

/** What each delivered provider is credited (deposit included) and what returns to the owner. */
export interface SealedAllocation extends Allocation {
  /** The part of the value pool above the reserve, credited to the owner at settlement (no positive φ). */
  ownerRefund: bigint;
}

/**
 * The credits of a settled sealed round (`ZKMLIncentives._reward`), recomputed off-chain: the pool
 * is the escrow plus the forfeited deposits; its `rowShareBps` part is shared by delivered rows,
 * the rest by max(φ, 0), or, with no positive φ, by rows up to `reservePerRow` per row (the rest
 * goes to the owner). Each part uses cumulative rounding; every delivered provider also gets its
 * deposit back. `shapley` and `rows` are in delivery order; `'expired'` for a round that was not
 * settled in time (the whole pool by rows).
 */
export function allocateSealed(terms: SealedTerms, shapley: readonly bigint[] | 'expired', rows: readonly number[]): SealedAllocation {
  const pool = terms.amount + terms.deposit * BigInt(terms.forfeited);
  if (shapley === 'expired') {
    // No valid settlement by the submission deadline: the whole pool by rows, the deposits back.
    const byRows = allocate(pool, rows.map(() => 0n), rows).rewards;
    return { rewards: byRows.map((x) => terms.deposit + x), byRows: true, ownerRefund: 0n };
  }
  const rowPool = (pool * BigInt(terms.rowShareBps)) / 10_000n;
  const valuePool = pool - rowPool;
  const totalRows = BigInt(rows.reduce((a, b) => a + b, 0));
  const value = allocate(valuePool, shapley, rows);
  let ownerRefund = 0n;
  let byRowsPool = rowPool;
  let valueShares = value.rewards;
  if (value.byRows) {
    const atReserve = terms.reservePerRow * totalRows; // min(valuePool, reserve · rows), as the contract's _reserved
    const reserved = totalRows === 0n || atReserve >= valuePool ? valuePool : atReserve;
    ownerRefund = valuePool - reserved;
    byRowsPool += reserved;
    valueShares = rows.map(() => 0n);
  }
  const rowShares = allocate(byRowsPool, rows.map(() => 0n), rows).rewards;
  return { rewards: rows.map((_, i) => terms.deposit + rowShares[i]! + valueShares[i]!), byRows: value.byRows, ownerRefund };
}
