/**
 * The shipped movies table (README.md beside this file): the 2,260 films of vega-datasets'
 * `movies.json` that have both an IMDB and a Rotten Tomatoes rating, split deterministically into
 * providers and a validation set in the shapes of ts/data/csv.ts, ready for a 1-feature round of
 * thousands of rows.
 *
 * - Rows: every row of `movies.csv`, in file order (the source's order).
 * - x1 = rotten_tomatoes_rating (the critics' score, an integer 1..100 in this table),
 *   y = imdb_rating (the audience's score, 1.6..9.2, at most 1 decimal): both as written in the
 *   table, so every value has at most 4 decimals and |value| ≤ 10^5 (checked on load).
 * - Split: a seeded shuffle (../seeded-random.ts) picks the validation rows (first
 *   `validationRows`) and the training rows (next `trainingRows`); training rows are dealt
 *   round-robin to `provider1..providerP`. Each provider's rows and the validation rows keep the
 *   table's order. Same options → same split.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvError, parse } from 'csv-parse/sync';
import { InputError, ZkmlError } from '../../errors/index.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { seededRandom } from '../seeded-random.js';
import { formatTrainingCsv, formatValidationCsv, type DecimalValue, type Sample, type TrainingRow, type TrainingSet, type ValidationSet } from '../csv.js';

/** The shipped table, derived from vega-datasets 3.2.1 `data/movies.json` (README.md). */
export const MOVIES_CSV_PATH = join(dirname(fileURLToPath(import.meta.url)), 'movies.csv');
/** Its SHA-256, as recorded in README.md. */
export const MOVIES_CSV_SHA256 = '38b55a313a05bd7908975ebb4fd531937019d977ab34a3639f907dd9688f624b';
/** SHA-256 of the source, `package/data/movies.json` of the vega-datasets 3.2.1 tarball. */
export const MOVIES_SOURCE_SHA256 = 'e63c499759e3b07b49563e036f55290f87feb56def8703ec049ca305ab1523d3';
/** Rows of the table: the source's records with both ratings. */
export const MOVIES_ROWS = 2260;
/** The table's header. */
export const MOVIES_COLUMNS = ['title', 'release_date', 'distributor', 'major_genre', 'imdb_rating', 'imdb_votes', 'rotten_tomatoes_rating'] as const;
/** The range every rating of the table is checked to lie in on load (inclusive). */
export const MOVIES_RANGE = { imdbRating: [1, 10], rottenTomatoesRating: [0, 100] } as const;

/** One film of the table; text cells as written (empty where the source has null). */
export interface Movie {
  /** 1-based line in `movies.csv`. */
  line: number;
  title: string;
  /** As in the source, e.g. `Jun 12 1998` (some dates are known to be wrong: README.md). */
  releaseDate: string;
  distributor: string;
  majorGenre: string;
  /** IMDB user rating, 1..10. */
  imdbRating: DecimalValue;
  /** IMDB votes as written (may be empty). */
  imdbVotes: string;
  /** Rotten Tomatoes critics' rating, 0..100. */
  rottenTomatoesRating: DecimalValue;
}

/** Options of {@link moviesRound}. */
export interface MoviesRoundOptions {
  /** Providers P (1..trainingRows); default 8. */
  providers?: number;
  /** Training rows; default 2000 (250 per provider at P = 8). */
  trainingRows?: number;
  /** Validation rows; default 260. trainingRows + validationRows ≤ 2260. */
  validationRows?: number;
  /** Seed of the split (0..2^32−1); default 1. */
  seed?: number;
}

/** A split of the table, in the shapes the CSV loader returns. */
export interface MoviesRound {
  training: TrainingSet;
  validation: ValidationSet;
  /** Rows per provider, aligned with `training.providers`. */
  sizes: number[];
  /** Each provider's rows as 0-based indices into {@link loadMovies}' list, in table order. */
  providerRows: number[][];
  /** The validation rows as indices into {@link loadMovies}' list, in table order. */
  validationRows: number[];
}

const RATING = /^\d{1,3}(?:\.\d{1,4})?$/;

function corrupt(file: string, what: string): never {
  throw new ZkmlError('TABLE_CORRUPT', `${file}: ${what}. The shipped movies table is damaged; reinstall the package (or restore ts/data/tables/movies.csv).`);
}

function rating(raw: string, [min, max]: readonly [number, number], where: string, file: string): DecimalValue {
  const value = Number(raw);
  if (!RATING.test(raw) || value < min || value > max) corrupt(file, `${where} is ${JSON.stringify(raw)}, not a rating from ${min} to ${max} with at most 4 decimals`);
  return { raw, value };
}

/**
 * Parses the text of `movies.csv`: the header {@link MOVIES_COLUMNS}, then one film per row with
 * both ratings in {@link MOVIES_RANGE}.
 * @throws ZkmlError `TABLE_CORRUPT` naming the line, for any other text
 */
