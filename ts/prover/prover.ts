import type { Barretenberg } from '@aztec/bb.js';
import { Noir } from '@noir-lang/noir_js';
import { buildWitness, type PublicValues, type RoundData } from '../circuit/witness.js';
import type { FixedRow, Valuation } from '../circuit/model.js';
import { buildValidationWitness, validationPublicInputVector, type ValidationPublicValues } from '../circuit/validation-witness.js';
import { ToolchainError, ZkmlError } from '../errors/index.js';
import { startProvingBarretenberg } from '../toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../toolchain/honk.js';
import { toCompiledCircuit, type CircuitArtifact } from '../toolchain/noir.js';
import { assertArtifacts, readArtifact, readVk } from './artifacts.js';
import { SHAPES, registerCircuitName, settlementCircuitName, validationCircuitName, type Shape } from '../protocol/shapes/index.js';
import { buildRegistrationWitness, registrationPublicInputVector, type RegistrationInput } from '../crypto/registration.js';
import type { SealedRegistration } from '../protocol/registration.js';
import { fieldHex } from '../protocol/layout.js';

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

/** A registration proof: what `ZkmlClient.register` sends. */
export interface RegistrationProof {
  proof: Uint8Array;
  /** Public inputs as 0x-prefixed 32-byte hex, in the registration layout. */
  publicInputs: string[];
  /** The registration (commitment, row count, ephemeral key, ciphertext). */
  registration: SealedRegistration;
  timings: { witnessMs: number; proveMs: number };
}

/** A validation proof: what `ZkmlClient.createRound` sends with the validation commitment. */
export interface ValidationProof extends ValidationPublicValues {
  proof: Uint8Array;
  /** Public inputs as 0x-prefixed 32-byte hex (stats_commitment, num_rows). */
  publicInputs: string[];
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
  private readonly circuits = new Map<string, { artifact: CircuitArtifact; vk: Uint8Array }>();

  private constructor(private readonly api: Barretenberg) {}

  /**
   * Finds the CRS (failing at once with a {@link ToolchainError} when none is reachable) and starts
   * Barretenberg. Circuits (one per shape and kind) are loaded from the package on first use.
   */
  static async create(options: ProverOptions = {}): Promise<ZkmlProver> {
    // Fail early, before bb starts, if the package is incomplete.
    assertArtifacts(SHAPES.flatMap((s) => [settlementCircuitName(s), registerCircuitName(s), validationCircuitName(s)]));
    const api = await startProvingBarretenberg({
      crsPath: options.crsPath,
      threads: options.threads,
      allowDownload: options.allowDownload,
      env: options.env,
      log: options.log,
    });
    return new ZkmlProver(api);
  }

  /** The Barretenberg instance (for commitments); valid until {@link destroy}. */
  get barretenberg(): Barretenberg {
    this.assertLive();
    return this.api;
  }

  private circuit(name: string): { artifact: CircuitArtifact; vk: Uint8Array } {
    let c = this.circuits.get(name);
    if (!c) {
      c = { artifact: readArtifact(name), vk: readVk(name) };
      this.circuits.set(name, c);
    }
    return c;
  }

  private async execute(name: string, inputs: Parameters<Noir['execute']>[0]): Promise<Uint8Array> {
    try {
      return (await new Noir(toCompiledCircuit(this.circuit(name).artifact)).execute(inputs)).witness;
    } catch (err) {
      // The witness builders mirror every constraint; reaching this is a bug, not bad input.
      throw new ToolchainError('CIRCUIT_REJECTED', `The ${name} circuit rejected the witness (${err instanceof Error ? err.message : String(err)}). Please report this with your data.`, { cause: err });
    }
  }

