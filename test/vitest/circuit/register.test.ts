import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { fixturePath } from '../../../ts/codegen/fixture-round.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { DEFAULT_SHAPE, registerCircuitName, settlementCircuitName } from '../../../ts/protocol/shapes/index.js';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { providerCommitment, type Slot } from '../../../ts/circuit/commitment.js';
import { statsOf, type FixedRow } from '../../../ts/circuit/model.js';
import { statsCommitment } from '../../../ts/circuit/stats-commitment.js';
import { buildWitness } from '../../../ts/circuit/witness.js';
import type { GrumpkinPoint } from '../../../ts/crypto/grumpkin.js';
import { TAG_ENC } from '../../../ts/crypto/key-stream.js';
import { deriveOwnerKey, ownerKeyFromSigner } from '../../../ts/crypto/owner-key.js';
import { registerPublicInputs, registerShape, registerPublicInputCount, registerPublicInputOffset } from '../../../ts/crypto/register-shape.js';
import { decryptRegistration } from '../../../ts/crypto/decrypt.js';
import {
  buildRegistrationWitness,
  parseRegistrationPublicInputs,
  registrationPublicInputVector,
  type RegistrationWitness,
} from '../../../ts/crypto/registration.js';
import { ANVIL_ACCOUNTS } from '../../../ts/dev/anvil.js';
import { FIELD_MODULUS, fieldHex, toField } from '../../../ts/protocol/layout.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../../../ts/toolchain/honk.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';
import { PAYEES, line, round } from '../helpers/datasets.js';
import { uncheckedRegistrationInputs } from '../helpers/register-mock.js';

// The registration circuit executed by noir_js on witnesses of the TypeScript builder (so
// TypeScript and Noir agree bit for bit on the commitment, ECDH and key stream), and refusing
// every tampered witness. One real proof is made and verified off-chain. This is the paper shape's
// circuit (`register-k8d1n128.json`); every shape's is exercised in register-shapes.test.ts.
const spec = registerCircuitName(DEFAULT_SHAPE);
const artifact = readArtifact(spec);
const noir = new Noir(toCompiledCircuit(artifact));
const REGISTER_SHAPE = registerShape(DEFAULT_SHAPE);
const { ncp: NCP, r: R, c: C } = REGISTER_SHAPE;
const M = REGISTER_SHAPE.maxAbsData;

let api: Barretenberg;
let owner: { secret: bigint; publicKey: GrumpkinPoint };
let other: { secret: bigint; publicKey: GrumpkinPoint };
let honest: RegistrationWitness;
const rows = line(31, 13); // two chunks, the second partly padding
const salt = 0xabcdefn;
const payee = PAYEES[0]!;
const context = 1234567n;

async function ownerOf(account: number) {
  return ownerKeyFromSigner(privateKeyToAccount(ANVIL_ACCOUNTS[account]!.privateKey), 31337, '0x7a6b6d6c00000000000000000000000000000001');
}

beforeAll(async () => {
  api = await startProvingBarretenberg();
  owner = await ownerOf(0);
  other = await ownerOf(9);
  honest = await buildRegistrationWitness(api, context, { rows, salt, payee, ownerKey: owner.publicKey, ephemeralSecret: 777n }, DEFAULT_SHAPE);
});
afterAll(() => api?.destroy());

const f = (v: bigint) => toField(v).toString();
const plusOne = (v: string) => ((BigInt(v) + 1n) % FIELD_MODULUS).toString();

/** A deep copy of the honest inputs, changed by `edit`. */
function tampered(edit: (inputs: any) => void): InputMap {
  const copy = structuredClone(honest.inputs) as any;
  edit(copy);
  return copy as InputMap;
}

/** The MOCK builder of `../helpers/register-mock.ts` with this file's defaults (default shape). */
function uncheckedInputs(opts: { slots: Slot[]; n: bigint; salt?: bigint; payee?: bigint; e?: bigint; ownerKey?: GrumpkinPoint }): Promise<InputMap> {
  return uncheckedRegistrationInputs(api, {
    slots: opts.slots,
    n: opts.n,
    salt: opts.salt ?? salt,
    payee: opts.payee ?? payee,
    context,
    ownerKey: opts.ownerKey ?? owner.publicKey,
    e: opts.e ?? 777n,
  },
    DEFAULT_SHAPE,
);
}

const refused = (inputs: InputMap, message?: RegExp) =>
  // A constraint fails (not the ABI encoding): no witness, hence no proof.
  expect(noir.execute(inputs)).rejects.toThrow(message ?? /Circuit execution failed/);

