/**
 * Per-row values of one provider of a training CSV, for `zkml value --rows`: the provider's rows
 * are valued against the validation set, with the other providers' rows as the context (Owen
 * values: they add up to the provider's Shapley value) unless `alone` is set.
 */
import { InputError } from '../errors.js';
import type { TrainingSet, ValidationSet } from '../data/csv.js';
import { estimateRowValues } from './estimate-row-values.js';
import type { EstimateOptions, Row, RowValueEstimate } from './types.js';

/** One valued row of the provider. */
export interface ValuedRow {
  /** 1-based line in the training CSV. */
  line: number;
  x: number[];
  y: number;
  value: number;
  standardError: number;
}

/** The provider's rows with their values, and the estimate they come from. */
export interface ProviderRowValues {
  provider: string;
  /** Whether the other providers' rows were the context (false: the rows were valued alone). */
  withOthers: boolean;
  rows: ValuedRow[];
  estimate: RowValueEstimate;
}

/**
 * Values every row of `provider` in `training` (see the module comment).
 * @param lambda λ > 0 in real units
 * @throws InputError `INPUT_UNKNOWN_PROVIDER` for a provider not in the file, and as {@link estimateRowValues}
 */
export function providerRowValues(
  training: TrainingSet,
  validation: ValidationSet,
  provider: string,
  lambda: number,
  options: EstimateOptions & { alone?: boolean } = {},
): ProviderRowValues {
  if (!training.providers.includes(provider)) {
    throw new InputError('INPUT_UNKNOWN_PROVIDER', `${training.file} has no provider ${JSON.stringify(provider)}; its providers are ${training.providers.join(', ')}.`);
  }
  const toRow = (r: { x: { value: number }[]; y: { value: number } }): Row => ({ x: r.x.map((v) => v.value), y: r.y.value });
  const own = training.rows.filter((r) => r.provider === provider);
  const withOthers = !options.alone && training.providers.length > 1;
  const others = withOthers ? training.providers.filter((p) => p !== provider).map((p) => training.rows.filter((r) => r.provider === p).map(toRow)) : undefined;
  const { alone: _alone, ...estimateOptions } = options;
  const estimate = estimateRowValues({ rows: own.map(toRow), ...(others ? { others } : {}), validation: validation.rows.map(toRow), lambda }, estimateOptions);
  return {
    provider,
    withOthers,
    rows: own.map((r, i) => ({ line: r.line, x: r.x.map((v) => v.value), y: r.y.value, value: estimate.values[i]!, standardError: estimate.standardErrors[i]! })),
    estimate,
  };
}
