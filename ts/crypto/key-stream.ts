/**
 * The registration cipher's key stream, bit for bit as `noir/register/src/cipher.nr`:
 * block j = Poseidon2-permute([S.x, S.y, j, TAG_ENC]); key-stream element 3j + f is lane f of
 * block j (f = 0, 1, 2; lane 3 is never output). ct_i = pt_i + ks_i mod p.
 *
 * Why this is semantically secure (given a fresh ephemeral secret per registration): S = e·K is a
 * fresh Diffie–Hellman point, unpredictable without e or the owner's secret (CDH on Grumpkin,
 * ~127-bit). Modelling the permutation as random, the blocks for distinct counters j are
 * independent and uniform: to learn anything about them an adversary must query the permutation
 * at (S.x, S.y, j, TAG_ENC), i.e. know S; inverting an observed block needs its unseen lane 3
 * (one field element of capacity, ~254 bits). This is a keyed sponge of width 4 and rate 3 with
 * one squeeze per call, the rate/capacity split Noir's Poseidon2 hash uses. A one-time pad
 * with a pseudo-random pad in F_p hides pt_i perfectly, so the ciphertexts of two datasets are
 * indistinguishable. A key stream must never serve twice: e is drawn afresh for every
 * registration (a repeated e with the same owner key would repeat S and the pad).
 */
import type { Barretenberg } from '@aztec/bb.js';
import { permute } from '../circuit/commitment.js';
import { FIELD_MODULUS } from '../protocol/layout.js';
import type { GrumpkinPoint } from './grumpkin.js';

/** Domain tag of the key stream ("zkml" 02). */
export const TAG_ENC = 0x7a6b6d6c02n;

/** The first `length` key-stream elements for the shared point `shared`. */
export async function keyStream(api: Barretenberg, shared: GrumpkinPoint, length: number): Promise<bigint[]> {
  const out: bigint[] = [];
  for (let j = 0; out.length < length; j++) {
    const block = await permute(api, [shared.x, shared.y, BigInt(j), TAG_ENC]);
    out.push(...block.slice(0, 3));
  }
  return out.slice(0, length);
}

/** ct_i = pt_i + ks_i mod p. */
export function addStream(plaintext: readonly bigint[], stream: readonly bigint[]): bigint[] {
  return plaintext.map((v, i) => (v + stream[i]!) % FIELD_MODULUS);
}

/** pt_i = ct_i − ks_i mod p. */
export function subtractStream(ciphertext: readonly bigint[], stream: readonly bigint[]): bigint[] {
  return ciphertext.map((v, i) => (((v - stream[i]!) % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS);
}
