/**
 * The shipped weather table (README.md beside this file): 2,922 daily NOAA readings of two weather
 * stations (Seattle and New York, every day of 2012..2015), byte-identical to `data/weather.csv`
 * of vega-datasets 3.2.1, split deterministically into providers and a validation set in the
 * shapes of ts/data/csv.ts, ready for a round of thousands of rows.
 *
 * - Providers are station-years: provider p holds days of one station in one year, in the order
 *   {@link STATION_YEARS} (Seattle 2012, New York 2012, Seattle 2013, …, New York 2015), so the
 *   default 8 providers are the 8 station-years of the table and 2 providers are both stations in
 *   2012. One station-year is 365 or 366 rows.
 * - Features: `features: 1` (default) is x1 = temp_min, y = temp_max (°C; correlation 0.93 over
 *   the table, the best-correlated pair of its columns); `features: 2` adds x2 = precipitation
 *   (mm), which raises the R² of a least-squares fit from 0.858 to 0.867 (wind: 0.859). Values are
 *   as written in the table: one decimal each, |value| ≤ 10^5 (checked on load).
 * - Split: the training rows (`trainingRows`, spread evenly, the first providers taking one more
 *   where it does not divide) are a seeded sample of each provider's station-year; the validation
 *   rows are a seeded sample of every row of the table not used for training (all 8
 *   station-years). Each provider's rows and the validation rows keep the table's order. Same
 *   options → same split.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvError, parse } from 'csv-parse/sync';
import { InputError, ZkmlError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { seededRandom } from '../seeded-random.js';
import { writeRoundCsv } from './round-csv.js';
import { formatValidationCsv, type DecimalValue, type Sample, type TrainingRow, type TrainingSet, type ValidationSet } from '../csv.js';

/** The shipped table, byte-identical to vega-datasets 3.2.1 `data/weather.csv` (README.md). */
export const WEATHER_CSV_PATH = join(dirname(fileURLToPath(import.meta.url)), 'weather.csv');
/** Its SHA-256 (and the source file's: the two are the same file), as recorded in README.md. */
export const WEATHER_CSV_SHA256 = '27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549';
/** Rows of the table: 2 stations × 1,461 days (2012-01-01..2015-12-31). */
export const WEATHER_ROWS = 2922;
/** The table's header. */
export const WEATHER_COLUMNS = ['location', 'date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'] as const;
/** The stations, as the `location` column names them. */
export const WEATHER_LOCATIONS = ['Seattle', 'New York'] as const;
/** The categories of the `weather` column (synthesised by vega-datasets from NOAA's fields). */
export const WEATHER_CATEGORIES = ['drizzle', 'rain', 'snow', 'sun', 'fog'] as const;
/** The range every reading is checked to lie in on load (inclusive; the table's own extremes are in README.md). */
export const WEATHER_RANGE = { precipitation: [0, 1000], tempMax: [-90, 60], tempMin: [-90, 60], wind: [0, 200] } as const;

/** A station, as the `location` column names it. */
export type WeatherLocation = (typeof WEATHER_LOCATIONS)[number];

/** One station's readings of one year: a provider of {@link weatherRound}. */
export interface StationYear {
  location: WeatherLocation;
  year: number;
}

/** The 8 station-years of the table, in the order providers take them. */
export const STATION_YEARS: readonly StationYear[] = [2012, 2013, 2014, 2015].flatMap((year) => WEATHER_LOCATIONS.map((location) => ({ location, year })));

/** One day of one station; numeric cells as written, with their values. */
export interface WeatherDay {
  /** 1-based line in `weather.csv`. */
  line: number;
  location: WeatherLocation;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Precipitation, mm. */
  precipitation: DecimalValue;
  /** Daily maximum temperature, °C. */
  tempMax: DecimalValue;
  /** Daily minimum temperature, °C. */
  tempMin: DecimalValue;
  /** Wind speed (vega-datasets says km/h; see README.md). */
  wind: DecimalValue;
  /** One of {@link WEATHER_CATEGORIES}. */
  weather: string;
}

/** Options of {@link weatherRound}. */
export interface WeatherRoundOptions {
  /** Providers P, one station-year each (1..8); default 8. */
  providers?: number;
  /** Training rows, spread evenly over the providers (P..the rows of their station-years, at most 2921); default 2000 (250 each at P = 8). */
  trainingRows?: number;
  /** Validation rows (1..2922 − trainingRows); default every row not used for training (922 at the defaults). */
  validationRows?: number;
  /** Seed of the split (0..2^32−1); default 1. */
  seed?: number;
  /** 1: x1 = temp_min (default); 2: x1 = temp_min, x2 = precipitation. y = temp_max. */
  features?: 1 | 2;
}

/** A split of the table, in the shapes the CSV loader returns. */
export interface WeatherRound {
  training: TrainingSet;
  validation: ValidationSet;
  /** Rows per provider, aligned with `training.providers`. */
  sizes: number[];
  /** The station-year of each provider, aligned with `training.providers`. */
  stationYears: StationYear[];
  /** Each provider's rows as 0-based indices into {@link loadWeather}'s list, in table order. */
  providerRows: number[][];
  /** The validation rows as indices into {@link loadWeather}'s list, in table order. */
  validationRows: number[];
}

