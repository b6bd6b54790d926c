/**
 * Where a settlement proof is kept between its proving and its submission, so that a settlement
 * refused at submit, interrupted, or whose submit reply was lost is resumed without proving again.
 * The default store is a proof file (the format of `zkml prove --out`), written atomically.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Address } from 'viem';
import { readProofFile, writeProofFile, type ProofFile } from '../prover/proof-file.js';

/** Keeps one round's settlement proof. */
export interface ProofStore {
  /** Where the proof is kept, for messages (a file path). */
  readonly where: string;
  /** The kept proof, or undefined when none is kept. @throws InputError `BAD_PROOF_FILE` for a damaged one */
  load(): ProofFile | undefined;
  /** Keeps `file` (replacing what was kept), atomically. */
  save(file: ProofFile): void;
}

/** A {@link ProofStore} in the proof file `path`. */
export function proofFileStore(path: string): ProofStore {
  return {
    where: path,
    load: () => (existsSync(path) ? readProofFile(path) : undefined),
    save: (file) => writeProofFile(path, file),
  };
}

/**
 * The default file of round `roundId`'s kept settlement proof: next to the owner's secrets file,
 * `round-<id>-<chainId>-<contract>.proof.json` (chain and contract in the name: anvil deploys at
 * the same address on every start, and so may two chains).
 */
export function defaultProofPath(secretsPath: string, chainId: number, contract: Address, roundId: bigint): string {
  return join(dirname(secretsPath), `round-${roundId}-${chainId}-${contract.toLowerCase()}.proof.json`);
}