describe('register circuit: interface', () => {
  it('declares the public inputs of noir/README.md in order, with the shape of params.nr', () => {
    const params = artifact.abi.parameters;
    const pub = params.filter((p) => p.visibility === 'public');
    expect(pub.map((p) => p.name)).toEqual(registerPublicInputs(DEFAULT_SHAPE).map((p) => p.name));
    const ct = pub.find((p) => p.name === 'ciphertext')!.type as any;
    expect(ct.length).toBe(C);
    const rowsType = params.find((p) => p.name === 'rows')!.type as any;
    expect([rowsType.length, rowsType.type.length]).toEqual([NCP, R]);
    expect(registerPublicInputCount(DEFAULT_SHAPE)).toBe(55);
    expect(
      ['context', 'payee', 'commitment', 'stats_commitment', 'num_rows', 'owner_key_x', 'owner_key_y', 'ephemeral_key_x', 'ephemeral_key_y', 'ciphertext'].map((n) =>
        registerPublicInputOffset(n, DEFAULT_SHAPE),
      ),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => registerPublicInputOffset('salt', DEFAULT_SHAPE)).toThrow(RangeError);
    const src = readFileSync(join(PACKAGE_ROOT, 'noir', 'register', 'src', 'params.nr'), 'utf8');
    const global = (name: string) => src.match(new RegExp(`pub global ${name}: \\w+ = (\\d+);`))![1];
    expect([global('D'), global('P'), global('ROW_BITS'), global('R'), global('N_PROVIDER'), global('NCP'), global('C'), global('MAX_ABS_DATA')].map(Number)).toEqual([
      REGISTER_SHAPE.d,
      REGISTER_SHAPE.p,
      REGISTER_SHAPE.rowBits,
      R,
      REGISTER_SHAPE.nProvider,
      NCP,
      C,
      Number(M),
    ]);
    const cipher = readFileSync(join(PACKAGE_ROOT, 'noir', 'register', 'src', 'cipher.nr'), 'utf8');
    expect(BigInt(cipher.match(/TAG_ENC: Field = (0x[0-9a-f]+)/)![1]!)).toBe(TAG_ENC);
  });
});

describe('register circuit: accepts (noir_js)', () => {
  it('the honest witness of the TypeScript builder', async () => {
    await expect(noir.execute(honest.inputs)).resolves.toBeDefined();
  });

  for (const [what, make] of [
    ['one row', () => line(32, 1)],
    ['exactly one full chunk', () => line(33, R)],
    ['N_TRAIN = 128 rows (capacity)', () => line(34, 128)],
    ['the extreme values ±10^10', () => [{ x: [M], y: -M }, { x: [-M], y: M }, { x: [M], y: M }]],
  ] as [string, () => FixedRow[]][]) {
    it(what, async () => {
      const w = await buildRegistrationWitness(api, context, { rows: make(), salt: FIELD_MODULUS - 1n, payee: (1n << 160n) - 1n, ownerKey: other.publicKey }, DEFAULT_SHAPE);
      await expect(noir.execute(w.inputs)).resolves.toBeDefined();
    });
  }

  it('has TypeScript providerCommitment, and the statistics commitment noir/zkml opens for the same rows, salt, payee and round', async () => {
    // TypeScript's providerCommitment, which the register circuit accepted above...
    expect(honest.publicValues.commitment).toBe(await providerCommitment(api, rows, salt, payee, DEFAULT_SHAPE));
    // ...and its statistics commitment is what the settlement circuit opens for this provider
    // (slot 0) in the same round.
    const data = { ...round([rows, line(35, 20)], line(36, 32), 100n), context };
    data.providers[0] = { ...data.providers[0]!, salt, payee };
    const settlement = await buildWitness(api, data, DEFAULT_SHAPE);
    expect(settlement.publicValues.statsCommitments[0]).toBe(honest.publicValues.statsCommitment);
    const zkml = new Noir(toCompiledCircuit(readArtifact(settlementCircuitName(DEFAULT_SHAPE))));
    await expect(zkml.execute(settlement.inputs)).resolves.toBeDefined();
  });

  it('the mock builder reproduces the honest witness (so its refusals test one constraint each)', async () => {
    const inputs = await uncheckedInputs({ slots: rows, n: BigInt(rows.length) });
    expect(inputs).toEqual(honest.inputs);
  });
});

