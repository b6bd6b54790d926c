/**
 * The shipped real table (README.md beside this file): Palmer Station Gentoo penguins, two
 * features (flipper length, bill length) and one label (body mass), split deterministically into
 * providers and a validation set in the shapes of ts/data/csv.ts, ready for a 2-feature round.
 *
 * - Rows: the 123 Gentoo penguins of `penguins.csv` whose bill length, flipper length and body
 *   mass are all recorded (the one Gentoo row without measurements is left out), in file order.
 * - x1 = flipper_length_mm, x2 = bill_length_mm, y = body_mass_g / 1000 (kg; an exact decimal
 *   shift, so every value keeps at most 4 decimals and |value| ≤ 10^6).
 * - Split: a seeded shuffle (../seeded-random.ts) picks the validation rows
 *   (first `validationRows`) and the training rows (next `trainingRows`); training rows are dealt
 *   round-robin to `provider1..providerP`. Each provider's rows and the validation rows keep the
 *   table's order. Same options → same split.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../errors/index.js';
import { INPUT_SCALE } from '../../protocol/layout.js';
import { seededRandom } from '../seeded-random.js';
import { type DecimalValue, type Sample, type TrainingRow, type TrainingSet, type ValidationSet } from '../csv.js';
import { fromFixed, toFixed } from '../fixed-point.js';
import { writeRoundCsv } from './round-csv.js';

/** The shipped table, byte-identical to palmerpenguins' `inst/extdata/penguins.csv` (CC0). */
export const PENGUINS_CSV_PATH = join(dirname(fileURLToPath(import.meta.url)), 'penguins.csv');
/** Its SHA-256, as recorded in README.md. */
export const PENGUINS_CSV_SHA256 = 'f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93';
/** Gentoo rows with all three measurements. */
export const GENTOO_ROWS = 123;

const HEADER = 'species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year';

/** Options of {@link loadPenguins}. */
export interface PenguinsOptions {
  /** Providers P (1..trainingRows); default 7. */
  providers?: number;
  /** Training rows; default 56 (8 per provider). */
  trainingRows?: number;
  /** Validation rows; default 32. trainingRows + validationRows ≤ 123. */
  validationRows?: number;
  /** Seed of the split (0..2^32−1); default 1. */
  seed?: number;
}

/** A split of the table, in the shapes the CSV loader returns. */
export interface PenguinsSplit {
  training: TrainingSet;
  validation: ValidationSet;
  /** Rows per provider, aligned with `training.providers`. */
  sizes: number[];
}

function decimal(raw: string): DecimalValue {
  toFixed(raw, INPUT_SCALE); // |value| ≤ 10^6, a finite decimal
  return { raw, value: Number(raw) };
}

function count(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new InputError('INPUT_BAD_OPTION', `${name} must be an integer from ${min} to ${max}, got ${v}.`);
  return v;
}

/**
 * Loads the Gentoo rows of the shipped table and splits them (see the module comment).
 * @throws InputError `INPUT_BAD_OPTION` for counts that do not fit 123 rows or a bad seed
 */
export function loadPenguins(options: PenguinsOptions = {}): PenguinsSplit {
  const validationRows = count('validationRows', options.validationRows ?? 32, 1, GENTOO_ROWS - 1);
  const trainingRows = count('trainingRows', options.trainingRows ?? 56, 1, GENTOO_ROWS - validationRows);
  const providers = count('providers', options.providers ?? 7, 1, trainingRows);
  const seed = options.seed ?? 1;
  const rng = seededRandom(seed);

  const lines = readFileSync(PENGUINS_CSV_PATH, 'utf8').trimEnd().split('\n');
  if (lines[0] !== HEADER) throw new Error(`${PENGUINS_CSV_PATH}: unexpected header ${lines[0]}`);
  const gentoo: { x: DecimalValue[]; y: DecimalValue }[] = [];
  for (const line of lines.slice(1)) {
    const [species, , bill, , flipper, mass] = line.split(',');
    if (species !== 'Gentoo' || [bill, flipper, mass].includes('NA')) continue;
    // grams → kilograms exactly: g·10 at scale 10^4 is g/1000.
    const kg = fromFixed(toFixed(mass!, 1n) * 10n, INPUT_SCALE);
    gentoo.push({ x: [decimal(flipper!), decimal(bill!)], y: decimal(kg) });
  }
  if (gentoo.length !== GENTOO_ROWS) throw new Error(`${PENGUINS_CSV_PATH}: expected ${GENTOO_ROWS} complete Gentoo rows, found ${gentoo.length}`);

  const order = rng.shuffle(gentoo.map((_, i) => i));
  const validationIdx = order.slice(0, validationRows).sort((a, b) => a - b);
  const trainingIdx = order.slice(validationRows, validationRows + trainingRows);
  const names = Array.from({ length: providers }, (_, p) => `provider${p + 1}`);
  const byProvider = names.map((_, p) => trainingIdx.filter((_, r) => r % providers === p).sort((a, b) => a - b));
  const rows: TrainingRow[] = [];
  byProvider.forEach((idx, p) => idx.forEach((i) => rows.push({ provider: names[p]!, line: rows.length + 2, ...gentoo[i]! })));
  const samples: Sample[] = validationIdx.map((i, r) => ({ line: r + 2, ...gentoo[i]! }));
  return {
    training: { file: `penguins-training(seed=${seed})`, d: 2, providers: names, rows },
    validation: { file: `penguins-validation(seed=${seed})`, d: 2, rows: samples },
    sizes: byProvider.map((idx) => idx.length),
  };
}

/** Writes `penguins-training.csv` and `penguins-validation.csv` of a split into `dir` (each atomically); returns their paths. */
export function writePenguinsCsv(dir: string, options: PenguinsOptions = {}): { trainingPath: string; validationPath: string } {
  return writeRoundCsv(dir, 'penguins', loadPenguins(options));
}
