import type { Barretenberg } from '@aztec/bb.js';
import type { InputMap } from '@noir-lang/noir_js';
import { commitChunks, packChunk, type Slot } from '../../../ts/circuit/commitment.js';
import { statsOf, type FixedRow } from '../../../ts/circuit/model.js';
import { TAG_PROVIDER } from '../../../ts/circuit/params.js';
import { statsCommitment } from '../../../ts/circuit/stats-commitment.js';
import { multiply, multiplyGenerator, type GrumpkinPoint } from '../../../ts/crypto/grumpkin.js';
import { addStream, keyStream } from '../../../ts/crypto/key-stream.js';
import { toField } from '../../../ts/protocol/layout.js';
import { DEFAULT_SHAPE, type Shape } from '../../../ts/protocol/shapes/index.js';

/** What the MOCK registration witness is made of; `n` and `payee` are taken as given. */
export interface UncheckedRegistration {
  slots: Slot[];
  n: bigint;
  salt: bigint;
  payee: bigint;
  context: bigint;
  ownerKey: GrumpkinPoint;
  /** Ephemeral secret; 0 gives the identity for E and S (which the circuit must refuse). */
  e: bigint;
}

const f = (v: bigint) => toField(v).toString();

/**
 * MOCK witness builder for soundness tests of the registration circuit of `shape`: lays out
 * arbitrary slots (NCP chunks of R) with a commitment, a statistics commitment and a ciphertext
 * that are consistent with them, skipping every check of the SDK's builder (`buildRegistrationWitness`), so that only the
 * constraint under test can fail.
 */
export async function uncheckedRegistrationInputs(api: Barretenberg, o: UncheckedRegistration, shape: Shape = DEFAULT_SHAPE): Promise<InputMap> {
  const { ncp: NCP, r: R, ciphertextLength: C, d: D } = shape;
  const chunks = Array.from({ length: NCP }, (_, c) => o.slots.slice(c * R, c * R + R).concat(new Array<Slot>(R).fill(null)).slice(0, R));
  const used = chunks.findIndex((c) => c[0] === null);
  const usedChunks = used === -1 ? NCP : used;
  const commitment = await commitChunks(api, chunks.slice(0, usedChunks), o.salt, o.n, TAG_PROVIDER, o.payee, shape);
  // The statistics of every present slot (the circuit sums every slot; padding is zero).
  const present = chunks.flat().filter((slot): slot is FixedRow => slot !== null);
  const stats = await statsCommitment(api, statsOf(present, D), o.salt, o.payee, o.context);
  const plaintext = chunks.flatMap((c, i) => (i < usedChunks ? packChunk(c, shape) : [0n, 0n, 0n]));
  plaintext.push(o.salt);
  const E = o.e === 0n ? { x: 0n, y: 0n } : multiplyGenerator(o.e);
  const S = o.e === 0n ? { x: 0n, y: 0n } : multiply(o.ownerKey, o.e);
  const ciphertext = addStream(plaintext, await keyStream(api, S, C));
  return {
    context: f(o.context),
    payee: f(o.payee),
    commitment: f(commitment),
    stats_commitment: f(stats),
    num_rows: f(o.n),
    owner_key_x: f(o.ownerKey.x),
    owner_key_y: f(o.ownerKey.y),
    ephemeral_key_x: f(E.x),
    ephemeral_key_y: f(E.y),
    ciphertext: ciphertext.map(f),
    rows: chunks.map((c) => c.map((slot) => (slot ? { present: '1', x: slot.x.map(f), y: f(slot.y) } : { present: '0', x: new Array<string>(D).fill('0'), y: '0' }))),
    salt: f(o.salt),
    ephemeral_secret: f(o.e),
  };
}
