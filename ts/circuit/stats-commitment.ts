/**
 * Statistics commitments exactly as the circuits compute them (`noir/commitment/src/stats.nr`):
 * the Poseidon2 sponge from `[0, 0, 0, tag]` absorbing the statistics
 * `[n, ΣX_j, ΣY, ΣX_jX_k (j ≤ k), ΣX_jY, ΣY²]` three per permutation (zero-padded), then
 * `permute(state + [salt, payee, context])[0]`. Values are integers, reduced into the field.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { permute } from './commitment.js';
import { statsOf, type FixedRow, type Stats } from './model.js';
import { TAG_STATS, TAG_VALIDATION_STATS } from './params.js';

/** The preimage of a statistics commitment, in the circuit's order. */
export function statsElements(st: Stats): bigint[] {
  return [st.n, ...st.sx, st.sy, ...st.sxx, ...st.sxy, st.syy];
}

/**
 * The commitment to `st` with `salt`, bound to `payee` (a 160-bit address; 0 for none) and to the
 * round `context` (`ts/protocol/context.ts`), under the domain `tag` ({@link TAG_STATS} for a
 * provider's statistics).
 */
export async function statsCommitment(api: Barretenberg, st: Stats, salt: bigint, payee: bigint, context: bigint, tag: bigint = TAG_STATS): Promise<bigint> {
  const elements = statsElements(st);
  let state = [0n, 0n, 0n, tag];
  for (let i = 0; i < elements.length; i += 3) {
    state = await permute(api, [state[0]! + elements[i]!, state[1]! + (elements[i + 1] ?? 0n), state[2]! + (elements[i + 2] ?? 0n), state[3]!]);
  }
  const out = await permute(api, [state[0]! + salt, state[1]! + payee, state[2]! + context, state[3]!]);
  return out[0]!;
}

/**
 * The validation set's commitment: the statistics commitment of its rows (D features), with no
 * payee and no round (`noir/validation`: the owner commits before the round exists), under
 * {@link TAG_VALIDATION_STATS}. Anyone given the rows and the salt can recompute it.
 */
export function validationCommitment(api: Barretenberg, rows: readonly FixedRow[], salt: bigint, d: number): Promise<bigint> {
  return statsCommitment(api, statsOf(rows, d), salt, 0n, 0n, TAG_VALIDATION_STATS);
}

/**
 * Checks a reveal of a round's validation set: do these rows and salt open the round's validation
 * commitment, with its row count? Anyone can run it once the owner publishes the rows and salt.
 */
export async function checkValidationReveal(
  api: Barretenberg,
  reveal: { rows: readonly FixedRow[]; salt: bigint },
  round: { validationCommitment: bigint; validationRows: number },
  d: number,
): Promise<boolean> {
  if (reveal.rows.length !== round.validationRows || reveal.rows.some((r) => r.x.length !== d)) return false;
  return (await validationCommitment(api, reveal.rows, reveal.salt, d)) === round.validationCommitment;
}