// At most 4 decimals and 5 integer digits: exact at the 10^4 input scale, |value| < 10^5.
const READING = /^-?\d{1,5}(?:\.\d{1,4})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function corrupt(file: string, what: string): never {
  throw new ZkmlError('TABLE_CORRUPT', `${file}: ${what}. The shipped weather table is damaged; reinstall the package (or restore ts/data/tables/weather.csv).`);
}

function reading(raw: string, [min, max]: readonly [number, number], where: string, file: string): DecimalValue {
  const value = Number(raw);
  if (!READING.test(raw) || value < min || value > max) corrupt(file, `${where} is ${JSON.stringify(raw)}, not a reading from ${min} to ${max} with at most 4 decimals`);
  return { raw, value };
}

function calendarDate(raw: string, where: string, file: string): string {
  const m = DATE.exec(raw);
  const ok = m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === raw;
  if (!ok) corrupt(file, `${where} is ${JSON.stringify(raw)}, not a calendar date YYYY-MM-DD`);
  return raw;
}

/**
 * Parses the text of `weather.csv`: the header {@link WEATHER_COLUMNS}, then one station-day per
 * row: a location of {@link WEATHER_LOCATIONS}, a calendar date, readings in {@link WEATHER_RANGE}
 * with temp_min ≤ temp_max, a category of {@link WEATHER_CATEGORIES}.
 * @throws ZkmlError `TABLE_CORRUPT` naming the line, for any other text
 */
export function parseWeather(text: string, file = WEATHER_CSV_PATH): WeatherDay[] {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true }) as string[][]; // cell counts are checked below, with the line
  } catch (err) {
    if (err instanceof CsvError) corrupt(file, err.message);
    throw err;
  }
  if (records[0]?.join(',') !== WEATHER_COLUMNS.join(',')) corrupt(file, `the header is ${JSON.stringify(records[0]?.join(','))}, not ${WEATHER_COLUMNS.join(',')}`);
  return records.slice(1).map((c, i) => {
    const line = i + 2;
    if (c.length !== WEATHER_COLUMNS.length) corrupt(file, `line ${line} has ${c.length} cells, not ${WEATHER_COLUMNS.length}`);
    const location = c[0]!;
    if (!(WEATHER_LOCATIONS as readonly string[]).includes(location)) corrupt(file, `line ${line} location is ${JSON.stringify(location)}, not one of ${WEATHER_LOCATIONS.join(', ')}`);
    const weather = c[6]!;
    if (!(WEATHER_CATEGORIES as readonly string[]).includes(weather)) corrupt(file, `line ${line} weather is ${JSON.stringify(weather)}, not one of ${WEATHER_CATEGORIES.join(', ')}`);
    const day: WeatherDay = {
      line,
      location: location as WeatherLocation,
      date: calendarDate(c[1]!, `line ${line} date`, file),
      precipitation: reading(c[2]!, WEATHER_RANGE.precipitation, `line ${line} precipitation`, file),
      tempMax: reading(c[3]!, WEATHER_RANGE.tempMax, `line ${line} temp_max`, file),
      tempMin: reading(c[4]!, WEATHER_RANGE.tempMin, `line ${line} temp_min`, file),
      wind: reading(c[5]!, WEATHER_RANGE.wind, `line ${line} wind`, file),
      weather,
    };
    if (day.tempMin.value > day.tempMax.value) corrupt(file, `line ${line} has temp_min ${day.tempMin.raw} above temp_max ${day.tempMax.raw}`);
    return day;
  });
}

/**
 * Checks that rows (as {@link parseWeather} returns them) are the whole table: {@link WEATHER_ROWS} rows, and every day of each of
 * the {@link STATION_YEARS} exactly once. Returns the rows' indices per station-year, in
 * {@link STATION_YEARS} order, each in table order.
 * @throws ZkmlError `TABLE_CORRUPT` otherwise
 */
export function stationYearRows(days: readonly WeatherDay[], file = WEATHER_CSV_PATH): number[][] {
  if (days.length !== WEATHER_ROWS) corrupt(file, `it has ${days.length} rows, not ${WEATHER_ROWS}`);
  const blocks = STATION_YEARS.map(() => [] as number[]);
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const block = STATION_YEARS.findIndex((s) => s.location === d.location && String(s.year) === d.date.slice(0, 4));
    if (block < 0) corrupt(file, `line ${d.line} is ${d.location} on ${d.date}, outside the station-years 2012..2015`);
    const key = `${d.location} ${d.date}`;
    if (seen.has(key)) corrupt(file, `line ${d.line} repeats ${key}`);
    seen.add(key);
    blocks[block]!.push(i);
  });
  // Every day is a calendar date (parseWeather) of one of the station-years and none repeats, so no
  // station-year holds more than its days; with 2,922 rows in all, each holds every one of them.
  return blocks;
}

/**
 * Every row of the shipped table, in file order.
 * @throws ZkmlError `TABLE_CORRUPT` if the file is not the whole table (see {@link stationYearRows})
 */
