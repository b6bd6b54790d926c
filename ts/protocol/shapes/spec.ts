/**
 * What a circuit shape is: (K, D, N_TRAIN, N_VAL, data range) and every quantity derived from it
 * (packing, chunks, ciphertext length). {@link makeShape} (`./make-shape.ts`) builds one.
 *
 * A shape is compiled from the one settlement source `noir/zkml` by rewriting `params.nr`
 * (`ts/codegen/params.ts`); the registration circuit `noir/register` uses the same packing,
 * chunking and data range. Names: `k{K}d{D}n{N_TRAIN}`.
 */

/** What defines a shape. */
export interface ShapeSpec {
  /** Provider slots K (2^K coalitions are evaluated). */
  k: number;
  /** Features D. */
  d: number;
  /** Maximum training rows, in any split among the providers (one provider may hold all). */
  nTrain: number;
  /** Maximum validation rows. */
  nVal: number;
  /**
   * Data range of the shape, fixed point: every feature and label V = round(v·10^4) satisfies
   * |V| ≤ maxAbsData (both circuits check it exactly). 10^10 (|x|, |y| ≤ 10^6) unless the shape's
   * exact-arithmetic bounds need a tighter range (`./bounds.ts`, noir/README.md).
   */
  maxAbsData: bigint;
}

/** A shape with every derived quantity. */
export interface Shape extends ShapeSpec {
  /** `k{K}d{D}n{N_TRAIN}`. */
  name: string;
  /** 2^K coalitions. */
  ns: number;
  /** Bits of a packed row: 1 + 35·(D + 1). */
  rowBits: number;
  /** Rows per field element: floor(253 / rowBits). */
  p: number;
  /** Rows per chunk (one Poseidon2 absorb of three field elements): 3P. */
  r: number;
  /** Settlement training chunks: any split of nTrain rows among k providers fits. */
  nc: number;
  /** Validation chunks: ceil(nVal / R). */
  ncv: number;
  /** Chunks one provider can hold (it may hold every row): ceil(nTrain / R). */
  ncp: number;
  /** Registration ciphertext length 3·NCP + 1. */
  ciphertextLength: number;
  /** Entries of the upper triangle of a D×D matrix, D(D+1)/2. */
  nq: number;
}

