/**
 * Running sufficient statistics of a set of rows for ridge regression with D features:
 * n, Σx, Σy, Σxxᵀ, Σxy. Rows are added (or removed) one at a time or whole sets at once, so a
 * Monte Carlo walk along a permutation, or a Gray-code walk over subsets, costs O(D²) per row.
 */
export class RowStats {
  readonly d: number;
  n = 0;
  sy = 0;
  readonly sx: Float64Array;
  /** Row-major D×D. */
  readonly sxx: Float64Array;
  readonly sxy: Float64Array;

  constructor(d: number) {
    this.d = d;
    this.sx = new Float64Array(d);
    this.sxx = new Float64Array(d * d);
    this.sxy = new Float64Array(d);
  }

  /** Adds one row (features `x`, label `y`). */
  add(x: ArrayLike<number>, y: number): this {
    const d = this.d;
    this.n += 1;
    this.sy += y;
    for (let j = 0; j < d; j++) {
      const xj = x[j]!;
      this.sx[j]! += xj;
      this.sxy[j]! += xj * y;
      for (let k = 0; k < d; k++) this.sxx[j * d + k]! += xj * x[k]!;
    }
    return this;
  }

  /** Removes one row that was added before (features `x`, label `y`). */
  remove(x: ArrayLike<number>, y: number): this {
    const d = this.d;
    this.n -= 1;
    this.sy -= y;
    for (let j = 0; j < d; j++) {
      const xj = x[j]!;
      this.sx[j]! -= xj;
      this.sxy[j]! -= xj * y;
      for (let k = 0; k < d; k++) this.sxx[j * d + k]! -= xj * x[k]!;
    }
    return this;
  }

  /** Adds every row summarised by `other`. */
  addAll(other: RowStats): this {
    this.n += other.n;
    this.sy += other.sy;
    for (let j = 0; j < this.d; j++) {
      this.sx[j]! += other.sx[j]!;
      this.sxy[j]! += other.sxy[j]!;
    }
    for (let j = 0; j < this.sxx.length; j++) this.sxx[j]! += other.sxx[j]!;
    return this;
  }

  /** Makes this a copy of `other` (same D). */
  copyFrom(other: RowStats): this {
    this.n = other.n;
    this.sy = other.sy;
    this.sx.set(other.sx);
    this.sxx.set(other.sxx);
    this.sxy.set(other.sxy);
    return this;
  }
}