export function parseMovies(text: string, file = MOVIES_CSV_PATH): Movie[] {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true }) as string[][]; // cell counts are checked below, with the line
  } catch (err) {
    if (err instanceof CsvError) corrupt(file, err.message);
    throw err;
  }
  if (records[0]?.join(',') !== MOVIES_COLUMNS.join(',')) corrupt(file, `the header is ${JSON.stringify(records[0]?.join(','))}, not ${MOVIES_COLUMNS.join(',')}`);
  return records.slice(1).map((c, i) => {
    const line = i + 2;
    if (c.length !== MOVIES_COLUMNS.length) corrupt(file, `line ${line} has ${c.length} cells, not ${MOVIES_COLUMNS.length}`);
    return {
      line,
      title: c[0]!,
      releaseDate: c[1]!,
      distributor: c[2]!,
      majorGenre: c[3]!,
      imdbRating: rating(c[4]!, MOVIES_RANGE.imdbRating, `line ${line} imdb_rating`, file),
      imdbVotes: c[5]!,
      rottenTomatoesRating: rating(c[6]!, MOVIES_RANGE.rottenTomatoesRating, `line ${line} rotten_tomatoes_rating`, file),
    };
  });
}

/**
 * Every film of the shipped table, in file order.
 * @throws ZkmlError `TABLE_CORRUPT` if the file is not the table of {@link MOVIES_ROWS} rows
 */
export function loadMovies(): Movie[] {
  const movies = parseMovies(readFileSync(MOVIES_CSV_PATH, 'utf8'));
  if (movies.length !== MOVIES_ROWS) corrupt(MOVIES_CSV_PATH, `it has ${movies.length} rows, not ${MOVIES_ROWS}`);
  return movies;
}

function count(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new InputError('INPUT_BAD_OPTION', `${name} must be an integer from ${min} to ${max}, got ${v}.`);
  return v;
}

/**
 * Splits the shipped table into a round (see the module comment): x1 = Rotten Tomatoes rating,
 * y = IMDB rating, D = 1.
 * @throws InputError `INPUT_BAD_OPTION` for counts that do not fit 2,260 rows or a bad seed
 */
export function moviesRound(options: MoviesRoundOptions = {}): MoviesRound {
  const validationRows = count('validationRows', options.validationRows ?? 260, 1, MOVIES_ROWS - 1);
  const trainingRows = count('trainingRows', options.trainingRows ?? 2000, 1, MOVIES_ROWS - validationRows);
  const providers = count('providers', options.providers ?? 8, 1, trainingRows);
  const seed = options.seed ?? 1;
  const rng = seededRandom(seed);

  const samples = loadMovies().map((m) => ({ x: [m.rottenTomatoesRating], y: m.imdbRating }));
  const order = rng.shuffle(samples.map((_, i) => i));
  const validationIdx = order.slice(0, validationRows).sort((a, b) => a - b);
  const trainingIdx = order.slice(validationRows, validationRows + trainingRows);
  const names = Array.from({ length: providers }, (_, p) => `provider${p + 1}`);
  const byProvider = names.map((_, p) => trainingIdx.filter((_, r) => r % providers === p).sort((a, b) => a - b));
  const rows: TrainingRow[] = [];
  byProvider.forEach((idx, p) => idx.forEach((i) => rows.push({ provider: names[p]!, line: rows.length + 2, ...samples[i]! })));
  const validation: Sample[] = validationIdx.map((i, r) => ({ line: r + 2, ...samples[i]! }));
  return {
    training: { file: `movies-training(seed=${seed})`, d: 1, providers: names, rows },
    validation: { file: `movies-validation(seed=${seed})`, d: 1, rows: validation },
    sizes: byProvider.map((idx) => idx.length),
    providerRows: byProvider,
    validationRows: validationIdx,
  };
}

/** The files {@link writeMoviesCsv} writes. */
export interface MoviesCsvPaths {
  /** `movies-training.csv`: `provider,x1,y`, every provider's rows (what `zkml value` and `zkml prove` take). */
  trainingPath: string;
  /** `movies-validation.csv`: `x1,y` (the owner's `--validation`). */
  validationPath: string;
  /** `movies-provider<N>.csv`: `x1,y`, one provider's rows (its `zkml register --data`), aligned with the providers. */
  providerPaths: string[];
}

/** Writes a split of the table as CSV files into `dir` (created if missing), each atomically; returns their paths. */
export function writeMoviesCsv(dir: string, options: MoviesRoundOptions = {}): MoviesCsvPaths {
  const round = moviesRound(options);
  mkdirSync(dir, { recursive: true });
  const trainingPath = join(dir, 'movies-training.csv');
  const validationPath = join(dir, 'movies-validation.csv');
  writeFileAtomic(trainingPath, formatTrainingCsv(round.training));
  writeFileAtomic(validationPath, formatValidationCsv(round.validation));
  const providerPaths = round.training.providers.map((name) => {
    const path = join(dir, `movies-${name}.csv`);
    writeFileAtomic(path, formatValidationCsv({ d: 1, rows: round.training.rows.filter((r) => r.provider === name) }));
    return path;
  });
  return { trainingPath, validationPath, providerPaths };
}
