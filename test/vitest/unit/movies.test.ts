/**
 * The shipped movies table (ts/data/tables/movies.csv, README.md beside it): the file is the one
 * the README names, every rating is in range with at most 4 decimals, and `moviesRound` /
 * `writeMoviesCsv` split it deterministically into disjoint providers and a validation set. The
 * derivation tool (ts/tools/movies-table.ts) is run on a small JSON of the source's layout, and
 * its guards and the loader's are fed bad input.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZkmlError } from '../../../ts/errors/index.js';
import { formatTrainingCsv, formatValidationCsv, parseTrainingCsv, parseValidationCsv } from '../../../ts/data/csv.js';
import { toFixed } from '../../../ts/data/fixed-point.js';
import * as door from '../../../ts/data/index.js';
import { MOVIES_COLUMNS, MOVIES_CSV_PATH, MOVIES_CSV_SHA256, MOVIES_ROWS, MOVIES_SOURCE_SHA256, loadMovies, moviesRound, parseMovies, writeMoviesCsv } from '../../../ts/data/tables/movies.js';
import { moviesCsvFromJson } from '../../../ts/tools/movies-table.js';
import { inputError } from '../helpers/errors.js';

const DIR = dirname(MOVIES_CSV_PATH);
const README = readFileSync(join(DIR, 'README.md'), 'utf8');
const HEADER = MOVIES_COLUMNS.join(',');

function tableError(fn: () => unknown): ZkmlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZkmlError) return err;
    throw err;
  }
  throw new Error('expected a ZkmlError');
}

describe('the shipped movies table', () => {
  it('is the file named in its README (SHA-256), next to the SHA-256 of its source', () => {
    const sha = createHash('sha256').update(readFileSync(MOVIES_CSV_PATH)).digest('hex');
    expect(sha).toBe(MOVIES_CSV_SHA256);
    expect(README).toContain(sha);
    expect(README).toContain(MOVIES_SOURCE_SHA256);
  });

  it('has 2,260 films, each with both ratings in range and at most 4 decimals (|value| ≤ 10^5)', () => {
    const text = readFileSync(MOVIES_CSV_PATH, 'utf8');
    expect(text.split('\n')[0]).toBe(HEADER);
    const movies = loadMovies();
    expect(movies).toHaveLength(MOVIES_ROWS);
    expect(MOVIES_ROWS).toBe(2260);
    expect(README).toContain('2,260');
    const seen = { imdb: [Infinity, -Infinity], rt: [Infinity, -Infinity] };
    for (const m of movies) {
      for (const v of [m.imdbRating, m.rottenTomatoesRating]) {
        expect(v.raw, `line ${m.line}`).toMatch(/^\d+(\.\d{1,4})?$/);
        // Exact at scale 10^4 within the 10^5 range: no rounding on the way to fixed point.
        expect(toFixed(v.raw, 10_000n, { limit: 100_000n })).toBe(BigInt(Math.round(v.value * 10_000)));
      }
      expect(m.imdbRating.value).toBeGreaterThanOrEqual(1);
      expect(m.imdbRating.value).toBeLessThanOrEqual(10);
      expect(m.rottenTomatoesRating.value).toBeGreaterThanOrEqual(0);
      expect(m.rottenTomatoesRating.value).toBeLessThanOrEqual(100);
      seen.imdb = [Math.min(seen.imdb[0]!, m.imdbRating.value), Math.max(seen.imdb[1]!, m.imdbRating.value)];
      seen.rt = [Math.min(seen.rt[0]!, m.rottenTomatoesRating.value), Math.max(seen.rt[1]!, m.rottenTomatoesRating.value)];
    }
    // The ranges the README states.
    expect(seen).toEqual({ imdb: [1.6, 9.2], rt: [1, 100] });
    // Quoted titles come back whole.
    expect(movies.map((m) => m.title)).toEqual(expect.arrayContaining(['Monsters, Inc.', '10,000 B.C.', '1776', '']));
  });

  it('is on the data door', () => {
    expect(door.moviesRound).toBe(moviesRound);
    expect(door.writeMoviesCsv).toBe(writeMoviesCsv);
    expect(door.loadMovies).toBe(loadMovies);
    expect(door.MOVIES_ROWS).toBe(MOVIES_ROWS);
  });
});

describe('moviesRound', () => {
  it('splits into 8 providers × 250 rows and 260 validation rows: every film once, x = RT, y = IMDB', () => {
    const movies = loadMovies();
    const round = moviesRound();
    expect(round.training.d).toBe(1);
    expect(round.validation.d).toBe(1);
    expect(round.training.providers).toEqual(Array.from({ length: 8 }, (_, i) => `provider${i + 1}`));
    expect(round.sizes).toEqual(Array(8).fill(250));
    expect(round.training.rows).toHaveLength(2000);
    expect(round.validation.rows).toHaveLength(260);
    // Disjoint and covering: every index once.
    const all = [...round.providerRows.flat(), ...round.validationRows].sort((a, b) => a - b);
    expect(all).toEqual(movies.map((_, i) => i));
    // The rows are the table's rows at those indices, in table order, provider by provider.
    const expected = round.providerRows.flatMap((idx, p) => idx.map((i) => ({ provider: `provider${p + 1}`, x: [movies[i]!.rottenTomatoesRating], y: movies[i]!.imdbRating })));
    expect(round.training.rows.map(({ provider, x, y }) => ({ provider, x, y }))).toEqual(expected);
    expect(round.validation.rows.map(({ x, y }) => ({ x, y }))).toEqual(round.validationRows.map((i) => ({ x: [movies[i]!.rottenTomatoesRating], y: movies[i]!.imdbRating })));
    for (const idx of [...round.providerRows, round.validationRows]) expect(idx).toEqual([...idx].sort((a, b) => a - b));
  });

  it('is deterministic for a seed and honours the options', () => {
    expect(moviesRound({ seed: 7 })).toEqual(moviesRound({ seed: 7 }));
    expect(moviesRound({ seed: 7 }).validationRows).not.toEqual(moviesRound({ seed: 8 }).validationRows);
    const big = moviesRound({ providers: 8, trainingRows: 1260, validationRows: 1000 });
    expect(big.sizes).toEqual([158, 158, 158, 158, 157, 157, 157, 157]);
    expect(big.validation.rows).toHaveLength(1000);
    expect(new Set([...big.providerRows.flat(), ...big.validationRows]).size).toBe(2260);
    const part = moviesRound({ providers: 3, trainingRows: 100, validationRows: 10 });
    expect(part.sizes).toEqual([34, 33, 33]);
    expect(new Set([...part.providerRows.flat(), ...part.validationRows]).size).toBe(110);
  });

  it('refuses splits that do not fit the table', () => {
    for (const bad of [{ validationRows: 0 }, { validationRows: 2260 }, { trainingRows: 2001 }, { trainingRows: 0 }, { providers: 0 }, { providers: 2001 }, { providers: 2.5 }, { seed: -1 }]) {
      expect(inputError(() => moviesRound(bad)).code, JSON.stringify(bad)).toBe('INPUT_BAD_OPTION');
    }
  });
});

describe('writeMoviesCsv', () => {
  it('writes the training, validation and per-provider files the CLI takes, generated at run time', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'movies-')), 'out');
    const out = writeMoviesCsv(dir);
    const round = moviesRound();
    expect(readFileSync(out.trainingPath, 'utf8')).toBe(formatTrainingCsv(round.training));
    expect(readFileSync(out.validationPath, 'utf8')).toBe(formatValidationCsv(round.validation));
    expect(readFileSync(out.trainingPath, 'utf8').split('\n')[0]).toBe('provider,x1,y');
    expect(readFileSync(out.validationPath, 'utf8').split('\n')[0]).toBe('x1,y');
    expect(out.providerPaths.map((p) => p.slice(dir.length + 1))).toEqual(Array.from({ length: 8 }, (_, i) => `movies-provider${i + 1}.csv`));
    // The provider files together are the training file's rows, provider by provider.
    const fromProviders = out.providerPaths.flatMap((p, i) => readFileSync(p, 'utf8').trimEnd().split('\n').slice(1).map((l) => `provider${i + 1},${l}`));
    expect(fromProviders).toEqual(readFileSync(out.trainingPath, 'utf8').trimEnd().split('\n').slice(1));
    for (const p of out.providerPaths) expect(readFileSync(p, 'utf8').split('\n')[0]).toBe('x1,y');
  });

  it('writes files the CSV loader reads back to the same values (a split the shipped shapes hold)', () => {
    const options = { providers: 4, trainingRows: 40, validationRows: 20, seed: 3 };
    const out = writeMoviesCsv(mkdtempSync(join(tmpdir(), 'movies-')), options);
    const round = moviesRound(options);
    const training = parseTrainingCsv(readFileSync(out.trainingPath, 'utf8'));
    const validation = parseValidationCsv(readFileSync(out.validationPath, 'utf8'), { d: 1 });
    expect(training.providers).toEqual(round.training.providers);
    expect(training.rows.map(({ provider, x, y }) => ({ provider, x, y }))).toEqual(round.training.rows.map(({ provider, x, y }) => ({ provider, x, y })));
    expect(validation.rows.map(({ x, y }) => ({ x, y }))).toEqual(round.validation.rows.map(({ x, y }) => ({ x, y })));
  });
});

describe('the loader refuses a damaged table', () => {
  const row = 'Slam,Oct 09 1998,Trimark,Drama,3.4,165,62';
  it.each([
    ['a wrong header', `title,imdb_rating\n${row}\n`, /header/],
    ['an empty file', '', /header/],
    ['a row with a missing cell', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,3.4,165\n`, /line 2 has 6 cells, not 7/],
    ['an unclosed quote', `${HEADER}\n"Slam,Oct 09 1998,Trimark,Drama,3.4,165,62\n`, /quote/i],
    ['an IMDB rating above 10', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,10.5,165,62\n`, /line 2 imdb_rating/],
    ['an IMDB rating below 1', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,0.5,165,62\n`, /line 2 imdb_rating/],
    ['an empty Rotten Tomatoes rating', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,3.4,165,\n`, /line 2 rotten_tomatoes_rating/],
    ['a Rotten Tomatoes rating above 100', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,3.4,165,101\n`, /rotten_tomatoes_rating/],
    ['more than 4 decimals', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,3.40001,165,62\n`, /at most 4 decimals/],
    ['a rating in exponent form', `${HEADER}\nSlam,Oct 09 1998,Trimark,Drama,3.4,165,6e1\n`, /rotten_tomatoes_rating/],
  ])('%s', (_, text, message) => {
    const err = tableError(() => parseMovies(text, 'movies.csv'));
    expect(err.code).toBe('TABLE_CORRUPT');
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^movies\.csv: .*reinstall/);
  });

  it('reads a well-formed row, quoted cells included', () => {
    expect(parseMovies(`${HEADER}\n${row}\n"Say ""Hi"", Bob",,,,7,,100\n`)).toEqual([
      { line: 2, title: 'Slam', releaseDate: 'Oct 09 1998', distributor: 'Trimark', majorGenre: 'Drama', imdbRating: { raw: '3.4', value: 3.4 }, imdbVotes: '165', rottenTomatoesRating: { raw: '62', value: 62 } },
      { line: 3, title: 'Say "Hi", Bob', releaseDate: '', distributor: '', majorGenre: '', imdbRating: { raw: '7', value: 7 }, imdbVotes: '', rottenTomatoesRating: { raw: '100', value: 100 } },
    ]);
  });
});

describe('the derivation (ts/tools/movies-table.ts)', () => {
  const record = (over: Record<string, unknown>) => ({ Title: 'A', 'US Gross': 1, 'Release Date': 'Jun 12 1998', Distributor: 'D', 'Major Genre': 'Drama', 'IMDB Rating': 6.1, 'IMDB Votes': 10, 'Rotten Tomatoes Rating': 50, ...over });
  // The source's layout: one record per line, `": "` and `", "` separators.
  const source = (records: unknown[]) => `[\n${records.map((r) => `    ${JSON.stringify(r).replaceAll('":', '": ').replaceAll(',"', ', "')}`).join(',\n')}\n]\n`;

  it('keeps the records with both ratings, in order, values as written', () => {
    const text = source([
      record({ Title: 'Kept, with a comma', 'IMDB Rating': 7 }),
      record({ 'IMDB Rating': null }),
      record({ 'Rotten Tomatoes Rating': null }),
      record({ Title: 1776, Distributor: null, 'IMDB Votes': null }),
      record({ Title: null, 'Major Genre': 'Say "Hi"' }),
    ]);
    expect(moviesCsvFromJson(text)).toEqual({
      records: 5,
      rows: 3,
      csv: `${HEADER}\n"Kept, with a comma",Jun 12 1998,D,Drama,7,10,50\n1776,Jun 12 1998,,Drama,6.1,,50\n,Jun 12 1998,D,"Say ""Hi""",6.1,10,50\n`,
    });
    // What it writes, the loader reads.
    expect(parseMovies(moviesCsvFromJson(text).csv).map((m) => m.title)).toEqual(['Kept, with a comma', '1776', '']);
  });

  it.each([
    ['not an array', '{"Title": "A"}', /JSON array/],
    ['a record that is not an object', '[1]', /record 0: not an object/],
    ['a missing key', source([{ Title: 'A' }]), /record 0: no key "Release Date"/],
    ['an empty string', source([record({ Distributor: '' })]), /record 0: "Distributor" is an empty string/],
    ['a value that is neither string, number nor null', source([record({ Distributor: ['x'] })]), /record 0: "Distributor" is \["x"\]/],
    ['a number token written otherwise than JavaScript writes it', source([record({})]).replace('"IMDB Rating": 6.1', '"IMDB Rating": 6.10'), /"IMDB Rating": the number 6\.10/],
  ])('refuses %s', (_, text, message) => {
    expect(() => moviesCsvFromJson(text)).toThrow(message);
  });
});
