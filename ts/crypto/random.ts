/** Uniform random field elements and scalars from the operating system's CSPRNG. */
import { randomBytes } from 'node:crypto';
import { FIELD_MODULUS } from '../protocol/layout.js';

/** A uniform integer in [min, bound) by rejection sampling on 254-bit draws (bound ≤ 2^254). */
function uniformBelow(bound: bigint, min: bigint): bigint {
  for (;;) {
    const bytes = randomBytes(32);
    bytes[0]! &= 0x3f; // 254 bits: each draw is accepted with probability > 1/2 for bound > 2^253
    const v = BigInt('0x' + bytes.toString('hex'));
    if (v >= min && v < bound) return v;
  }
}

/** A uniform non-zero field element: a fresh ephemeral secret e ∈ [1, p). */
export function randomEphemeralSecret(): bigint {
  return uniformBelow(FIELD_MODULUS, 1n);
}

/** A uniform field element: a fresh commitment salt (never reuse one across rounds). */
export function randomSalt(): bigint {
  return uniformBelow(FIELD_MODULUS, 0n);
}
