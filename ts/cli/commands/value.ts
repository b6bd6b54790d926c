/**
 * `zkml value`: trains and computes every provider's Shapley value off-chain (exactly the numbers
 * the circuit proves); `--rows` adds per-row values within one provider's data (exact for small
 * providers, else estimated; not proven) for a provider deciding what to register.
 */
import { valuate } from '../../circuit/index.js';
import { fixedRows, fromFixed, lambdaFixed, loadDatasets, rowsOf } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { MODEL_SCALE, VALUE_SCALE, rangeText, shapeByName } from '../../protocol/index.js';
import { rowValueChartSvg } from '../../report/index.js';
import { Progress, parseArgs, table } from '../../terminal/index.js';
import { DEFAULT_MAX_PERMUTATIONS, DEFAULT_RELATIVE_TOLERANCE, providerRowValues } from '../../valuation/index.js';
import { writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { decimalString } from '../output.js';
import { chooseShape, shapeChoiceLine, shapeFlag } from './shape-flag.js';

const flags = {
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'training CSV: provider,x1..xd,y' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'validation CSV: x1..xd,y' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ (default 0.01, the contract\'s minimum)' },
  rows: { type: 'string', placeholder: 'PROVIDER', description: "also value each row of this provider within its block (exact for small providers, else seeded stratified Monte Carlo; they add up to its Shapley value; not proven)" },
  alone: { type: 'boolean', description: 'with --rows: value the rows as the provider\'s own game, without the other providers' },
  seed: { type: 'integer', placeholder: 'N', description: 'with --rows (Monte Carlo): seed of the permutations (default 1)' },
  tolerance: { type: 'string', placeholder: 'T', description: `with --rows (Monte Carlo): stop when every standard error ≤ T·max|value| (default ${DEFAULT_RELATIVE_TOLERANCE})` },
  'max-permutations': { type: 'integer', placeholder: 'N', description: `with --rows (Monte Carlo): stop after N permutations regardless (default ${DEFAULT_MAX_PERMUTATIONS})` },
  chart: { type: 'string', placeholder: 'FILE.svg', description: 'with --rows: write a chart of the row values (SVG)' },
  ...shapeFlag,
  quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
} as const;

/** The provider-level result of `zkml value` (fixed-point values as decimal strings). */
export interface ValueResult {
  /** The shape chosen (the smallest that fits the data, or --shape), with its data range. */
  shape: { name: string; k: number; d: number; nTrain: number; range: string; chosen: 'smallest' | '--shape' };
  providers: { name: string; rows: number; shapley: string }[];
  model: { w: string[]; b: string };
  trainLoss: string;
  lambda: string;
}

/** Trains and values off-chain (no proof): exactly the numbers the circuit would prove. */
export function computeValues(dataPath: string, validationPath: string, lambda = '0.01', shapeName?: string): ValueResult {
  const { training, validation } = loadDatasets(dataPath, validationPath);
  const providers = training.providers.map((name) => fixedRows(rowsOf(training, name)));
  const validationRows = fixedRows(validation.rows);
  // --shape, else the smallest shipped shape that holds the data: the numbers are exactly what it would prove.
  const shape = chooseShape(shapeName, providers, validationRows);
  const v = valuate(providers, validationRows, lambdaFixed(lambda), shape, training.providers);
  return {
    shape: {
      name: shape.name,
      k: shape.k,
      d: shape.d,
      nTrain: shape.nTrain,
      range: rangeText(shape.maxAbsData),
      chosen: shapeName === undefined ? 'smallest' : '--shape',
    },
    providers: training.providers.map((name, i) => ({ name, rows: providers[i]!.length, shapley: fromFixed(v.shapley[i]!, VALUE_SCALE) })),
    model: { w: v.model.w.map((w) => fromFixed(w, MODEL_SCALE)), b: fromFixed(v.model.b, MODEL_SCALE) },
    trainLoss: fromFixed(v.trainLoss, VALUE_SCALE),
    lambda,
  };
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, { command: 'zkml value' });
  const lambda = f.lambda ?? '0.01';
  const result: ValueResult & { rowValues?: RowValuesResult } = computeValues(f.data, f.validation, lambda, f.shape);
  const rowOnly = [f.alone && 'alone', f.seed !== undefined && 'seed', f.tolerance !== undefined && 'tolerance', f['max-permutations'] !== undefined && 'max-permutations', f.chart !== undefined && 'chart'].filter(Boolean);
  if (f.rows === undefined) {
    if (rowOnly.length > 0) throw new InputError('ARGS_CONFLICT', `zkml value: --${rowOnly[0]} needs --rows PROVIDER.`);
    return result;
  }
  const tolerance = f.tolerance !== undefined ? Number(f.tolerance) : DEFAULT_RELATIVE_TOLERANCE;
  if (!(tolerance > 0 && tolerance < 1)) throw new InputError('ARGS_BAD_VALUE', `--tolerance must be a number between 0 and 1, got ${f.tolerance}.`);
  const { training, validation } = loadDatasets(f.data, f.validation);
  // Checked before the progress line starts, so the refusal is the only line on stderr.
  if (!training.providers.includes(f.rows)) {
    throw new InputError('INPUT_UNKNOWN_PROVIDER', `${training.file} has no provider ${JSON.stringify(f.rows)}; its providers are ${training.providers.join(', ')}.`);
  }
  const progress = new Progress({ quiet: f.quiet });
  const step = progress.start(`valuing the rows of ${f.rows}`);
  let rv: ReturnType<typeof providerRowValues>;
  try {
    rv = providerRowValues(training, validation, f.rows, Number(lambda), {
      seed: f.seed ?? 1,
      relativeTolerance: tolerance,
      ...(f['max-permutations'] !== undefined ? { maxPermutations: f['max-permutations'] } : {}),
      ...(f.alone ? { alone: true } : {}),
    });
  } catch (err) {
    step.fail();
    throw err;
  }
  const mc = rv.estimate;
  // The Monte Carlo flags given to an exact enumeration change nothing: say so rather than ignore them.
  const unused = mc ? [] : (['seed', 'tolerance', 'max-permutations'] as const).filter((k) => f[k] !== undefined).map((k) => `--${k}`);
  const note = unused.length > 0 ? `exact enumeration: ${unused.length === 1 ? `${unused[0]} does` : `${unused.slice(0, -1).join(', ')} and ${unused.at(-1)} do`} not apply (they tune the Monte Carlo estimate of larger providers)` : undefined;
  step.done(mc ? `Monte Carlo, ${mc.permutations} permutations${mc.converged ? '' : ', not converged'}` : 'exact');
  if (f.chart !== undefined) {
    const svg = rowValueChartSvg({
      title: `Row values of ${f.rows}${rv.withOthers ? ' (with the other providers)' : ''}`,
      labels: rv.rows.map((r) => `line ${r.line}`),
      values: rv.rows.map((r) => r.value),
      errors: rv.rows.map((r) => 1.96 * r.standardError),
      yLabel: 'value (validation loss removed)',
    });
    writeFileSync(f.chart, svg);
    progress.info(`wrote ${f.chart}`);
  }
  result.rowValues = {
    provider: f.rows,
    withOthers: rv.withOthers,
    game: rv.game,
    method: rv.method,
    sum: decimalString(rv.sum, 8),
    sumIs: rv.withOthers ? `the Shapley value of ${f.rows}` : `v(all rows of ${f.rows}), its value alone`,
    shapley: result.providers.find((p) => p.name === f.rows)!.shapley,
    ...(note ? { note } : {}),
    ...(mc ? { seed: mc.seed, permutations: mc.permutations, converged: mc.converged, maxStandardError: decimalString(mc.maxStandardError, 3), criterion: mc.criterion } : {}),
    rows: rv.rows.map((r) => ({ line: r.line, value: decimalString(r.value, 8), standardError: decimalString(r.standardError, 3) })),
  };
  return result;
}

