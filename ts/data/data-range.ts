/**
 * The data-range check a provider meets before anything is proven: every feature and label of its
 * rows within the range of the round's shape (|x|, |y| ≤ 10^R). The registration circuit refuses
 * out-of-range rows too, but only after a proof has been started; this names the row, the column,
 * the value and the range, and says how far to rescale.
 */
import type { FixedRow } from '../circuit/model.js';
import { InputError } from '../errors/index.js';
import { INPUT_SCALE } from '../protocol/layout.js';
import { rangeText, rescaleExponent, type Shape } from '../protocol/shapes/index.js';
import { fromFixed } from './fixed-point.js';

/** Options of {@link checkDataRange}. */
export interface DataRangeOptions {
  /** Whose range, in words (default `the round's range`; offline e.g. `the range of the shape`). */
  whose?: string;
  /** Which rows, prefixed to the message (e.g. `validation.csv`). */
  where?: string;
}

/**
 * Refuses rows with a feature or label outside `shape`'s data range, naming the first such value
 * (row numbers from 1, columns x1..xd and y) and the power of ten that brings every value in range.
 * @throws InputError `DATA_OUT_OF_RANGE`
 */
export function checkDataRange(rows: readonly FixedRow[], shape: Pick<Shape, 'name' | 'maxAbsData'>, options: DataRangeOptions = {}): void {
  const limit = shape.maxAbsData;
  let first: { row: number; column: string; value: bigint } | undefined;
  let largest = 0n;
  rows.forEach((r, i) => {
    const cells: [string, bigint][] = [...r.x.map((v, j): [string, bigint] => [`x${j + 1}`, v]), ['y', r.y]];
    for (const [column, value] of cells) {
      const mag = value < 0n ? -value : value;
      if (mag <= limit) continue;
      first ??= { row: i + 1, column, value };
      if (mag > largest) largest = mag;
    }
  });
  if (!first) return;
  const p = rescaleExponent(largest, limit);
  throw new InputError(
    'DATA_OUT_OF_RANGE',
    `${options.where ? `${options.where}: ` : ''}row ${first.row}, column ${first.column}: ${fromFixed(first.value, INPUT_SCALE)} is outside ${options.whose ?? "the round's range"} ${rangeText(limit)} (shape ${shape.name}); ` +
      `rescale the data, e.g. divide by 10^${p} (the largest |value| is ${fromFixed(largest, INPUT_SCALE)}). Nothing was proven or sent.`,
  );
}
