/**
 * Shape and public-input layout of the registration circuit (`noir/register`), mirroring
 * `noir/register/src/params.nr` (`test/vitest/circuit/register.test.ts` compares them with the
 * compiled circuit's ABI). The shipped shape is k8d1n128: D = 1, N_TRAIN = 128.
 */
import { D, N_TRAIN } from '../protocol/layout.js';
import { MAX_ABS_DATA } from '../circuit/params.js';

/** Capacity of one registration: the rows a single provider may deliver. */
export interface RegisterShape {
  /** Features per row. */
  d: number;
  /** Bits of a packed row: 1 + 35·(D + 1). */
  rowBits: number;
  /** Rows per field element: floor(253 / ROW_BITS). */
  p: number;
  /** Rows per chunk (one Poseidon2 absorb): 3P. */
  r: number;
  /** Most rows one provider can hold: all of the round's training rows. */
  nTrain: number;
  /** Chunks one provider can fill: ceil(N_TRAIN / R). */
  ncp: number;
  /** Ciphertext elements: 3·NCP packed chunk elements, then the salt. */
  c: number;
  /** Largest |V| of a data value at scale 10^4 (the circuit checks −M ≤ V ≤ M). */
  maxAbsData: bigint;
}

/** The registration shape for `d` features and `nTrain` training rows. */
export function registerShape(d: number, nTrain: number): RegisterShape {
  const rowBits = 1 + 35 * (d + 1);
  const p = Math.floor(253 / rowBits);
  const r = 3 * p;
  const ncp = Math.ceil(nTrain / r);
  return { d, rowBits, p, r, nTrain, ncp, c: 3 * ncp + 1, maxAbsData: MAX_ABS_DATA };
}

/** The shipped shape k8d1n128 (D = 1, N_TRAIN = 128: NCP = 15, C = 46). */
export const REGISTER_SHAPE: RegisterShape = registerShape(D, N_TRAIN);

/** Public inputs of the registration circuit, in circuit order (DESIGN.md). */
export const registerPublicInputs = (shape: RegisterShape = REGISTER_SHAPE) =>
  [
    { name: 'context', length: 1, doc: 'keccak256(abi.encode(chainId, contract, roundId)) mod p' },
    { name: 'payee', length: 1, doc: 'the registering address (msg.sender) as uint160' },
    { name: 'commitment', length: 1, doc: 'the provider commitment, as noir/zkml recomputes it' },
    { name: 'num_rows', length: 1, doc: 'rows delivered, 1..N_TRAIN' },
    { name: 'owner_key_x', length: 1, doc: "x of the round owner's Grumpkin encryption key" },
    { name: 'owner_key_y', length: 1, doc: "y of the round owner's Grumpkin encryption key" },
    { name: 'ephemeral_key_x', length: 1, doc: 'x of the ephemeral key E = e·G' },
    { name: 'ephemeral_key_y', length: 1, doc: 'y of the ephemeral key E = e·G' },
    { name: 'ciphertext', length: shape.c, doc: 'packed chunk elements (3·NCP, 0 past the used chunks) then the salt, each plus its key-stream element' },
  ] as const;

/** Number of public inputs: 8 + C (54 for k8d1n128). */
export const registerPublicInputCount = (shape: RegisterShape = REGISTER_SHAPE) => 8 + shape.c;

/** Index of the first element of `name` in the flat public-input vector (ciphertext: 8). */
export function registerPublicInputOffset(name: string, shape: RegisterShape = REGISTER_SHAPE): number {
  let offset = 0;
  for (const f of registerPublicInputs(shape)) {
    if (f.name === name) return offset;
    offset += f.length;
  }
  throw new RangeError(`unknown registration public input ${name}`);
}
