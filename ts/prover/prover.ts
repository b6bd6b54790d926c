import type { Barretenberg } from '@aztec/bb.js';
import { Noir } from '@noir-lang/noir_js';
import { CIRCUITS } from '../codegen/circuits.js';
import { readArtifact, readVk } from '../codegen/generate.js';
import { buildWitness, type PublicValues, type RoundData } from '../circuit/witness.js';
import type { Valuation } from '../circuit/model.js';
import { ToolchainError } from '../errors.js';
import { releaseBarretenberg, sharedBarretenberg } from '../toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../toolchain/honk.js';
import { toCompiledCircuit, type CircuitArtifact } from '../toolchain/noir.js';

/** A proof of a round, ready to submit on-chain. */
export interface RoundProof {
  /** UltraHonk proof bytes (EVM target: zero-knowledge, keccak transcript). */
  proof: Uint8Array;
  /** Public inputs as 0x-prefixed 32-byte hex, in the layout of `ts/protocol/layout.ts`. */
  publicInputs: string[];
  publicValues: PublicValues;
  valuation: Valuation;
  /** Milliseconds spent building the witness (TypeScript + noir_js) and proving (bb). */
  timings: { witnessMs: number; proveMs: number };
}

/** Progress callback: a step name when it starts. */
export type OnStep = (step: 'witness' | 'execute' | 'prove') => void;

/**
 * Proves rounds with the committed zkml circuit (`noir/artifacts/zkml.json`). Start one with
 * {@link ZkmlProver.create}, reuse it, and call {@link ZkmlProver.destroy} when done (the native
 * bb process keeps Node alive otherwise).
 */
export class ZkmlProver {
  private constructor(
    private readonly api: Barretenberg,
    private readonly artifact: CircuitArtifact,
    private readonly vk: Uint8Array,
  ) {}

  /** Starts Barretenberg (retrying start-up) and loads the circuit and its verification key. */
  static async create(log?: (line: string) => void): Promise<ZkmlProver> {
    const spec = CIRCUITS.find((c) => c.name === 'zkml')!;
    const api = await sharedBarretenberg(log ? { log } : {});
    return new ZkmlProver(api, readArtifact(spec), readVk(spec));
  }

  /** The Barretenberg instance (for commitments). */
  get barretenberg(): Barretenberg {
    return this.api;
  }

  /** Builds the witness (refusing bad input with an InputError), executes the circuit and proves. */
  async prove(round: RoundData, onStep?: OnStep): Promise<RoundProof> {
    const t0 = performance.now();
    onStep?.('witness');
    const witness = await buildWitness(this.api, round);
    onStep?.('execute');
    let solved: Uint8Array;
    try {
      solved = (await new Noir(toCompiledCircuit(this.artifact)).execute(witness.inputs)).witness;
    } catch (err) {
      // The witness builder mirrors every constraint; reaching this is a bug, not bad input.
      throw new ToolchainError('CIRCUIT_REJECTED', `The circuit rejected the witness (${err instanceof Error ? err.message : String(err)}). Please report this with your data.`, { cause: err });
    }
    const t1 = performance.now();
    onStep?.('prove');
    const proof = await proveEvm(this.api, this.artifact, solved);
    const t2 = performance.now();
    return {
      proof: proof.proof,
      publicInputs: proof.publicInputs,
      publicValues: witness.publicValues,
      valuation: witness.valuation,
      timings: { witnessMs: t1 - t0, proveMs: t2 - t1 },
    };
  }

  /** Verifies a proof off-chain against the committed verification key. */
  async verify(proof: Uint8Array, publicInputs: string[]): Promise<boolean> {
    return verifyEvm(this.api, this.vk, { proof, publicInputs });
  }

  /** Stops Barretenberg. */
  async destroy(): Promise<void> {
    await releaseBarretenberg();
  }
}