export function loadWeather(): WeatherDay[] {
  const days = parseWeather(readFileSync(WEATHER_CSV_PATH, 'utf8'));
  stationYearRows(days);
  return days;
}

function count(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new InputError('INPUT_BAD_OPTION', `${name} must be an integer from ${min} to ${max}, got ${v}.`);
  return v;
}

/**
 * Splits the shipped table into a round (see the module comment): providers are station-years,
 * y = temp_max, x1 = temp_min (and x2 = precipitation with `features: 2`).
 * @throws InputError `INPUT_BAD_OPTION` for counts that do not fit the providers' station-years or
 *   the rest of the table, a features count other than 1 or 2, or a bad seed
 */
export function weatherRound(options: WeatherRoundOptions = {}): WeatherRound {
  const features = options.features ?? 1;
  if (features !== 1 && features !== 2) throw new InputError('INPUT_BAD_OPTION', `features must be 1 (temp_min) or 2 (temp_min, precipitation), got ${String(features)}.`);
  const providers = count('providers', options.providers ?? 8, 1, STATION_YEARS.length);
  const days = loadWeather();
  const blocks = stationYearRows(days).slice(0, providers);
  const held = blocks.reduce((n, b) => n + b.length, 0);
  const trainingRows = options.trainingRows ?? 2000;
  const most = Math.min(held, WEATHER_ROWS - 1);
  if (!Number.isInteger(trainingRows) || trainingRows < providers || trainingRows > most) {
    throw new InputError(
      'INPUT_BAD_OPTION',
      `trainingRows must be an integer from ${providers} (a row per provider) to ${most} (${providers === 1 ? "the provider's station-year holds" : `the ${providers} providers' station-years hold`} ${held} rows, and at least one row is left for validation), got ${trainingRows}.`,
    );
  }
  const validationRows = count('validationRows', options.validationRows ?? WEATHER_ROWS - trainingRows, 1, WEATHER_ROWS - trainingRows);
  const seed = options.seed ?? 1;
  const rng = seededRandom(seed);

  // Even spread, the first providers taking the remainder: the leap-year station-years (366 rows)
  // come first in STATION_YEARS, so with trainingRows ≤ their rows no provider gets more rows than
  // its station-year holds.
  const sizes = blocks.map((_, p) => Math.floor(trainingRows / providers) + (p < trainingRows % providers ? 1 : 0));
  const byProvider = blocks.map((idx, p) => {
    if (sizes[p]! > idx.length) throw new Error(`unreachable: provider${p + 1} would get ${sizes[p]} rows of ${idx.length}`);
    return rng.shuffle([...idx]).slice(0, sizes[p]).sort((a, b) => a - b);
  });
  const used = new Set(byProvider.flat());
  const rest = days.map((_, i) => i).filter((i) => !used.has(i));
  const validationIdx = rng.shuffle(rest).slice(0, validationRows).sort((a, b) => a - b);

  const sample = (d: WeatherDay) => ({ x: features === 1 ? [d.tempMin] : [d.tempMin, d.precipitation], y: d.tempMax });
  const names = blocks.map((_, p) => `provider${p + 1}`);
  const rows: TrainingRow[] = [];
  byProvider.forEach((idx, p) => idx.forEach((i) => rows.push({ provider: names[p]!, line: rows.length + 2, ...sample(days[i]!) })));
  const validation: Sample[] = validationIdx.map((i, r) => ({ line: r + 2, ...sample(days[i]!) }));
  const tag = `seed=${seed},features=${features}`;
  return {
    training: { file: `weather-training(${tag})`, d: features, providers: names, rows },
    validation: { file: `weather-validation(${tag})`, d: features, rows: validation },
    sizes,
    stationYears: STATION_YEARS.slice(0, providers).map((s) => ({ ...s })),
    providerRows: byProvider,
    validationRows: validationIdx,
  };
}

/** The files {@link writeWeatherCsv} writes. */
export interface WeatherCsvPaths {
  /** `weather-training.csv`: `provider,x1[,x2],y`, every provider's rows (what `zkml value` and `zkml prove` take). */
  trainingPath: string;
  /** `weather-validation.csv`: `x1[,x2],y` (the owner's `--validation`). */
  validationPath: string;
  /** `weather-provider<N>.csv`: `x1[,x2],y`, one provider's rows (its `zkml register --data`), aligned with the providers. */
  providerPaths: string[];
}

/** Writes a split of the table as CSV files into `dir` (created if missing), each atomically; returns their paths. */
export function writeWeatherCsv(dir: string, options: WeatherRoundOptions = {}): WeatherCsvPaths {
  const round = weatherRound(options);
  const { trainingPath, validationPath } = writeRoundCsv(dir, 'weather', round);
  const providerPaths = round.training.providers.map((name) => {
    const path = join(dir, `weather-${name}.csv`);
    writeFileAtomic(path, formatValidationCsv({ d: round.training.d, rows: round.training.rows.filter((r) => r.provider === name) }));
    return path;
  });
  return { trainingPath, validationPath, providerPaths };
}
