/**
 * The demo's data: which rows each provider registers and which the owner validates on, and the
 * shipped shape (by name) whose round holds them.
 *
 * - `weather` (the default): a round at real scale from the shipped NOAA table
 *   (ts/data/tables/weather.csv: daily readings of Seattle and New York, 2012–2015, a U.S.
 *   Government work, public domain; see ts/data/tables/README.md). Provider p holds
 *   {@link WEATHER_ROWS_PER_PROVIDER} seeded days of one station-year (Seattle 2012, New York 2012,
 *   Seattle 2013, …), x1 = temp_min, y = temp_max (°C); the owner validates on
 *   {@link WEATHER_VALIDATION_ROWS} held-out days of all eight station-years. Shape
 *   {@link WEATHER_SHAPE_NAME} (D = 1, |x|, |y| ≤ 10^5, at most 512 rows per provider).
 * - `synthetic`: the paper's data, y = 2x + 1 + 0.1·N(0,1) with x ~ U(0,1), 100 training rows dealt
 *   round-robin and 32 validation rows, on the paper's shape {@link DEFAULT_SHAPE_NAME}.
 *
 * The poisoned provider (if any) has its labels reversed, y → −y, in both kinds. Same arguments →
 * same rows.
 */
import type { FixedRow } from '../circuit/index.js';
import { type TrainingRow, type TrainingSet, type ValidationSet, checkDataRange, fixedRows, generateSynthetic, rowsOf, weatherRound } from '../data/index.js';
import { InputError } from '../errors/index.js';
import { DEFAULT_SHAPE_NAME, type Shape, describeShape, shapeByName, shapeFits, summarize } from '../protocol/index.js';

/** The demo's data sets. */
export const DEMO_DATA_KINDS = ['weather', 'synthetic'] as const;
/** One of {@link DEMO_DATA_KINDS}. */
export type DemoDataKind = (typeof DEMO_DATA_KINDS)[number];

/** The shipped shape of the weather round: D = 1 at real scale (8 × 512 rows, |x|, |y| ≤ 10^5). */
export const WEATHER_SHAPE_NAME = 'k8d1n4096p512e5';
/** Rows each provider of the weather round registers (a seeded sample of its station-year). */
export const WEATHER_ROWS_PER_PROVIDER = 300;
/** The owner's validation rows of the weather round (held-out days of every station-year). */
export const WEATHER_VALIDATION_ROWS = 400;

/** What the poisoned provider's labels went through. */
export const POISON_MODE = 'labels reversed, y → −y';

/** The demo's data: a training set (as the CSV loader returns it), the validation set, their fixed-point rows and the round's shape. */
export interface DemoData {
  kind: DemoDataKind;
  /** The shipped shape whose round holds the data. */
  shape: Shape;
  /** The model or table the rows come from, in words. */
  model: string;
  /** Where the rows come from and under which licence, in words. */
  source: string;
  /** Every provider's rows, poisoned labels included (what `training.csv` holds). */
  training: TrainingSet;
  validation: ValidationSet;
  /** Each provider's rows at the circuits' fixed point (scale 10^4), aligned with `training.providers`. */
  providerRows: FixedRow[][];
  validationRows: FixedRow[];
  /** What each provider holds in words (e.g. `Seattle 2012`), aligned with `training.providers`. */
  holds: string[];
  /** The poisoned provider (0-based) and how, or null. */
  poisoned: { provider: number; mode: string } | null;
}

/** y → −y of a decimal cell, as written (0 stays as written). */
function negated(v: TrainingRow['y']): TrainingRow['y'] {
  if (v.value === 0) return v;
  return { raw: v.raw.startsWith('-') ? v.raw.slice(1) : `-${v.raw}`, value: -v.value };
}

