import type { TrainingSet, ValidationSet } from '../data/csv.js';
import { rowsOf } from '../data/csv.js';
import { fixedRows, lambdaFixed } from '../data/fixed-rows.js';
import { InputError } from '../errors/index.js';
import type { RoundData } from '../circuit/witness.js';
import type { Salts } from './salts.js';

/**
 * The round to prove from parsed CSVs: providers in order of first appearance (their slots, and
 * the order they must register in), each with its salt and payout address.
 */
export function roundFromDatasets(
  training: TrainingSet,
  validation: ValidationSet,
  opts: { lambda: string; context: bigint; salts: Salts; payees: Record<string, bigint> },
): RoundData {
  // Any feature count a shipped shape has; which shape holds the round is chosen by `smallestShapeFor`.
  if (training.d !== validation.d) {
    throw new InputError('BAD_COLUMNS', `${training.file} has ${training.d} feature column(s) but ${validation.file} has ${validation.d}; both need the same features.`);
  }
  return {
    providers: training.providers.map((name) => ({
      name,
      rows: fixedRows(rowsOf(training, name)),
      salt: opts.salts.providers[name]!,
      payee: opts.payees[name]!,
    })),
    validation: { rows: fixedRows(validation.rows), salt: opts.salts.validation },
    lambda: lambdaFixed(opts.lambda),
    context: opts.context,
  };
}