describe('register circuit: refuses (noir_js)', () => {
  const edits: [string, (i: any) => void, RegExp?][] = [
    ['a changed ciphertext element (row data)', (i) => (i.ciphertext[0] = plusOne(i.ciphertext[0])), /ciphertext/],
    ['a changed ciphertext element (an unused chunk)', (i) => (i.ciphertext[3 * NCP - 1] = plusOne(i.ciphertext[3 * NCP - 1])), /ciphertext/],
    ['a changed ciphertext element (the salt)', (i) => (i.ciphertext[C - 1] = plusOne(i.ciphertext[C - 1])), /ciphertext/],
    ['a changed salt', (i) => (i.salt = plusOne(i.salt)), /commitment/],
    ['a changed row', (i) => (i.rows[0][0].y = plusOne(i.rows[0][0].y)), /commitment/],
    ['another payee (a copied registration)', (i) => (i.payee = PAYEES[1]!.toString()), /commitment/],
    ['a changed statistics commitment', (i) => (i.stats_commitment = plusOne(i.stats_commitment)), /statistics commitment/],
    ['another round (context), the statistics commitment of this one', (i) => (i.context = plusOne(i.context)), /statistics commitment/],
    ['num_rows one less', (i) => (i.num_rows = String(rows.length - 1)), /num_rows/],
    ['num_rows one more', (i) => (i.num_rows = String(rows.length + 1)), /num_rows/],
    ['another ephemeral key', (i) => (i.ephemeral_key_x = plusOne(i.ephemeral_key_x)), /ephemeral key/],
    ['another ephemeral secret', (i) => (i.ephemeral_secret = plusOne(i.ephemeral_secret)), /ephemeral key/],
    ['an owner key off the curve', (i) => (i.owner_key_y = plusOne(i.owner_key_y)), /not a Grumpkin point/],
    ['the identity as owner key', (i) => ((i.owner_key_x = '0'), (i.owner_key_y = '0')), /not a Grumpkin point/],
    ['a non-zero padding row', (i) => (i.rows[1][8].y = '1'), /padding rows must be zero/],
    ['a present bit that is not a bit', (i) => (i.rows[0][0].present = '2')],
  ];
  for (const [what, edit, message] of edits) {
    it(what, () => refused(tampered(edit), message));
  }

  it('the wrong owner key (public key of another owner, ciphertext made for the right one)', async () => {
    await refused(tampered((i) => ((i.owner_key_x = f(other.publicKey.x)), (i.owner_key_y = f(other.publicKey.y)))), /ciphertext/);
  });

  it('a ciphertext made for another owner key than the public one', async () => {
    const forOther = await uncheckedInputs({ slots: rows, n: BigInt(rows.length), ownerKey: other.publicKey });
    await refused({ ...forOther, owner_key_x: f(owner.publicKey.x), owner_key_y: f(owner.publicKey.y) }, /ciphertext/);
  });

  it('the commitment of another payee', async () => {
    const otherCommitment = await providerCommitment(api, rows, salt, PAYEES[1]!, DEFAULT_SHAPE);
    await refused(tampered((i) => (i.commitment = f(otherCommitment))), /commitment/);
  });

  it('the statistics commitment of another payee', async () => {
    const otherStats = await statsCommitment(api, statsOf(rows), salt, PAYEES[1]!, context);
    await refused(tampered((i) => (i.stats_commitment = f(otherStats))), /statistics commitment/);
  });

  it('the statistics commitment of another round', async () => {
    const otherRound = await statsCommitment(api, statsOf(rows), salt, payee, context + 1n);
    await refused(tampered((i) => (i.stats_commitment = f(otherRound))), /statistics commitment/);
  });

  it('statistics that do not match the rows (one label changed by one unit)', async () => {
    const changed = rows.map((r, k) => (k === 5 ? { ...r, y: r.y + 1n } : r));
    const wrong = await statsCommitment(api, statsOf(changed), salt, payee, context);
    await refused(tampered((i) => (i.stats_commitment = f(wrong))), /statistics commitment/);
  });

  it('a row out of range (X = 10^10 + 1), consistently committed and encrypted', async () => {
    const slots = [...rows];
    slots[3] = { x: [M + 1n], y: 0n };
    await refused(await uncheckedInputs({ slots, n: BigInt(rows.length) }));
  });

  it('a row out of range (Y = −10^10 − 1), consistently committed and encrypted', async () => {
    const slots = [...rows];
    slots[12] = { x: [0n], y: -M - 1n };
    await refused(await uncheckedInputs({ slots, n: BigInt(rows.length) }));
  });

  it('a value that wraps the field (X = p − 2^34, packing like a small value)', async () => {
    const slots = [...rows];
    slots[0] = { x: [-(1n << 34n)], y: 0n };
    await refused(await uncheckedInputs({ slots, n: BigInt(rows.length) }));
  });

  it('a non-prefix layout (a gap after the first row), consistently committed and encrypted', async () => {
    const slots: Slot[] = [...rows];
    slots.splice(1, 0, null); // 14 slots, 13 present
    await refused(await uncheckedInputs({ slots, n: BigInt(rows.length) }), /prefix/);
  });

  it('a non-prefix layout (an empty first chunk)', async () => {
    const slots: Slot[] = [...new Array<Slot>(R).fill(null), ...rows];
    await refused(await uncheckedInputs({ slots, n: BigInt(rows.length) }), /at least one row/);
  });

  it('no rows', async () => {
    await refused(await uncheckedInputs({ slots: [], n: 0n }), /at least one row/);
  });

  it('N_PROVIDER + 1 = 129 rows (they fit the 15 chunks, not the registration)', async () => {
    const many = line(37, 129);
    await refused(await uncheckedInputs({ slots: many, n: 129n }), /at most N_PROVIDER rows/);
  });

  it('a payee that is not an address (2^160)', async () => {
    await refused(await uncheckedInputs({ slots: rows, n: BigInt(rows.length), payee: 1n << 160n }));
  });

  it('the zero ephemeral secret (E and S the identity)', async () => {
    await refused(await uncheckedInputs({ slots: rows, n: BigInt(rows.length), e: 0n }), /non-zero/);
  });
});

