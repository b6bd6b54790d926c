import type { ProviderData, RoundData } from '../../../ts/circuit/witness.js';
import type { FixedRow } from '../../../ts/circuit/model.js';
import { ANVIL_ACCOUNTS } from '../../../ts/dev/anvil.js';
import { mulberry32, normalSampler } from '../../../ts/data/synthetic.js';

/** Seeded rows of y = a x + c + noise·N(0,1), x ~ U(lo, hi), at scale 10^4. */
export function line(seed: number, count: number, opts: { a?: number; c?: number; noise?: number; lo?: number; hi?: number } = {}): FixedRow[] {
  const { a = 2, c = 1, noise = 0.1, lo = 0, hi = 1 } = opts;
  const u = mulberry32(seed);
  const normal = normalSampler(mulberry32(seed ^ 0x9e3779b9));
  return Array.from({ length: count }, () => {
    const x = lo + (hi - lo) * u();
    const y = a * x + c + noise * normal();
    return { x: [BigInt(Math.round(x * 1e4))], y: BigInt(Math.round(y * 1e4)) };
  });
}

/** Anvil's default accounts 1..8 as payees (160-bit integers). */
export const PAYEES = ANVIL_ACCOUNTS.slice(1, 9).map((a) => BigInt(a.address));

export const provider = (name: string, rows: FixedRow[], salt = BigInt(name.length * 7919 + name.charCodeAt(0)), payee = PAYEES[0]!): ProviderData => ({
  name,
  rows,
  salt,
  payee,
});

/** A round with the given providers' rows, a validation set and λ·10^4. */
export function round(providers: FixedRow[][], validation: FixedRow[], lambda = 0n, context = 42n): RoundData {
  return {
    providers: providers.map((rows, i) => provider(`p${i + 1}`, rows, BigInt(1000 + i), PAYEES[i]!)),
    validation: { rows: validation, salt: 99n },
    lambda,
    context,
  };
}

/** Real-valued points of fixed-point rows. */
export const points = (rows: readonly FixedRow[]) => rows.map((r) => ({ x: Number(r.x[0]) / 1e4, y: Number(r.y) / 1e4 }));
