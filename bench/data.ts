/**
 * The benchmark's rounds: the paper's synthetic distribution (as `ts/data/synthetic.ts`):
 * x ~ U(0, 1), y = 2x + 1 + 0.1·N(0, 1), rounded to the input scale 10^4, from a seeded
 * mulberry32 stream, so every run proves the same data. Training rows are split as evenly as
 * possible among the k providers (contiguous blocks); 32 validation rows from another stream.
 * Provider i is paid at anvil's default account i + 1 (the account that registers it in the gas
 * measurement; its address is bound into the commitment).
 * Proof cost does not depend on the values, only on the circuit's capacity.
 */
import type { FixedRow } from '../ts/circuit/model.js';
import type { RoundData } from '../ts/circuit/witness.js';
import { ANVIL_ACCOUNTS } from '../ts/chain/anvil.js';
import { mulberry32, normalSampler } from '../ts/data/synthetic.js';
import type { VariantSpec } from './variants.js';

/** λ = 0.01 (Λ = λ·10^4 = 100): a little ridge, as a user would set. */
export const BENCH_LAMBDA = 100n;

function rows(seed: number, count: number): FixedRow[] {
  const uniform = mulberry32(seed);
  const normal = normalSampler(mulberry32(seed ^ 0x9e3779b9));
  return Array.from({ length: count }, () => {
    const x = uniform();
    const y = 2 * x + 1 + 0.1 * normal();
    return { x: [BigInt(Math.round(x * 1e4))], y: BigInt(Math.round(y * 1e4)) };
  });
}

/** The round of a variant, with the given public context (any field element off-chain). */
export function benchRound(v: VariantSpec, context: bigint): RoundData {
  const training = rows(1000 + v.rows, v.rows);
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
    validation: { rows: rows(7, v.validationRows), salt: 0x7a11dn },
    lambda: BENCH_LAMBDA,
    context,
  };
}