describe('register proof (bb.js, evm target)', () => {
  it('proves and verifies off-chain; the owner decrypts from the public inputs alone; changed public inputs are rejected', async () => {
    const { witness } = await noir.execute(honest.inputs);
    const proof = await proveEvm(api, artifact, witness);
    expect(proof.publicInputs.map(BigInt)).toEqual(registrationPublicInputVector(honest.publicValues));
    const vk = readVk(spec);
    expect(await verifyEvm(api, vk, proof)).toBe(true);
    // Everything the owner needs is in the proof's public inputs (the registration event).
    const delivered = await decryptRegistration(api, owner.secret, parseRegistrationPublicInputs(proof.publicInputs, DEFAULT_SHAPE), DEFAULT_SHAPE);
    expect(delivered).toEqual({ rows, salt });
    for (const index of [0, 1, 2, 3, 4, 5, 7, 9, 9 + C - 1]) {
      const inputs = [...proof.publicInputs];
      inputs[index] = fieldHex(BigInt(inputs[index]!) + 1n);
      expect(await verifyEvm(api, vk, { ...proof, publicInputs: inputs }), `public input ${index}`).toBe(false);
    }
  });

  it('the committed fixture verifies, and its public inputs are rebuilt from its fields', async () => {
    const fx = JSON.parse(readFileSync(fixturePath('register_k8d1n128'), 'utf8'));
    const proof = { proof: Uint8Array.from(Buffer.from(fx.proof.slice(2), 'hex')), publicInputs: fx.publicInputs as string[] };
    expect(await verifyEvm(api, readVk(spec), proof)).toBe(true);
    const rebuilt = registrationPublicInputVector({
      context: BigInt(fx.context),
      payee: BigInt(fx.payee),
      commitment: BigInt(fx.commitment),
      statsCommitment: BigInt(fx.statsCommitment),
      numRows: fx.numRows,
      ownerKey: { x: BigInt(fx.ownerKey.x), y: BigInt(fx.ownerKey.y) },
      ephemeralKey: { x: BigInt(fx.ephemeralKey.x), y: BigInt(fx.ephemeralKey.y) },
      ciphertext: fx.ciphertext.map(BigInt),
    });
    expect(fx.publicInputs.map(BigInt)).toEqual(rebuilt);
    expect(deriveOwnerKey(fx.ownerKeySignature).publicKey).toEqual({ x: BigInt(fx.ownerKey.x), y: BigInt(fx.ownerKey.y) });
    const zkml = JSON.parse(readFileSync(fixturePath('zkml_round'), 'utf8'));
    expect(fx.commitment).toBe(zkml.commitments[0]);
    expect(fx.statsCommitment).toBe(zkml.statsCommitments[0]);
    expect(fx.payee).toBe(zkml.payees[0]);
    const delivered = await decryptRegistration(api, BigInt(fx.ownerSecret), parseRegistrationPublicInputs(fx.publicInputs, DEFAULT_SHAPE), DEFAULT_SHAPE);
    expect(delivered.rows.map((r) => ({ x: r.x.map(String), y: String(r.y) }))).toEqual(fx.rows);
    expect(String(delivered.salt)).toBe(fx.salt);
  });
});