/** `rowValues` of `zkml value --rows` (values as decimal strings; the Monte Carlo fields only for `method: 'monte-carlo'`). */
export interface RowValuesResult {
  provider: string;
  withOthers: boolean;
  /** The game the values are Shapley values of, in words. */
  game: string;
  method: 'exact' | 'monte-carlo';
  /** Σ of the row values. */
  sum: string;
  /** What `sum` is, in words. */
  sumIs: string;
  /** The provider's Shapley value φ as the circuit computes it (fixed point; `sum` equals it up to rounding with others). */
  shapley: string;
  seed?: number;
  permutations?: number;
  converged?: boolean;
  maxStandardError?: string;
  criterion?: string;
  /** Set when Monte Carlo flags (--seed, --tolerance, --max-permutations) were given to an exact enumeration, where they do not apply. */
  note?: string;
  rows: { line: number; value: string; standardError: string }[];
}

function human(r: ValueResult & { rowValues?: RowValuesResult }): string {
  const total = r.providers.reduce((a, p) => a + Math.max(Number(p.shapley), 0), 0);
  let out =
    table(
      ['provider', 'rows', 'Shapley value', 'share of positive'],
      r.providers.map((p) => [p.name, String(p.rows), p.shapley, total > 0 ? `${((100 * Math.max(Number(p.shapley), 0)) / total).toFixed(2)} %` : '-']),
    ) +
    `\nmodel: y = ${r.model.w.map((w, i) => `${w}·x${i + 1}`).join(' + ')} + ${r.model.b}    training loss: ${r.trainLoss}    λ = ${r.lambda}\n` +
    `${shapeChoiceLine(shapeByName(r.shape.name), r.shape.chosen === '--shape')}\n`;
  if (r.rowValues) {
    const rv = r.rowValues;
    const how =
      rv.method === 'exact'
        ? 'exact'
        : `${rv.permutations} permutations, Monte Carlo: max SE ${rv.maxStandardError}${rv.converged ? ', converged' : ', NOT converged: raise --max-permutations'}`;
    const sum = rv.withOthers
      ? `they add up to ${rv.sum} = φ of ${rv.provider}, its Shapley value (${rv.shapley} above, in the circuit's fixed point)`
      : `they add up to ${rv.sum} = v(all rows of ${rv.provider}), their value alone (not its Shapley value ${rv.shapley})`;
    out += `\nrow values of ${rv.provider} (${how}):\n`;
    out += `game: ${rv.game}; ${sum}\n`;
    if (rv.note) out += `${rv.note}\n`;
    out += table(['CSV line', 'value', '± SE'], rv.rows.map((x) => [String(x.line), x.value, rv.method === 'exact' ? '0 (exact)' : x.standardError])) + '\n';
  }
  return out;
}

/** `zkml value`. */
export const command: Command = {
  name: 'value',
  summary: "train and compute every provider's Shapley value off-chain (--rows: per-row values)",
  examples: [
    'zkml value --data all.csv --validation val.csv --lambda 0.01',
    'zkml value --data all.csv --validation val.csv --rows alice --chart alice-rows.svg',
  ],
  flags,
  run,
  human,
};
