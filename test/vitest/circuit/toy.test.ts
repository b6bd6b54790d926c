import { Noir } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../../../ts/toolchain/honk.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';

// Toolchain slice: Noir (noir_js) -> bb.js proof (evm target) -> off-chain verification.
const toy = 'toy';
const artifact = readArtifact(toy);
let api: Barretenberg;

beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

describe('toy circuit', () => {
  it('rejects a witness that does not satisfy the statement', async () => {
    await expect(new Noir(toCompiledCircuit(artifact)).execute({ x: '3', y: '11' })).rejects.toThrow();
  });

  it('rejects an out-of-range private input', async () => {
    // 2^32 + 3 has the same square mod nothing small, but fails the 32-bit range check first.
    const x = (2n ** 32n + 3n).toString();
    const y = ((2n ** 32n + 3n) ** 2n + 1n).toString();
    await expect(new Noir(toCompiledCircuit(artifact)).execute({ x, y })).rejects.toThrow();
  });

  it('proves, verifies off-chain, and rejects a changed public input', async () => {
    const { witness } = await new Noir(toCompiledCircuit(artifact)).execute({ x: '3', y: '10' });
    const proof = await proveEvm(api, artifact, witness);
    expect(proof.publicInputs).toHaveLength(1);
    expect(BigInt(proof.publicInputs[0]!)).toBe(10n);
    const vk = readVk(toy);
    expect(await verifyEvm(api, vk, proof)).toBe(true);
    const tampered = { ...proof, publicInputs: ['0x' + (11).toString(16).padStart(64, '0')] };
    expect(await verifyEvm(api, vk, tampered)).toBe(false);
  });
});
