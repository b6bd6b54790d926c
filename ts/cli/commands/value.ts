import { loadDatasets } from '../../data/csv.js';
import { fromFixed } from '../../data/fixed-point.js';
import { valuate } from '../../circuit/model.js';
import { fixedRows, lambdaFixed } from '../../round/dataset.js';
import { rowsOf } from '../../data/csv.js';
import { MODEL_SCALE, VALUE_SCALE } from '../../protocol/layout.js';
import { parseArgs } from '../../terminal/args.js';
import { table } from '../../terminal/table.js';

export const valueFlags = {
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'training CSV: provider,x1..xd,y' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'validation CSV: x1..xd,y' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ ≥ 0 (default 0: least squares)' },
  json: { type: 'boolean', description: 'print one JSON object instead of a table' },
} as const;

/** The result of `zkml value --json`. */
export interface ValueJson {
  providers: string[];
  w: number[];
  b: number;
  trainLoss: number;
  shapley: number[];
}

/** Trains and values off-chain (no proof): exactly the numbers the circuit would prove. */
export function computeValues(dataPath: string, validationPath: string, lambda = '0'): { json: ValueJson; rows: number[] } {
  const { training, validation } = loadDatasets(dataPath, validationPath);
  const providers = training.providers.map((name) => fixedRows(rowsOf(training, name)));
  const v = valuate(providers, fixedRows(validation.rows), lambdaFixed(lambda), training.providers);
  const num = (x: bigint, scale: bigint) => Number(fromFixed(x, scale));
  return {
    json: {
      providers: training.providers,
      w: [num(v.model.w, MODEL_SCALE)],
      b: num(v.model.b, MODEL_SCALE),
      trainLoss: num(v.trainLoss, VALUE_SCALE),
      shapley: training.providers.map((_, i) => num(v.shapley[i]!, VALUE_SCALE)),
    },
    rows: providers.map((p) => p.length),
  };
}

export function runValue(argv: string[]): void {
  const { flags } = parseArgs(argv, valueFlags, { command: 'zkml value' });
  const { json, rows } = computeValues(flags.data, flags.validation, flags.lambda ?? '0');
  if (flags.json) {
    process.stdout.write(JSON.stringify(json) + '\n');
    return;
  }
  const total = json.shapley.reduce((a, b) => a + Math.max(b, 0), 0);
  process.stdout.write(
    table(
      ['provider', 'rows', 'Shapley value', 'share of positive'],
      json.providers.map((p, i) => [p, String(rows[i]), json.shapley[i]!.toFixed(8), total > 0 ? `${((100 * Math.max(json.shapley[i]!, 0)) / total).toFixed(2)} %` : '-']),
    ) + `\nmodel: y = ${json.w[0]} · x + ${json.b}    training loss: ${json.trainLoss}\n`,
  );
}
