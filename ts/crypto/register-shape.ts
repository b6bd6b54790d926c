/**
 * The registration circuit (`noir/register`) of a settlement shape, and its public-input layout.
 *
 * Every settlement shape (`ts/protocol/shapes/`) has a registration circuit: the one source
 * `noir/register` with `params.nr` rewritten from the shape (`ts/codegen/params.ts`).
 * Its capacity is one provider's share of that shape — D features, up to N_PROVIDER rows (the
 * shape's `nProvider`, at most the round's N_TRAIN) packed and chunked exactly as the settlement
 * circuit packs them, in the shape's data range — so its
 * commitment is bit-for-bit the settlement circuit's. Nothing here is a constant of its own:
 * {@link registerShape} derives every quantity from the settlement {@link Shape} and its bounds.
 * `test/vitest/circuit/register-shapes.test.ts` compares them with each compiled circuit's ABI.
 */
import { shapeBounds, type Shape } from '../protocol/shapes/index.js';

/** The registration circuit's parameters for a settlement shape (the globals of its `params.nr`). */
export interface RegisterShape {
  /** The settlement shape's name, `k{K}d{D}n{N_TRAIN}[p{N_PROVIDER}][e{R}]`. */
  name: string;
  /** Features per row. */
  d: number;
  /** Entries of the upper triangle of a D×D matrix, D(D + 1)/2 (the statistics' ΣXXᵀ). */
  nq: number;
  /** Bits of a packed row: 1 + 35·(D + 1). */
  rowBits: number;
  /** Rows per field element: floor(253 / ROW_BITS). */
  p: number;
  /** Rows per chunk (one Poseidon2 absorb): 3P. */
  r: number;
  /** Most rows one provider can register (N_PROVIDER, the shape's `nProvider`). */
  nProvider: number;
  /** The round's training-row capacity N_TRAIN (for the docs; the circuit uses N_PROVIDER). */
  nTrain: number;
  /** Chunks one provider can fill: ceil(N_PROVIDER / R). */
  ncp: number;
  /** Ciphertext elements: 3·NCP packed chunk elements, then the salt. */
  c: number;
  /** Largest |V| of a data value at scale 10^4 (the circuit checks −M ≤ V ≤ M): the shape's range. */
  maxAbsData: bigint;
  /** Bits of the two-sided data check, 2·M < 2^DATA_BITS (as the settlement circuit's). */
  dataBits: number;
}

/**
 * The registration circuit of `shape` (derived: packing and range from the settlement shape,
 * the data check's width from its bounds).
 * @throws RangeError for a shape whose bounds do not hold (no sound data range)
 */
export function registerShape(shape: Shape): RegisterShape {
  const bounds = shapeBounds(shape);
  if (!bounds.ok) throw new RangeError(`${shape.name}: ${bounds.failures.join('; ')}`);
  return {
    name: shape.name,
    d: shape.d,
    nq: shape.nq,
    rowBits: shape.rowBits,
    p: shape.p,
    r: shape.r,
    nProvider: shape.nProvider,
    nTrain: shape.nTrain,
    ncp: shape.ncp,
    c: shape.ciphertextLength,
    maxAbsData: shape.maxAbsData,
    dataBits: bounds.dataBits,
  };
}

/** Public inputs of the registration circuit of `shape`, in circuit order (noir/README.md, "`register`: the statement"). */
export const registerPublicInputs = (shape: Shape) =>
  [
    { name: 'context', length: 1, doc: 'keccak256(abi.encode(chainId, contract, roundId)) mod p' },
    { name: 'payee', length: 1, doc: 'the registering address (msg.sender) as uint160' },
    { name: 'commitment', length: 1, doc: 'the provider commitment, as noir/zkml recomputes it' },
    { name: 'stats_commitment', length: 1, doc: "commitment to the rows' sufficient statistics, the salt, the payee and the context" },
    { name: 'num_rows', length: 1, doc: 'rows delivered, 1..N_PROVIDER' },
    { name: 'owner_key_x', length: 1, doc: "x of the round owner's Grumpkin encryption key" },
    { name: 'owner_key_y', length: 1, doc: "y of the round owner's Grumpkin encryption key" },
    { name: 'ephemeral_key_x', length: 1, doc: 'x of the ephemeral key E = e·G' },
    { name: 'ephemeral_key_y', length: 1, doc: 'y of the ephemeral key E = e·G' },
    { name: 'ciphertext', length: shape.ciphertextLength, doc: 'packed chunk elements (3·NCP, 0 past the used chunks) then the salt, each plus its key-stream element' },
  ] as const;

/** Number of public inputs: 9 + C (55 for k8d1n128). */
export const registerPublicInputCount = (shape: Shape) => 9 + shape.ciphertextLength;

/** Index of the first element of `name` in the flat public-input vector (ciphertext: 9). */
export function registerPublicInputOffset(name: string, shape: Shape): number {
  let offset = 0;
  for (const f of registerPublicInputs(shape)) {
    if (f.name === name) return offset;
    offset += f.length;
  }
  throw new RangeError(`unknown registration public input ${name}`);
}
