import type { TrainingSet, ValidationSet, Sample } from '../data/csv.js';
import { rowsOf } from '../data/csv.js';
import { toFixed } from '../data/fixed-point.js';
import { InputError } from '../errors.js';
import type { FixedRow } from '../circuit/model.js';
import type { RoundData } from '../circuit/witness.js';
import { INPUT_SCALE } from '../protocol/layout.js';
import type { Salts } from './salts.js';

/** Fixed-point rows (scale 10^4) of parsed CSV samples. */
export function fixedRows(samples: readonly Sample[]): FixedRow[] {
  return samples.map((s) => ({ x: s.x.map((v) => toFixed(v.raw, INPUT_SCALE)), y: toFixed(s.y.raw, INPUT_SCALE) }));
}

/** λ as Λ = λ·10^4 from a decimal string (λ ≥ 0). */
export function lambdaFixed(lambda: string): bigint {
  const fixed = toFixed(lambda, INPUT_SCALE);
  if (fixed < 0n) throw new InputError('LAMBDA_OUT_OF_RANGE', `λ must be ≥ 0, got ${lambda}.`);
  return fixed;
}

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
