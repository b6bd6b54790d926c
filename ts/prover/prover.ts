import type { Barretenberg } from '@aztec/bb.js';
import { Noir } from '@noir-lang/noir_js';
import { buildWitness, type PublicValues, type RoundData } from '../circuit/witness.js';
import type { Valuation } from '../circuit/model.js';
import { ToolchainError, ZkmlError } from '../errors.js';
import { startProvingBarretenberg } from '../toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../toolchain/honk.js';
import { toCompiledCircuit, type CircuitArtifact } from '../toolchain/noir.js';
import { readArtifact, readVk } from './artifacts.js';

/** A proof of a round, ready to submit on-chain. */
export interface RoundProof {
  /** UltraHonk proof bytes (EVM target: zero-knowledge, keccak transcript). */
  proof: Uint8Array;
  /** Public inputs as 0x-prefixed 32-byte hex, in the layout of `ts/protocol/layout.ts`. */
  publicInputs: string[];
  /** The same public inputs as typed values. */
  publicValues: PublicValues;
  /** Every quantity the proof fixes (models, values, Shapley values), in fixed point. */
  valuation: Valuation;
  /** Milliseconds spent building the witness (TypeScript + noir_js) and proving (bb). */
  timings: { witnessMs: number; proveMs: number };
}

/** A proving step, reported when it starts. */
export type ProveStep = 'witness' | 'execute' | 'prove';

/** Progress callback: a step name when it starts. */
export type OnStep = (step: ProveStep) => void;

/** Options of {@link ZkmlProver.create}. Environment variables only supply defaults. */
export interface ProverOptions {
  /** Folder of the BN254 CRS (`bn254_g1.dat`, `bn254_g2.dat`); default `$CRS_PATH`, else `~/.bb-crs`, else a download (network probed first). */
  crsPath?: string;
  /** Threads for bb; default all cores (at most 16). */
  threads?: number;
  /** Allow bb to download a missing CRS (default true). Without network, `create` fails at once either way. */
  allowDownload?: boolean;
  /** Where defaults are read from (default `process.env`; only read, never written). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Receives diagnostics (bb start-up retries); default: dropped. */
  log?: (line: string) => void;
}

/**
 * Proves rounds with the shipped zkml circuit. Start one with {@link ZkmlProver.create}, reuse it,
 * and call {@link ZkmlProver.destroy} when done. Each prover owns its own Barretenberg process:
 * destroying one never disturbs another, and Node exits once every prover is destroyed. The host's
 * `console` and `process.env` are never touched.
 */
export class ZkmlProver {
  private destroyed = false;

  private constructor(
    private readonly api: Barretenberg,
    private readonly artifact: CircuitArtifact,
    private readonly vk: Uint8Array,
  ) {}

  /**
   * Finds the CRS (failing at once with a {@link ToolchainError} when none is reachable), starts
   * Barretenberg and loads the circuit and its verification key.
   */
  static async create(options: ProverOptions = {}): Promise<ZkmlProver> {
    const artifact = readArtifact('zkml');
    const vk = readVk('zkml');
    const api = await startProvingBarretenberg({
      crsPath: options.crsPath,
      threads: options.threads,
      allowDownload: options.allowDownload,
      env: options.env,
      log: options.log,
    });
    return new ZkmlProver(api, artifact, vk);
  }

  /** The Barretenberg instance (for commitments); valid until {@link destroy}. */
  get barretenberg(): Barretenberg {
    this.assertLive();
    return this.api;
  }

  /** Builds the witness (refusing bad input with an InputError), executes the circuit and proves. */
  async prove(round: RoundData, onStep?: OnStep): Promise<RoundProof> {
    this.assertLive();
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

  /** Verifies a proof off-chain against the shipped verification key. */
  async verify(proof: Uint8Array, publicInputs: readonly string[]): Promise<boolean> {
    this.assertLive();
    return verifyEvm(this.api, this.vk, { proof, publicInputs: [...publicInputs] });
  }

  /** Stops this prover's Barretenberg. Safe to call more than once. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.api.destroy();
  }

  private assertLive(): void {
    if (this.destroyed) throw new ZkmlError('PROVER_DESTROYED', 'This ZkmlProver was destroyed; create a new one with ZkmlProver.create().');
  }
}
