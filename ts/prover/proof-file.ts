/**
 * Proof files: what `zkml prove --out` writes and `zkml verify` / `zkml submit` read. A file holds
 * the proof and its flat public inputs; the named values are decoded from the inputs through the
 * one layout definition (`ts/protocol/public-values.ts`), never stored twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { numPublicInputs, publicInputs as layoutOf } from '../protocol/layout.js';
import { SHAPES, shapeByName, type Shape } from '../protocol/shapes/index.js';
import { decodePublicInputs, type PublicValues } from '../protocol/public-values.js';
import type { RoundProof } from './prover.js';

/** Bytes of every zkml proof (EVM target, zero-knowledge UltraHonk: padded to a fixed size). */
export const PROOF_BYTES = 8384;

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a 32-byte 0x-hex field element');

/** The JSON shape of a proof file. */
export const proofFileSchema = z.object({
  circuit: z.literal('zkml'),
  /** The settlement shape the proof is for (its verification key and layout). */
  shape: z.enum(SHAPES.map((s) => s.name) as [string, ...string[]]),
  /** Provider names in slot order (registration order). */
  providers: z.array(z.string()),
  proof: z.string().regex(/^0x([0-9a-fA-F]{2})*$/, '0x-hex bytes'),
  publicInputs: z.array(hex32),
});

/** A proof file. */
export type ProofFile = z.infer<typeof proofFileSchema>;

/** The proof file of a fresh proof. */
export function toProofFile(providers: string[], p: RoundProof, shape: Shape): ProofFile {
  return { circuit: 'zkml', shape: shape.name, providers, proof: `0x${Buffer.from(p.proof).toString('hex')}`, publicInputs: p.publicInputs };
}

/** The public values of a proof file, decoded from its public inputs. */
export function publicValuesOf(f: ProofFile): PublicValues {
  return decodePublicInputs(f.publicInputs, layoutOf(shapeOfProof(f)));
}

/** The settlement shape of a proof file. */
export function shapeOfProof(f: ProofFile): Shape {
  return shapeByName(f.shape);
}

/** Writes a proof file (pretty JSON), atomically: a failed write keeps the previous file. @throws ZkmlError `WRITE_FAILED` */
export function writeProofFile(path: string, f: ProofFile): void {
  writeFileAtomic(path, JSON.stringify(f, null, 2) + '\n');
}

/**
 * Reads and checks a proof file.
 * @throws InputError `FILE_NOT_FOUND`, `BAD_PROOF_FILE` (not JSON, wrong shape, truncated proof)
 */
export function readProofFile(path: string): ProofFile {
  if (!existsSync(path)) throw new InputError('FILE_NOT_FOUND', `Proof file ${path} does not exist.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError('BAD_PROOF_FILE', `${path} is not valid JSON (truncated?); prove again and write it with writeProofFile.`);
  }
  const parsed = proofFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError('BAD_PROOF_FILE', `${path} is not a zkml proof file (${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'wrong shape'}); expected a proof file as writeProofFile writes it.`);
  }
  const expected = numPublicInputs(shapeByName(parsed.data.shape));
  if (parsed.data.publicInputs.length !== expected) {
    throw new InputError('BAD_PROOF_FILE', `${path}: ${parsed.data.publicInputs.length} public inputs, but a proof of shape ${parsed.data.shape} has ${expected}; the file is damaged. Prove again.`);
  }
  const bytes = (parsed.data.proof.length - 2) / 2;
  if (bytes !== PROOF_BYTES) {
    throw new InputError('BAD_PROOF_FILE', `${path}: the proof has ${bytes} bytes but a zkml proof has ${PROOF_BYTES}; the file is truncated or not a zkml proof. Prove again.`);
  }
  return parsed.data;
}

/** The proof bytes of a file. */
export function proofBytes(f: ProofFile): Uint8Array {
  return Uint8Array.from(Buffer.from(f.proof.slice(2), 'hex'));
}