  /**
   * Proves a settlement: builds the witness (refusing bad input with an InputError), executes the
   * circuit of `shape` and proves.
   */
  async prove(round: RoundData, shape: Shape, onStep?: OnStep): Promise<RoundProof> {
    this.assertLive();
    const name = settlementCircuitName(shape);
    const t0 = performance.now();
    onStep?.('witness');
    const witness = await buildWitness(this.api, round, shape);
    onStep?.('execute');
    const solved = await this.execute(name, witness.inputs);
    const t1 = performance.now();
    onStep?.('prove');
    const proof = await proveEvm(this.api, this.circuit(name).artifact, solved);
    const t2 = performance.now();
    return {
      proof: proof.proof,
      publicInputs: proof.publicInputs,
      publicValues: witness.publicValues,
      valuation: witness.valuation,
      timings: { witnessMs: t1 - t0, proveMs: t2 - t1 },
    };
  }

  /**
   * Proves a registration: encrypts the provider's rows and salt to the round's owner key (fresh
   * ephemeral key) and proves that the ciphertext opens the commitment, bound to `context` and the
   * payee. Refuses bad input with an InputError before proving.
   */
  async proveRegistration(context: bigint, input: RegistrationInput, shape: Shape, onStep?: OnStep): Promise<RegistrationProof> {
    this.assertLive();
    const name = registerCircuitName(shape);
    const t0 = performance.now();
    onStep?.('witness');
    const witness = await buildRegistrationWitness(this.api, context, input, shape);
    onStep?.('execute');
    const solved = await this.execute(name, witness.inputs);
    const t1 = performance.now();
    onStep?.('prove');
    const proof = await proveEvm(this.api, this.circuit(name).artifact, solved);
    const expected = registrationPublicInputVector(witness.publicValues).map((v) => fieldHex(v));
    if (expected.some((h, i) => h !== proof.publicInputs[i])) throw new ToolchainError('CIRCUIT_REJECTED', 'The registration proof carries other public inputs than its witness; please report this.');
    const { context: _context, ...registration } = witness.publicValues;
    return { proof: proof.proof, publicInputs: proof.publicInputs, registration, timings: { witnessMs: t1 - t0, proveMs: performance.now() - t1 } };
  }

  /**
   * Proves the owner's validation set: its statistics commitment (what the round is created with)
   * opens to the statistics of 1..N_VAL in-range rows of `shape`. Refuses bad input with an
   * InputError before proving.
   */
  async proveValidation(rows: readonly FixedRow[], salt: bigint, shape: Shape, onStep?: OnStep): Promise<ValidationProof> {
    this.assertLive();
    const name = validationCircuitName(shape);
    const t0 = performance.now();
    onStep?.('witness');
    const witness = await buildValidationWitness(this.api, rows, salt, shape);
    onStep?.('execute');
    const solved = await this.execute(name, witness.inputs);
    const t1 = performance.now();
    onStep?.('prove');
    const proof = await proveEvm(this.api, this.circuit(name).artifact, solved);
    const expected = validationPublicInputVector(witness.publicValues).map((v) => fieldHex(v));
    if (expected.some((h, i) => h !== proof.publicInputs[i])) throw new ToolchainError('CIRCUIT_REJECTED', 'The validation proof carries other public inputs than its witness; please report this.');
    return { proof: proof.proof, publicInputs: proof.publicInputs, ...witness.publicValues, timings: { witnessMs: t1 - t0, proveMs: performance.now() - t1 } };
  }

  /** Verifies a validation proof of `shape` off-chain. */
  async verifyValidation(proof: Uint8Array, publicInputs: readonly string[], shape: Shape): Promise<boolean> {
    this.assertLive();
    return verifyEvm(this.api, this.circuit(validationCircuitName(shape)).vk, { proof, publicInputs: [...publicInputs] });
  }

  /** Verifies a settlement proof of `shape` off-chain against the shipped verification key. */
  async verify(proof: Uint8Array, publicInputs: readonly string[], shape: Shape): Promise<boolean> {
    this.assertLive();
    return verifyEvm(this.api, this.circuit(settlementCircuitName(shape)).vk, { proof, publicInputs: [...publicInputs] });
  }

  /** Verifies a registration proof of `shape` off-chain. */
  async verifyRegistration(proof: Uint8Array, publicInputs: readonly string[], shape: Shape): Promise<boolean> {
    this.assertLive();
    return verifyEvm(this.api, this.circuit(registerCircuitName(shape)).vk, { proof, publicInputs: [...publicInputs] });
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
