/**
 * The guards every per-row valuation shares: non-empty rows and validation set, the same number
 * of features everywhere, finite numbers, λ > 0.
 */
import { InputError } from '../errors/index.js';
import type { Row, RowValueInput } from './types.js';

/**
 * Checks a {@link RowValueInput} and returns its number of features D.
 * @throws InputError `INPUT_NO_ROWS` (no provider rows, an empty other provider, no validation rows),
 *   `INPUT_FEATURE_MISMATCH` (rows with different D, or D = 0), `INPUT_NOT_A_NUMBER` (NaN or ±∞),
 *   `INPUT_BAD_LAMBDA` (λ ≤ 0 or not finite: subsets of ≤ D rows make the system singular at λ = 0)
 */
export function checkRowValueInput(input: RowValueInput): number {
  if (input.rows.length === 0) throw new InputError('INPUT_NO_ROWS', 'the provider has no rows to value; give at least one row.');
  if (input.validation.length === 0) throw new InputError('INPUT_NO_ROWS', 'the validation set is empty; give at least one validation row.');
  const d = input.rows[0]!.x.length;
  if (d === 0) throw new InputError('INPUT_FEATURE_MISMATCH', 'rows have no features; every row needs x1..xD with D ≥ 1.');
  const check = (rows: readonly Row[], what: string) => {
    rows.forEach((r, i) => {
      if (r.x.length !== d) {
        throw new InputError('INPUT_FEATURE_MISMATCH', `${what} row ${i + 1} has ${r.x.length} feature(s) but the provider's first row has ${d}; every row needs the same x1..xD.`);
      }
      if (!Number.isFinite(r.y) || r.x.some((v) => !Number.isFinite(v))) {
        throw new InputError('INPUT_NOT_A_NUMBER', `${what} row ${i + 1} has a value that is not a finite number; fix or remove it.`);
      }
    });
  };
  check(input.rows, "the provider's");
  (input.others ?? []).forEach((rows, p) => {
    if (rows.length === 0) throw new InputError('INPUT_NO_ROWS', `other provider ${p + 1} has no rows; leave it out.`);
    check(rows, `other provider ${p + 1}'s`);
  });
  check(input.validation, 'validation');
  if (!(Number.isFinite(input.lambda) && input.lambda > 0)) {
    throw new InputError(
      'INPUT_BAD_LAMBDA',
      `λ must be a positive number for per-row values (got ${input.lambda}): with λ = 0 every subset of at most ${d} row(s) has a singular system. The contract's minimum is λ = 0.01.`,
    );
  }
  return d;
}
