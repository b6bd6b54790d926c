/** Exact integer helpers shared by the witness builder and the model computation. */

/** ⌊a / q⌋ for q > 0 (bigint `/` truncates towards zero). */
export function floorDiv(a: bigint, q: bigint): bigint {
  if (q <= 0n) throw new RangeError('floorDiv: divisor must be positive');
  const t = a / q;
  return t * q > a ? t - 1n : t;
}

/** round(a / q) for q > 0, ties towards +∞: ⌊(2a + q) / 2q⌋ — the circuit's `assert_rounded_div`. */
export function roundDiv(a: bigint, q: bigint): bigint {
  return floorDiv(2n * a + q, 2n * q);
}

export function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}
