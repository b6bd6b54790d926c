import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { PublicValues } from '../circuit/witness.js';
import { NUM_PUBLIC_INPUTS } from '../protocol/layout.js';
import type { RoundProof } from './prover.js';

/** A proof as written by `zkml prove --out` and read by `zkml verify` and `zkml submit`. */
export interface ProofFile {
  circuit: 'zkml';
  /** Provider names in slot order (registration order). */
  providers: string[];
  proof: `0x${string}`;
  publicInputs: string[];
  /** The public values, decimal strings (signed where signed). */
  values: {
    context: string;
    commitments: string[];
    payees: string[];
    validationCommitment: string;
    numProviders: number;
    lambda: string;
    weights: string[];
    intercept: string;
    trainLoss: string;
    shapley: string[];
  };
}

export function toProofFile(providers: string[], p: RoundProof): ProofFile {
  const v = p.publicValues;
  const dec = (x: bigint) => x.toString();
  return {
    circuit: 'zkml',
    providers,
    proof: `0x${Buffer.from(p.proof).toString('hex')}`,
    publicInputs: p.publicInputs,
    values: {
      context: dec(v.context),
      commitments: v.commitments.map(dec),
      payees: v.payees.map(dec),
      validationCommitment: dec(v.validationCommitment),
      numProviders: v.numProviders,
      lambda: dec(v.lambda),
      weights: v.weights.map(dec),
      intercept: dec(v.intercept),
      trainLoss: dec(v.trainLoss),
      shapley: v.shapley.map(dec),
    },
  };
}

/** The public values of a proof file as bigints. */
export function publicValuesOf(f: ProofFile): PublicValues {
  const v = f.values;
  return {
    context: BigInt(v.context),
    commitments: v.commitments.map(BigInt),
    payees: v.payees.map(BigInt),
    validationCommitment: BigInt(v.validationCommitment),
    numProviders: v.numProviders,
    lambda: BigInt(v.lambda),
    weights: v.weights.map(BigInt),
    intercept: BigInt(v.intercept),
    trainLoss: BigInt(v.trainLoss),
    shapley: v.shapley.map(BigInt),
  };
}

export function writeProofFile(path: string, f: ProofFile): void {
  writeFileSync(path, JSON.stringify(f, null, 2) + '\n');
}

/** Reads and shape-checks a proof file. */
export function readProofFile(path: string): ProofFile {
  if (!existsSync(path)) throw new InputError('FILE_NOT_FOUND', `Proof file ${path} does not exist.`);
  let f: ProofFile;
  try {
    f = JSON.parse(readFileSync(path, 'utf8')) as ProofFile;
  } catch {
    throw new InputError('BAD_PROOF_FILE', `${path} is not valid JSON.`);
  }
  if (f?.circuit !== 'zkml' || typeof f.proof !== 'string' || !/^0x[0-9a-fA-F]*$/.test(f.proof) || !Array.isArray(f.publicInputs) || f.publicInputs.length !== NUM_PUBLIC_INPUTS || !f.values) {
    throw new InputError('BAD_PROOF_FILE', `${path} is not a zkml proof file (expected the output of \`zkml prove --out\`).`);
  }
  return f;
}

export function proofBytes(f: ProofFile): Uint8Array {
  return Uint8Array.from(Buffer.from(f.proof.slice(2), 'hex'));
}
