/**
 * A provider's registration: its rows and salt encrypted to the round owner's key, the public
 * values the contract checks, and the witness of the registration circuit (`noir/register`).
 * Every constraint of the circuit is checked here first, so bad input is refused with an
 * {@link InputError} before any proving starts.
 *
 * Every function takes the round's settlement shape (`ts/protocol/shapes/`):
 * the registration circuit of that shape (artifact `registerCircuitName(shape)`) has its D
 * features, packing, capacity N_TRAIN, ciphertext length C = 3·NCP + 1 and data range, and the
 * commitment is the one that shape's settlement circuit recomputes.
 */
import type { Barretenberg } from '@aztec/bb.js';
import type { InputMap } from '@noir-lang/noir_js';
import { InputError } from '../errors/index.js';
import { packedProviderCommitment, packRows, type PackedRows, type Slot } from '../circuit/commitment.js';
import { statsOf, type FixedRow } from '../circuit/model.js';
import { statsCommitment } from '../circuit/stats-commitment.js';
import { dataRangeText } from '../circuit/witness.js';
import { FIELD_MODULUS, toField } from '../protocol/layout.js';
import type { SealedRegistration } from '../protocol/registration.js';
import type { Shape } from '../protocol/shapes/index.js';
import { registerPublicInputCount } from './register-shape.js';
import { assertOnCurve, multiply, multiplyGenerator, type GrumpkinPoint } from './grumpkin.js';
import { addStream, keyStream } from './key-stream.js';
import { plaintextOf } from './packing.js';
import { randomEphemeralSecret } from './random.js';

/** What a provider registers with. */
export interface RegistrationInput {
  /** The provider's rows (fixed point, scale 10^4), 1..N_TRAIN of them. */
  rows: readonly FixedRow[];
  /** The commitment salt, a field element (fresh per round: `randomSalt()`). */
  salt: bigint;
  /** The registering address (msg.sender) as a 160-bit integer. */
  payee: bigint;
  /** The round owner's encryption key (stored with the round). */
  ownerKey: GrumpkinPoint;
  /** Ephemeral secret e ∈ [1, p); drawn fresh when omitted. Pass one only for reproducible tests. */
  ephemeralSecret?: bigint;
}

/** Public values of a registration proof: the sealed delivery (`ts/protocol/registration.ts`) in the round's context. */
export type RegistrationPublicValues = SealedRegistration & {
  /** The round's context (`ts/protocol/context.ts`). */
  context: bigint;
};

/** Everything to prove a registration. */
export interface RegistrationWitness {
  inputs: InputMap;
  publicValues: RegistrationPublicValues;
  /** The ephemeral secret used (keep it private; it decrypts this registration). */
  ephemeralSecret: bigint;
}

const isField = (v: bigint) => v >= 0n && v < FIELD_MODULUS;

/**
 * Refuses what the registration circuit of `shape` would: 1 ≤ rows ≤ N_PROVIDER, D features,
 * |V| ≤ the shape's MAX_ABS_DATA (10^10 for |x|, |y| ≤ 10^6), a field-element salt,
 * 0 < payee < 2^160, owner key on Grumpkin, 1 ≤ e < p.
 * @throws InputError
 */
export function checkRegistrationInput(input: RegistrationInput, shape: Shape): void {
  const n = input.rows.length;
  if (n < 1) throw new InputError('EMPTY_PROVIDER', 'A registration needs at least one row.');
  if (n > shape.nProvider) throw new InputError('TOO_MANY_ROWS', `${n} rows, but one registration of shape ${shape.name} holds at most ${shape.nProvider} (split the rows among providers or use a shape with more rows per provider).`);
  input.rows.forEach((row, i) => {
    if (row.x.length !== shape.d) throw new InputError('BAD_COLUMNS', `Row ${i + 1}: expected ${shape.d} feature(s) (shape ${shape.name}), got ${row.x.length}.`);
    for (const v of [...row.x, row.y]) {
      if (v > shape.maxAbsData || v < -shape.maxAbsData) {
        throw new InputError(
          'INPUT_OUT_OF_RANGE',
          `Row ${i + 1}: value ${v} (fixed point ·10^4) is outside ${dataRangeText(shape)}, the data range of shape ${shape.name}. Rescale the data.`,
        );
      }
    }
  });
  if (!isField(input.salt)) throw new InputError('BAD_SALT', 'The salt must be a field element (0 ≤ salt < p).');
  if (input.payee <= 0n || input.payee >= 1n << 160n) throw new InputError('BAD_PAYEE', 'The payee must be a non-zero 160-bit address.');
  assertOnCurve(input.ownerKey, "The round owner's encryption key");
  const e = input.ephemeralSecret;
  if (e !== undefined && (e < 1n || e >= FIELD_MODULUS)) throw new InputError('BAD_SCALAR', 'The ephemeral secret must satisfy 1 ≤ e < p.');
}

/**
 * Encrypts a provider's rows and salt to the owner's key (fresh ephemeral secret unless given)
 * and computes its commitment and its statistics commitment in the round `context`, for the
 * registration circuit of `shape`: the values a registration carries.
 * @throws InputError on input the circuit would refuse
 */
