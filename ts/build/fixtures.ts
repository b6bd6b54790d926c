import { Noir } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import type { InputMap } from '@noir-lang/noir_js';
import { toCompiledCircuit, type CircuitArtifact } from '../toolchain/noir.js';
import { proveEvm } from '../toolchain/honk.js';
import { CIRCUITS, paths, type CircuitSpec } from './circuits.js';
import type { GeneratedFile } from './generate.js';

/** A proof as stored in `test/fixtures/*.json` and read by the Foundry tests. */
export interface ProofFixture {
  circuit: string;
  /** Public inputs, 0x-prefixed 32-byte hex, in the circuit's order. */
  publicInputs: string[];
  /** The proof bytes, 0x-prefixed hex. */
  proof: string;
}

/** Executes `artifact` on `inputs` with noir_js and proves it for the EVM verifier. */
export async function proveFixture(api: Barretenberg, spec: CircuitSpec, artifact: CircuitArtifact, inputs: InputMap): Promise<ProofFixture> {
  const { witness } = await new Noir(toCompiledCircuit(artifact)).execute(inputs);
  const proof = await proveEvm(api, artifact, witness);
  return { circuit: spec.name, publicInputs: proof.publicInputs, proof: '0x' + Buffer.from(proof.proof).toString('hex') };
}

/** The toy circuit's fixture: x = 3, y = 10. */
export const TOY_INPUTS: InputMap = { x: '3', y: '10' };

/** Proof fixtures (ZK proofs are randomised: they are checked for validity, not byte equality). */
export async function generateFixtures(api: Barretenberg, artifacts: Map<string, CircuitArtifact>): Promise<GeneratedFile[]> {
  const toy = CIRCUITS.find((c) => c.name === 'toy')!;
  const fixture = await proveFixture(api, toy, artifacts.get('toy')!, TOY_INPUTS);
  return [{ path: paths.fixture('toy_proof'), content: JSON.stringify(fixture, null, 2) + '\n' }];
}
