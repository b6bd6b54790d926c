/**
 * Witness of the validation circuit (`noir/validation`): the owner's validation rows, their
 * statistics and the salted commitment the round is created with. Every constraint is checked here
 * first, so bad input is refused with an {@link InputError} before any proving starts.
 */
import type { Barretenberg } from '@aztec/bb.js';
import type { InputMap } from '@noir-lang/noir_js';
import { InputError } from '../errors/index.js';
import { FIELD_MODULUS, toField } from '../protocol/layout.js';
import type { Shape } from '../protocol/shapes/index.js';
import { chunk } from './commitment.js';
import type { FixedRow } from './model.js';
import { validationCommitment } from './stats-commitment.js';

/** The public values of a validation proof (circuit order). */
export interface ValidationPublicValues {
  /** The statistics commitment of the rows (`validationCommitment`). */
  statsCommitment: bigint;
  /** m, the number of validation rows (1..N_VAL). */
  numRows: number;
}

/** Everything to prove a validation set. */
export interface ValidationWitness {
  inputs: InputMap;
  publicValues: ValidationPublicValues;
}

/**
 * Refuses what the validation circuit of `shape` would: 1 ≤ m ≤ N_VAL rows of D features, every
 * value within the shape's range, a field-element salt.
 * @throws InputError
 */
export function checkValidationInput(rows: readonly FixedRow[], salt: bigint, shape: Shape): void {
  if (rows.length < 1) throw new InputError('EMPTY_VALIDATION', 'The validation set has no rows.');
  if (rows.length > shape.nVal) throw new InputError('TOO_MANY_ROWS', `${rows.length} validation rows, but shape ${shape.name} holds at most ${shape.nVal}.`);
  rows.forEach((row, i) => {
    if (row.x.length !== shape.d) throw new InputError('BAD_COLUMNS', `Validation row ${i + 1}: expected ${shape.d} feature(s) (shape ${shape.name}), got ${row.x.length}.`);
    for (const v of [...row.x, row.y]) {
      if (v > shape.maxAbsData || v < -shape.maxAbsData) {
        throw new InputError('INPUT_OUT_OF_RANGE', `Validation row ${i + 1}: value ${v} (fixed point ·10^4) is outside |V| ≤ ${shape.maxAbsData}, the data range of shape ${shape.name}. Rescale the data.`);
      }
    }
  });
  if (salt < 0n || salt >= FIELD_MODULUS) throw new InputError('BAD_SALT', 'The validation salt must be a field element (0 ≤ salt < p).');
}

/** The witness of the validation circuit of `shape` for `rows` and `salt`. @throws InputError */
export async function buildValidationWitness(api: Barretenberg, rows: readonly FixedRow[], salt: bigint, shape: Shape): Promise<ValidationWitness> {
  checkValidationInput(rows, salt, shape);
  const f = (v: bigint) => toField(v).toString();
  const statsCommitment = await validationCommitment(api, rows, salt, shape.d);
  const inputs: InputMap = {
    stats_commitment: f(statsCommitment),
    num_rows: String(rows.length),
    rows: chunk(rows, shape.ncv, shape).map((slots) =>
      slots.map((slot) => (slot ? { present: '1', x: slot.x.map(f), y: f(slot.y) } : { present: '0', x: new Array<string>(shape.d).fill('0'), y: '0' })),
    ),
    salt: f(salt),
  };
  return { inputs, publicValues: { statsCommitment, numRows: rows.length } };
}

/** The public inputs in circuit order (stats_commitment, num_rows). */
export function validationPublicInputVector(v: ValidationPublicValues): bigint[] {
  return [v.statsCommitment, BigInt(v.numRows)];
}