function weatherData(seed: number, providers: number, poisoned: number): Omit<DemoData, 'providerRows' | 'validationRows' | 'shape'> {
  const round = weatherRound({ providers, trainingRows: providers * WEATHER_ROWS_PER_PROVIDER, validationRows: WEATHER_VALIDATION_ROWS, seed, features: 1 });
  const poisonedName = poisoned > 0 ? round.training.providers[poisoned - 1] : undefined;
  const rows = round.training.rows.map((r) => (r.provider === poisonedName ? { ...r, y: negated(r.y) } : r));
  return {
    kind: 'weather',
    model: 'daily NOAA weather, y = temp_max, x = temp_min (°C)',
    source: 'ts/data/tables/weather.csv (NOAA Climate Data Online via vega-datasets 3.2.1; a U.S. Government work, public domain)',
    training: { ...round.training, file: `demo-weather-training(seed=${seed})`, rows },
    validation: { ...round.validation, file: `demo-weather-validation(seed=${seed})` },
    holds: round.stationYears.map((s) => `${s.location} ${s.year}`),
    poisoned: poisoned > 0 ? { provider: poisoned - 1, mode: POISON_MODE } : null,
  };
}

function syntheticData(seed: number, providers: number, poisoned: number): Omit<DemoData, 'providerRows' | 'validationRows' | 'shape'> {
  const data = generateSynthetic({ seed, providers, ...(poisoned > 0 ? { poison: { provider: poisoned - 1, mode: 'reverse' as const } } : {}) });
  return {
    kind: 'synthetic',
    model: 'y = 2x + 1 + 0.1·N(0,1), x ~ U(0,1)',
    source: "the paper's synthetic data, generated from the seed (ts/data/synthetic.ts)",
    training: data.training,
    validation: data.validation,
    holds: data.sizes.map((n) => `${n} synthetic rows`),
    poisoned: poisoned > 0 ? { provider: poisoned - 1, mode: POISON_MODE } : null,
  };
}

/**
 * The demo's data of `kind` (see the module comment): `providers` providers, the `poisoned`-th
 * (1-based; 0 for none) with reversed labels, split by `seed`; checked to fit its shape.
 * @throws InputError `INPUT_BAD_OPTION` for an unknown kind, a provider count the data or the shape
 *   cannot hold, or a poisoned index out of range; `DATA_OUT_OF_RANGE` for values outside the shape's range
 */
export function demoData(kind: DemoDataKind, seed: number, providers: number, poisoned: number): DemoData {
  if (!(DEMO_DATA_KINDS as readonly string[]).includes(kind)) throw new InputError('INPUT_BAD_OPTION', `the demo's data is one of ${DEMO_DATA_KINDS.join(', ')}, got ${JSON.stringify(kind)}.`);
  if (!Number.isInteger(poisoned) || poisoned < 0 || poisoned > providers) throw new InputError('INPUT_BAD_OPTION', `the poisoned provider must be from 1 to ${providers} (or 0 for none), got ${poisoned}.`);
  const shape = shapeByName(kind === 'weather' ? WEATHER_SHAPE_NAME : DEFAULT_SHAPE_NAME);
  if (!Number.isInteger(providers) || providers < 1 || providers > shape.k) {
    throw new InputError('INPUT_BAD_OPTION', `the ${kind} round's shape ${shape.name} holds 1 to ${shape.k} providers, got ${providers}.`);
  }
  const data = kind === 'weather' ? weatherData(seed, providers, poisoned) : syntheticData(seed, providers, poisoned);
  const providerRows = data.training.providers.map((name) => fixedRows(rowsOf(data.training, name)));
  const validationRows = fixedRows(data.validation.rows);
  const summary = summarize(providerRows, validationRows);
  if (!shapeFits(shape, summary)) {
    throw new InputError(
      'INPUT_BAD_OPTION',
      `the ${kind} data (${summary.providers} providers, ${summary.trainRows} rows, at most ${summary.maxProviderRows} per provider, ${summary.validationRows} validation rows) does not fit its shape ${describeShape(shape)} with ${shape.nVal} validation rows.`,
    );
  }
  providerRows.forEach((rows, i) => checkDataRange(rows, shape, { whose: 'the range', where: data.training.providers[i] }));
  checkDataRange(validationRows, shape, { whose: 'the range', where: 'the validation rows' });
  return { ...data, shape, providerRows, validationRows };
}
