/**
 * `test/fixtures/register_k8d1n128.json`: a real registration proof (shape k8d1n128) for the
 * Foundry tests, with every value needed to rebuild its public inputs. The provider is the first
 * of the zkml fixture's round (same rows, salt and payee, hence the same commitment), the owner
 * key is derived from anvil account 0's signature, and the ephemeral secret is fixed so the
 * ciphertext is reproducible (the proof itself is randomised).
 *
 * Format: `circuit` ("register"), `proof` (0x hex, 8,000 bytes), `publicInputs` (55 × bytes32 hex,
 * circuit order), `shape` ("k8d1n128"), `ciphertextLength` (46), `chainId` (31337), `contract`
 * (FIXTURE_CONTRACT), `roundId` (1), `context` (bytes32 hex), `payee` (address = msg.sender),
 * `commitment` (bytes32), `statsCommitment` (bytes32), `numRows`, `owner` (the signing account), `ownerKeySignature`,
 * `ownerKey` {x, y}, `ownerSecret`, `ephemeralKey` {x, y}, `ephemeralSecret`, `ciphertext`
 * (46 × bytes32), `rows` [{x: [decimal], y: decimal}] and `salt` (decimal).
 */
import type { Barretenberg } from '@aztec/bb.js';
import { keccak256, stringToHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_ACCOUNTS } from '../dev/anvil.js';
import { deriveOwnerKey, ownerKeyTypedData } from '../crypto/owner-key.js';
import { buildRegistrationWitness } from '../crypto/registration.js';
import { FIELD_MODULUS } from '../protocol/layout.js';
import { roundContext } from '../protocol/context.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { FIXTURE_CHAIN_ID, FIXTURE_CONTRACT, FIXTURE_ROUND_ID, FIXTURE_SHAPE, fixturePath, fixtureRound, proveFixture } from './fixture-round.js';
import type { GeneratedFile } from './generate.js';

/** The owner of the fixture's round: anvil account 0. */
export const REGISTER_FIXTURE_OWNER = ANVIL_ACCOUNTS[0]!;
/** The fixture's fixed ephemeral secret: keccak256("zkml register fixture") mod p. */
export const REGISTER_FIXTURE_EPHEMERAL = BigInt(keccak256(stringToHex('zkml register fixture'))) % FIELD_MODULUS;

/** The fixture's owner key pair (deterministic: anvil account 0 signs the EIP-712 owner-key typed data). */
export async function registerFixtureOwnerKey() {
  const signature = await privateKeyToAccount(REGISTER_FIXTURE_OWNER.privateKey).signTypedData(
    ownerKeyTypedData(FIXTURE_CHAIN_ID, FIXTURE_CONTRACT, REGISTER_FIXTURE_OWNER.address),
  );
  return { signature, ...deriveOwnerKey(signature) };
}

/** The fixture, proven with `artifact`, the registration circuit of {@link FIXTURE_SHAPE} (`register-k8d1n128.json`). */
export async function registerFixture(api: Barretenberg, artifact: CircuitArtifact): Promise<GeneratedFile> {
  const provider = fixtureRound().providers[0]!;
  const owner = await registerFixtureOwnerKey();
  const context = roundContext(FIXTURE_CHAIN_ID, FIXTURE_CONTRACT, FIXTURE_ROUND_ID);
  const { inputs, publicValues: v } = await buildRegistrationWitness(api, context, {
    rows: provider.rows,
    salt: provider.salt,
    payee: provider.payee,
    ownerKey: owner.publicKey,
    ephemeralSecret: REGISTER_FIXTURE_EPHEMERAL,
  }, FIXTURE_SHAPE);
  const proof = await proveFixture(api, 'register', artifact, inputs);
  const hex = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');
  const fixture = {
    ...proof,
    shape: FIXTURE_SHAPE.name,
    ciphertextLength: FIXTURE_SHAPE.ciphertextLength,
    chainId: FIXTURE_CHAIN_ID,
    contract: FIXTURE_CONTRACT,
    roundId: FIXTURE_ROUND_ID,
    context: hex(context),
    payee: '0x' + v.payee.toString(16).padStart(40, '0'),
    commitment: hex(v.commitment),
    statsCommitment: hex(v.statsCommitment),
    numRows: v.numRows,
    owner: REGISTER_FIXTURE_OWNER.address,
    ownerKeySignature: owner.signature,
    ownerKey: { x: hex(v.ownerKey.x), y: hex(v.ownerKey.y) },
    ownerSecret: hex(owner.secret),
    ephemeralKey: { x: hex(v.ephemeralKey.x), y: hex(v.ephemeralKey.y) },
    ephemeralSecret: hex(REGISTER_FIXTURE_EPHEMERAL),
    ciphertext: v.ciphertext.map(hex),
    rows: provider.rows.map((r) => ({ x: r.x.map(String), y: String(r.y) })),
    salt: String(provider.salt),
  };
  return { path: fixturePath('register_k8d1n128'), content: JSON.stringify(fixture, null, 2) + '\n' };
}