export async function encryptRegistration(
  api: Barretenberg,
  context: bigint,
  input: RegistrationInput,
  shape: Shape,
): Promise<{ registration: SealedRegistration; ephemeralSecret: bigint }> {
  const { registration, ephemeralSecret } = await seal(api, context, input, shape);
  return { registration, ephemeralSecret };
}

/** {@link encryptRegistration}, also returning the rows as packed once for the commitment, the plaintext and the witness. */
async function seal(
  api: Barretenberg,
  context: bigint,
  input: RegistrationInput,
  shape: Shape,
): Promise<{ registration: SealedRegistration; ephemeralSecret: bigint; packed: PackedRows }> {
  if (!isField(context)) throw new InputError('BAD_CONTEXT', 'The round context must be a field element.');
  checkRegistrationInput(input, shape);
  const ephemeralSecret = input.ephemeralSecret ?? randomEphemeralSecret();
  // e < p < n, so e is a valid Grumpkin scalar.
  const ephemeralKey = multiplyGenerator(ephemeralSecret);
  const shared = multiply(input.ownerKey, ephemeralSecret);
  const stream = await keyStream(api, shared, shape.ciphertextLength);
  // One packing (the used chunks, ceil(n / R) of them) for both the plaintext and the commitment.
  const packed = packRows(input.rows, undefined, shape);
  const ciphertext = addStream(plaintextOf(packed, input.salt, shape), stream);
  const commitment = await packedProviderCommitment(api, packed, input.salt, input.payee);
  const stats = await statsCommitment(api, statsOf(input.rows, shape.d), input.salt, input.payee, context);
  return {
    registration: { payee: input.payee, commitment, statsCommitment: stats, numRows: input.rows.length, ownerKey: { ...input.ownerKey }, ephemeralKey, ciphertext },
    ephemeralSecret,
    packed,
  };
}

/** The public inputs in circuit order (context, payee, commitment, stats_commitment, num_rows, K, E, ciphertext). */
export function registrationPublicInputVector(v: RegistrationPublicValues): bigint[] {
  return [v.context, v.payee, v.commitment, v.statsCommitment, BigInt(v.numRows), v.ownerKey.x, v.ownerKey.y, v.ephemeralKey.x, v.ephemeralKey.y, ...v.ciphertext];
}

/**
 * Reads a registration proof's public inputs (hex or bigint, circuit order) for the registration
 * circuit of `shape`.
 * @throws InputError `BAD_PUBLIC_INPUTS` for a vector of the wrong length or non-field values
 */
export function parseRegistrationPublicInputs(vector: readonly (string | bigint)[], shape: Shape): RegistrationPublicValues {
  const count = registerPublicInputCount(shape);
  if (vector.length !== count) {
    throw new InputError('BAD_PUBLIC_INPUTS', `A registration proof of shape ${shape.name} has ${count} public inputs, got ${vector.length}.`);
  }
  const v = vector.map((x) => BigInt(x));
  if (!v.every(isField)) throw new InputError('BAD_PUBLIC_INPUTS', 'A public input is not a field element.');
  const numRows = v[4]!;
  if (numRows < 1n || numRows > BigInt(shape.nProvider)) throw new InputError('BAD_PUBLIC_INPUTS', `num_rows ${numRows} is outside 1..${shape.nProvider}.`);
  return {
    context: v[0]!,
    payee: v[1]!,
    commitment: v[2]!,
    statsCommitment: v[3]!,
    numRows: Number(numRows),
    ownerKey: { x: v[5]!, y: v[6]! },
    ephemeralKey: { x: v[7]!, y: v[8]! },
    ciphertext: v.slice(9),
  };
}

/**
 * The witness of the registration circuit of `shape` for `input` in the round `context`:
 * encrypts (fresh ephemeral secret unless given), commits, and lays out the rows as the circuit
 * reads them (NCP chunks of R rows of D features).
 * @throws InputError on input the circuit would refuse
 */
export async function buildRegistrationWitness(
  api: Barretenberg,
  context: bigint,
  input: RegistrationInput,
  shape: Shape,
): Promise<RegistrationWitness> {
  const { registration, ephemeralSecret, packed } = await seal(api, context, input, shape);
  const f = (v: bigint) => toField(v).toString();
  // The chunks packed once by `seal`, padded with empty chunks to the circuit's NCP.
  const chunks = [...packed.chunks, ...Array.from({ length: shape.ncp - packed.chunks.length }, () => new Array<Slot>(shape.r).fill(null))];
  const rows = chunks.map((slots) =>
    slots.map((slot) =>
      slot ? { present: '1', x: slot.x.map(f), y: f(slot.y) } : { present: '0', x: new Array<string>(shape.d).fill('0'), y: '0' },
    ),
  );
  const publicValues: RegistrationPublicValues = { context, ...registration };
  const inputs: InputMap = {
    context: f(context),
    payee: f(registration.payee),
    commitment: f(registration.commitment),
    stats_commitment: f(registration.statsCommitment),
    num_rows: String(registration.numRows),
    owner_key_x: f(registration.ownerKey.x),
    owner_key_y: f(registration.ownerKey.y),
    ephemeral_key_x: f(registration.ephemeralKey.x),
    ephemeral_key_y: f(registration.ephemeralKey.y),
    ciphertext: registration.ciphertext.map(f),
    rows,
    salt: f(input.salt),
    ephemeral_secret: f(ephemeralSecret),
  };
  return { inputs, publicValues, ephemeralSecret };
}
