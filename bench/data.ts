/**
 * The benchmark's rounds: the paper's synthetic distribution (as `ts/data/synthetic.ts`) extended
 * to D features: x_j ~ U(0, 1), y = 1 + Σ_j (2 + j)·x_j / D + 0.1·N(0, 1), rounded to the input
 * scale 10^4, from a seeded mulberry32 stream, so every run proves the same data (|V| < 10^5,
 * inside every shape's data range). D = 1 is the paper's y = 2x + 1 + 0.1·N(0, 1). Training rows
 * are split as evenly as possible among the k providers (contiguous blocks); the validation rows
 * come from another stream. Provider i is paid at anvil's default account i + 1 (the account that
 * registers it in the gas measurement; its address is bound into the commitment).
 * Proof cost does not depend on the values, only on the circuit.
 */
import type { FixedRow } from '../ts/circuit/model.js';
import type { RoundData } from '../ts/circuit/witness.js';
import { ANVIL_ACCOUNTS } from '../ts/dev/anvil.js';
import { mulberry32, normalSampler } from '../ts/data/synthetic.js';

/** λ = 0.01 (Λ = λ·10^4 = 100 = the contract's MIN_LAMBDA): a little ridge, as a user would set. */
export const BENCH_LAMBDA = 100n;

/** What a round needs from a variant. */
export interface RoundSpec {
  k: number;
  d: number;
  rows: number;
  validationRows: number;
}

/** `count` seeded rows with `d` features. */
export function benchRows(seed: number, count: number, d: number): FixedRow[] {
  const uniform = mulberry32(seed);
  const normal = normalSampler(mulberry32(seed ^ 0x9e3779b9));
  return Array.from({ length: count }, () => {
    const x = Array.from({ length: d }, () => uniform());
    const y = 1 + x.reduce((s, v, j) => s + ((2 + j) * v) / d, 0) + 0.1 * normal();
    return { x: x.map((v) => BigInt(Math.round(v * 1e4))), y: BigInt(Math.round(y * 1e4)) };
  });
}

/** The round of a variant, with the given public context (any field element off-chain). */
export function benchRound(v: RoundSpec, context: bigint): RoundData {
  const training = benchRows(1000 + v.rows + 7919 * (v.d - 1), v.rows, v.d);
  let at = 0;
  const providers = Array.from({ length: v.k }, (_, i) => {
    const size = Math.floor(v.rows / v.k) + (i < v.rows % v.k ? 1 : 0);
    const block = training.slice(at, (at += size));
    const payee = ANVIL_ACCOUNTS[i + 1]?.address;
    if (!payee) throw new Error(`no anvil account for provider ${i + 1}`);
    return { name: `provider${i + 1}`, rows: block, salt: 0x5a17n + BigInt(i), payee: BigInt(payee) };
  });
  return {
    providers,
    validation: { rows: benchRows(7 + 31 * (v.d - 1), v.validationRows, v.d), salt: 0x7a11dn },
    lambda: BENCH_LAMBDA,
    context,
  };
}
