/**
 * Parsed CSV samples to the circuits' fixed point (scale 10^4): the one place rows are converted,
 * once, on their way to a commitment, a registration or a proof.
 */
import type { FixedRow } from '../circuit/model.js';
import { InputError } from '../errors/index.js';
import { INPUT_SCALE } from '../protocol/layout.js';
import type { Sample } from './csv.js';
import { toFixed } from './fixed-point.js';

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
