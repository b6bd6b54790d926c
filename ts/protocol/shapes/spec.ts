/**
 * What a circuit shape is: (K, D, N_TRAIN, N_PROVIDER, N_VAL, data range) and every quantity
 * derived from it (packing, chunks, ciphertext length). {@link makeShape} (`./make-shape.ts`)
 * builds one.
 *
 * A shape is compiled from the one settlement source `noir/zkml` by rewriting `params.nr`
 * (`ts/codegen/params.ts`); the registration circuit `noir/register` uses the same packing,
 * chunking and data range, with room for N_PROVIDER rows (one provider's registration). Names:
 * `k{K}d{D}n{N_TRAIN}`, then `p{N_PROVIDER}` when N_PROVIDER ≠ N_TRAIN, then `e{R}` when the data
 * range |x|, |y| ≤ 10^R was given explicitly (`k8d1n4096p512e5`).
 */

/** What defines a shape. */
export interface ShapeSpec {
  /** Provider slots K (2^K coalitions are evaluated). */
  k: number;
  /** Features D. */
  d: number;
  /**
   * The round's training-row capacity: all providers together, in any split with at most
   * {@link nProvider} rows each (the settlement circuit's N_TRAIN; the bounds use it).
   */
  nTrain: number;
  /**
   * Most rows one provider can register: the registration circuit's row capacity (N_PROVIDER),
   * 1 ≤ nProvider ≤ nTrain (nTrain for the shapes where one provider may hold every row).
   */
  nProvider: number;
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
  /** `k{K}d{D}n{N_TRAIN}[p{N_PROVIDER}][e{R}]` (see the module comment). */
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
  /** Chunks one provider can hold: ceil(nProvider / R). */
  ncp: number;
  /** Registration ciphertext length 3·NCP + 1. */
  ciphertextLength: number;
  /** Entries of the upper triangle of a D×D matrix, D(D+1)/2. */
  nq: number;
  /**
   * The N the settlement circuit's bit widths are derived at (`shapeBounds`), ≥ nTrain: nTrain for
   * a shape whose range was chosen for it; for a shape with an explicit range (`e{R}`), the largest
   * round that range allows at (K, D, M) (`maxRowsForRange`), so that shapes differing only in N have
   * the same widths and the same settlement gates.
   */
  widthRows: number;
}

