/**
 * A registration's delivery, kept between `register` and `deliver`: a sealed round takes the
 * commitments and the deposit during registration and the encrypted data with its proof only
 * after the registration deadline. The proof is made before registering (so no deposit is paid for
 * data that cannot be proven) and kept, atomically, before the registration is sent: losing it
 * would forfeit the deposit. The file holds the ciphertext and proof (already bound to the owner's
 * key and the round) and the salt, which is the provider's secret: keep the file private.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';

const field = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'a 0x-hex field element');

/** The JSON shape of a pending-delivery file. */
export const pendingDeliverySchema = z.object({
  kind: z.literal('zkml-delivery'),
  chainId: z.number().int().positive(),
  contract: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  roundId: z.string().regex(/^\d+$/),
  payee: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  commitment: field,
  statsCommitment: field,
  numRows: z.number().int().positive(),
  salt: field,
  ephemeralKey: z.object({ x: field, y: field }),
  ciphertext: z.array(field),
  proof: z.string().regex(/^0x([0-9a-fA-F]{2})+$/, '0x-hex bytes'),
});

/** What `deliver` will send for one registration, and where it belongs. */
export interface PendingDelivery {
  chainId: number;
  contract: Address;
  roundId: bigint;
  payee: Address;
  commitment: bigint;
  statsCommitment: bigint;
  numRows: number;
  salt: bigint;
  ephemeralKey: { x: bigint; y: bigint };
  ciphertext: bigint[];
  proof: Hex;
}

const hexOf = (v: bigint): string => `0x${v.toString(16)}`;

/** Writes `d` to `path` atomically (a failed write keeps the previous file). @throws ZkmlError `WRITE_FAILED` */
export function writePendingDelivery(path: string, d: PendingDelivery): void {
  const json = {
    kind: 'zkml-delivery',
    chainId: d.chainId,
    contract: d.contract,
    roundId: d.roundId.toString(),
    payee: d.payee,
    commitment: hexOf(d.commitment),
    statsCommitment: hexOf(d.statsCommitment),
    numRows: d.numRows,
    salt: hexOf(d.salt),
    ephemeralKey: { x: hexOf(d.ephemeralKey.x), y: hexOf(d.ephemeralKey.y) },
    ciphertext: d.ciphertext.map(hexOf),
    proof: d.proof,
  };
  writeFileAtomic(path, JSON.stringify(json, null, 2) + '\n', { mode: 0o600 });
}

/**
 * Reads and checks a pending-delivery file.
 * @throws InputError `FILE_NOT_FOUND`, `BAD_DELIVERY_FILE`
 */
export function readPendingDelivery(path: string): PendingDelivery {
  if (!existsSync(path)) throw new InputError('FILE_NOT_FOUND', `Delivery file ${path} does not exist: it is written when registering; deliver from the machine and folder that registered.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError('BAD_DELIVERY_FILE', `${path} is not valid JSON; it was damaged after registering.`);
  }
  const parsed = pendingDeliverySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError('BAD_DELIVERY_FILE', `${path} is not a delivery file: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown problem'}.`);
  }
  const j = parsed.data;
  return {
    chainId: j.chainId,
    contract: getAddress(j.contract),
    roundId: BigInt(j.roundId),
    payee: getAddress(j.payee),
    commitment: BigInt(j.commitment),
    statsCommitment: BigInt(j.statsCommitment),
    numRows: j.numRows,
    salt: BigInt(j.salt),
    ephemeralKey: { x: BigInt(j.ephemeralKey.x), y: BigInt(j.ephemeralKey.y) },
    ciphertext: j.ciphertext.map((v) => BigInt(v)),
    proof: j.proof as Hex,
  };
}

/**
 * The default delivery file of `payee`'s registration in round `roundId`, in `dir`:
 * `round-<id>-<chainId>-<contract>-<payee>.delivery.json` (chain, contract and payee in the name:
 * anvil deploys at the same address on every start, and one machine may register several accounts).
 */
export function defaultDeliveryPath(dir: string, chainId: number, contract: Address, roundId: bigint, payee: Address): string {
  return join(dir, `round-${roundId}-${chainId}-${contract.toLowerCase()}-${payee.toLowerCase()}.delivery.json`);
}
