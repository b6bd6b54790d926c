/**
 * Dataset loading: the providers' training CSV and the model owner's validation CSV.
 *
 * - Training: header `provider,x1,…,xd,y`, one row per sample; a provider's rows need not be
 *   contiguous; providers are numbered in order of first appearance.
 * - Validation: header `x1,…,xd,y`.
 *
 * Tokenising (quotes, line ends, BOM, blank lines) is csv-parse's job; the domain checks are ours.
 * Parsing is strict: every problem is an {@link InputError} naming `file:line` and what to fix,
 * including values no shipped shape can take (|value| > 10^6, more than K providers, more than
 * N_TRAIN / N_VAL rows (N_PROVIDER for one provider's file), more than D features, each the maximum over the shipped shapes; which shape
 * a dataset fits is decided later by `smallestShapeFor`), and rows whose column count differs from
 * the header's. Values are kept as written (`raw`) and as a
 * `number`; fixed-point conversion is `toFixed`'s job, done once per row by `fixedRows`.
 */
import { readFileSync, statSync } from 'node:fs';
import { CsvError, parse, type Info, type InfoRecord } from 'csv-parse/sync';
import { InputError } from '../errors/index.js';
import { INPUT_SCALE } from '../protocol/layout.js';
import { SHAPES } from '../protocol/shapes/index.js';
import { checkedDecimal, parseDecimal } from './fixed-point.js';

// What the largest shipped shapes hold; which shape a dataset fits is chosen later (smallestShapeFor).
const D = Math.max(...SHAPES.map((s) => s.d));
const K = Math.max(...SHAPES.map((s) => s.k));
const N_TRAIN = Math.max(...SHAPES.map((s) => s.nTrain));
// One provider's rows: the most any shipped registration circuit holds (its N_PROVIDER).
const N_PROVIDER = Math.max(...SHAPES.map((s) => s.nProvider));
const N_VAL = Math.max(...SHAPES.map((s) => s.nVal));

/** One numeric cell: the decimal string exactly as written (trimmed) and its value as a number. */
export interface DecimalValue {
  raw: string;
  value: number;
}

/** A validation row (also the numeric part of a training row). */
export interface Sample {
  /** 1-based line in the file (0 for rows that were not read from a file). */
  line: number;
  /** Features x1..xd. */
  x: DecimalValue[];
  y: DecimalValue;
}

/** A training row: a sample and the provider that contributed it. */
export interface TrainingRow extends Sample {
  provider: string;
}

/** A parsed training CSV. */
export interface TrainingSet {
  /** The file the data came from (as given), for messages. */
  file: string;
  /** Number of features d (1..D). */
  d: number;
  /** Provider names in order of first appearance (at most K). */
  providers: string[];
  /** Every row in file order (at most N_TRAIN). */
  rows: TrainingRow[];
}

/** A parsed validation CSV. */
export interface ValidationSet {
  file: string;
  d: number;
  /** Every row in file order (at most N_VAL). */
  rows: Sample[];
}

/** Options shared by the parsers. */
export interface ParseOptions {
  /** Name of the file in messages; default `<input>`. */
  file?: string;
}

/** Options of the validation parser. */
export interface ValidationParseOptions extends ParseOptions {
  /** Number of features the training data has; a different count is an error. */
  d?: number;
}

function fail(code: string, message: string): never {
  throw new InputError(code, message);
}

/** Longest row csv-parse accepts (UTF-8 bytes of one record), so a file without line breaks fails early. */
export const MAX_ROW_CHARS = 10_000;

interface Line {
  /** 1-based line where the row starts. */
  number: number;
  cells: string[];
}

/** Line (1-based) of the first non-blank character after line `after` of `text` (0: from the start). */
function nextRowLine(text: string, after: number): number {
  let line = 1;
  let i = 0;
  for (; i < text.length && line <= after; i++) if (text[i] === '\n') line++;
  for (; i < text.length && /\s/.test(text[i] ?? ''); i++) if (text[i] === '\n') line++;
  return line;
}

/** Turns a csv-parse tokenising error into an InputError naming `file:line` and the fix. */
function csvProblem(err: CsvError, text: string, file: string, lastRowEnd: number): never {
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  const where = line === undefined ? file : `${file}:${line}`;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      // csv-parse reports the end of the file; name the row where the open quote is instead.
      const start = nextRowLine(text, lastRowEnd);
      fail('INPUT_BAD_CSV', `${file}:${start}: unterminated quoted cell in the row starting here (the file ends inside it); close the quote (write "" for a quote inside).`);
    }
    case 'INVALID_OPENING_QUOTE':
      fail('INPUT_BAD_CSV', `${where}: stray quote in a cell${typeof err.field === 'string' ? ` after ${JSON.stringify(err.field)}` : ''}; quote the whole cell ("…", with "" for a quote inside) or remove the quote.`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      fail('INPUT_BAD_CSV', `${where}: unexpected text after a quoted cell; put a comma between cells (write "" for a quote inside a quoted cell).`);
    case 'CSV_MAX_RECORD_SIZE':
      fail('INPUT_BAD_CSV', `${where}: a row longer than ${MAX_ROW_CHARS} bytes; check that cells are separated by commas and rows by line breaks.`);
    default:
      fail('INPUT_BAD_CSV', `${where}: not valid CSV (${err.message}).`);
  }
}

/**
 * Tokenises CSV text with csv-parse: a UTF-8 BOM is dropped, cells are trimmed, `"quoted, cells"`
 * (with `""` for a quote, and line breaks inside) are read, `\n` and `\r\n` line ends may be mixed,
 * blank lines are skipped. Rows keep the number of the line they start on. Column counts are not
 * checked here (the callers check them against the header, with its column names in the message).
 */
function readLines(text: string, file: string): Line[] {
  let records: { record: string[]; info: Info }[];
  let lastRowEnd = 0; // line the last complete row ended on
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
      max_record_size: MAX_ROW_CHARS,
      info: true,
      on_record: (record: string[], context: InfoRecord) => {
        lastRowEnd = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: Info }[];
  } catch (err) {
    if (err instanceof CsvError) csvProblem(err, text, file, lastRowEnd);
    throw err;
  }
  const lines = records.map(({ record, info }) => {
    // info.lines is the line the row ends on; line breaks inside quoted cells move its start up.
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    return { number: info.lines - breaks, cells: record };
  });
  if (lines.length === 0) fail('INPUT_EMPTY_FILE', `${file} is empty: it needs a header line and at least one data row.`);
  return lines;
}

/**
 * Checks the feature columns of a header (`x1..xd` then `y`) and returns d.
 * `lead` is the columns before the features (`provider` for training data).
 */
function headerFeatures(header: Line, lead: string[], file: string): number {
  const expected = (d: number) => [...lead, ...Array.from({ length: d }, (_, i) => `x${i + 1}`), 'y'].join(',');
  const names = header.cells.map((c) => c.toLowerCase());
  const d = names.length - lead.length - 1;
  const example = expected(1);
  const where = `${file}:${header.number}`;
  if (d < 1) {
    fail('INPUT_BAD_HEADER', `${where}: bad header ${JSON.stringify(header.cells.join(','))}; expected ${example} (one column per feature x1..xd).`);
  }
  if (names.join(',') !== expected(d)) {
    fail('INPUT_BAD_HEADER', `${where}: bad header ${JSON.stringify(header.cells.join(','))}; expected ${expected(d)}${d === 1 ? '' : ` (e.g. ${example})`}.`);
  }
  if (d > D) {
    fail('INPUT_TOO_MANY_FEATURES', `${where}: ${d} features (x1..x${d}) but the largest shipped shape has D=${D}; keep only ${D === 1 ? 'x1' : `x1..x${D}`}.`);
  }
  return d;
}

/** Refuses a ragged row: its column count must be the header's (`names`). */
function checkColumns(line: Line, names: string[], file: string): void {
  const count = names.length;
  const got = line.cells.length;
  if (got !== count) {
    const detail = got < count ? `missing ${names.slice(got).join(',')}` : `${got - count} extra value(s) after ${names[count - 1] ?? 'the last column'}`;
    fail(
      'INPUT_BAD_ROW',
      `${file}:${line.number}: ${got} columns but the header ${names.join(',')} has ${count} (${detail}); every row needs exactly ${count} comma-separated values (quote a cell that contains a comma).`,
    );
  }
}

/** Decimals an input value may have: INPUT_SCALE = 10^INPUT_DECIMALS. */
const INPUT_DECIMALS = INPUT_SCALE.toString().length - 1;

/** Whether a decimal is exactly a multiple of 1/INPUT_SCALE (`1.5000`, `2e-4`: yes; `0.12345`: no). */
function isExactAtScale(raw: string): boolean {
  const p = parseDecimal(raw);
  if (!p || p.digits === 0n || p.exponent + INPUT_DECIMALS >= 0) return true;
  const shift = -(p.exponent + INPUT_DECIMALS);
  return shift <= p.digits.toString().length && p.digits % 10n ** BigInt(shift) === 0n;
}

function numericCell(raw: string, where: string): DecimalValue {
  if (raw === '') fail('INPUT_NOT_A_NUMBER', `${where} is empty: write a number there.`);
  if (!parseDecimal(raw)) {
    fail('INPUT_NOT_A_NUMBER', `${where}: ${JSON.stringify(raw)} is not a number; write a finite decimal such as 1.25, -3 or 2e-3 (NaN and Infinity are not accepted).`);
  }
  // Range check (|value| ≤ 10^6) with the location in the message; rows are converted to fixed point once, later (`fixedRows`).
  checkedDecimal(raw, { where });
  if (!isExactAtScale(raw)) {
    fail('INPUT_TOO_PRECISE', `${where}: ${JSON.stringify(raw)} has more than ${INPUT_DECIMALS} decimals; rounding it would change the data (and its commitment), so round it yourself to at most ${INPUT_DECIMALS} decimals.`);
  }
  return { raw, value: Number(raw) };
}

function sample(line: Line, first: number, d: number, file: string, names: string[]): Sample {
  const cell = (i: number) => line.cells[i] ?? '';
  const x = Array.from({ length: d }, (_, j) => numericCell(cell(first + j), `${file}:${line.number} column ${names[first + j]}`));
  const y = numericCell(cell(first + d), `${file}:${line.number} column y`);
  return { line: line.number, x, y };
}

/**
 * Parses a training CSV (`provider,x1..xd,y`) held in memory.
 * @throws InputError with `file:line` for an empty file, a bad header, a wrong column count,
 *   a non-numeric / NaN / Infinity / out-of-range value, an empty provider name, more than K
 *   providers, more than N_TRAIN rows, or d > D
 */
export function parseTrainingCsv(text: string, options: ParseOptions = {}): TrainingSet {
  const file = options.file ?? '<input>';
  const [header, ...body] = readLines(text, file);
  if (!header) throw new Error('unreachable: readLines returns at least one line');
  const d = headerFeatures(header, ['provider'], file);
  const names = header.cells.map((c) => c.toLowerCase());
  const headerText = names.join(',');
  if (body.length === 0) fail('INPUT_NO_ROWS', `${file} has a header but no data rows; add at least one row ${headerText}.`);
  const providers: string[] = [];
  const rows: TrainingRow[] = [];
  for (const line of body) {
    if (rows.length === N_TRAIN) {
      fail('INPUT_TOO_MANY_ROWS', `${file}:${line.number}: more than ${N_TRAIN} training rows (${body.length} in the file); the largest shipped shape takes N_TRAIN=${N_TRAIN}, remove rows.`);
    }
    checkColumns(line, names, file);
    const provider = line.cells[0] ?? '';
    if (provider === '') fail('INPUT_EMPTY_PROVIDER', `${file}:${line.number}: empty provider name; every row needs the name of the provider that contributed it.`);
    if (!providers.includes(provider)) {
      if (providers.length === K) {
        fail('INPUT_TOO_MANY_PROVIDERS', `${file}:${line.number}: provider ${JSON.stringify(provider)} would be provider ${K + 1}; the shipped shapes take at most K=${K} providers, merge or remove some.`);
      }
      providers.push(provider);
    }
    rows.push({ provider, ...sample(line, 1, d, file, names) });
  }
  return { file, d, providers, rows };
}

/** Rows `x1..xd,y` (no provider column) of a validation set or of one provider, at most `limit`. */
function parseSamples(text: string, options: ValidationParseOptions, limit: { n: number; what: string; name: string }): ValidationSet {
  const file = options.file ?? '<input>';
  const [header, ...body] = readLines(text, file);
  if (!header) throw new Error('unreachable: readLines returns at least one line');
  const d = headerFeatures(header, [], file);
  if (options.d !== undefined && options.d !== d) {
    fail('INPUT_FEATURE_MISMATCH', `${file}:${header.number}: ${d} feature column(s) but the training data has ${options.d}; both files need the same x1..xd.`);
  }
  const names = header.cells.map((c) => c.toLowerCase());
  const headerText = names.join(',');
  if (body.length === 0) fail('INPUT_NO_ROWS', `${file} has a header but no data rows; add at least one row ${headerText}.`);
  const rows: Sample[] = [];
  for (const line of body) {
    if (rows.length === limit.n) {
      fail('INPUT_TOO_MANY_ROWS', `${file}:${line.number}: more than ${limit.n} ${limit.what} rows (${body.length} in the file); the shipped shapes take at most ${limit.name}=${limit.n}, remove rows.`);
    }
    checkColumns(line, names, file);
    rows.push(sample(line, 0, d, file, names));
  }
  return { file, d, rows };
}

/**
 * Parses a validation CSV (`x1..xd,y`) held in memory.
 * @throws InputError with `file:line` for an empty file, a bad header, a wrong column count,
 *   a non-numeric / NaN / Infinity / out-of-range value, more than N_VAL rows, d > D, or a d
 *   different from `options.d`
 */
export function parseValidationCsv(text: string, options: ValidationParseOptions = {}): ValidationSet {
  return parseSamples(text, options, { n: N_VAL, what: 'validation', name: 'N_VAL' });
}

/**
 * Parses one provider's rows without a provider column (`x1..xd,y`, what `zkml register --data`
 * takes): the checks of {@link parseValidationCsv}, with at most N_PROVIDER rows (the most one
 * registration of any shipped shape holds; the round's own shape may hold fewer, checked by
 * `zkml register` before proving).
 */
export function parseProviderCsv(text: string, options: ParseOptions = {}): ValidationSet {
  return parseSamples(text, options, { n: N_PROVIDER, what: 'training', name: 'N_PROVIDER' });
}

/** Reads a whole text file, turning a missing path, a directory or an unreadable file into InputErrors. */
function readText(path: string, what: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    fail('INPUT_FILE_MISSING', `${what} file not found: ${path}; check the path.`);
  }
  if (!isFile) fail('INPUT_FILE_MISSING', `${what} file ${path} is not a regular file; give the path of a CSV file.`);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    fail('INPUT_FILE_UNREADABLE', `cannot read ${what} file ${path} (${err instanceof Error ? err.message : String(err)}); check its permissions.`);
  }
}

/** Loads and parses a training CSV from disk; see {@link parseTrainingCsv}. */
export function loadTrainingCsv(path: string): TrainingSet {
  return parseTrainingCsv(readText(path, 'training'), { file: path });
}

/** Loads and parses a validation CSV from disk; see {@link parseValidationCsv}. */
export function loadValidationCsv(path: string, options: { d?: number } = {}): ValidationSet {
  return parseValidationCsv(readText(path, 'validation'), { ...options, file: path });
}

/** Loads and parses one provider's rows (`x1..xd,y`) from disk; see {@link parseProviderCsv}. */
export function loadProviderCsv(path: string): ValidationSet {
  return parseProviderCsv(readText(path, 'data'), { file: path });
}

/** Loads both files and checks that they have the same features. */
export function loadDatasets(trainingPath: string, validationPath: string): { training: TrainingSet; validation: ValidationSet } {
  const training = loadTrainingCsv(trainingPath);
  const validation = loadValidationCsv(validationPath, { d: training.d });
  return { training, validation };
}

/** Rows of one provider, in file order. */
export function rowsOf(training: TrainingSet, provider: string): TrainingRow[] {
  return training.rows.filter((r) => r.provider === provider);
}

function quoteCell(cell: string): string {
  return /[",\n\r]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function featureHeader(d: number): string[] {
  return Array.from({ length: d }, (_, i) => `x${i + 1}`);
}

/** Writes a training set as CSV text (header `provider,x1..xd,y`, raw values as they are). */
export function formatTrainingCsv(training: Pick<TrainingSet, 'd' | 'rows'>): string {
  const lines = [['provider', ...featureHeader(training.d), 'y'].join(',')];
  for (const r of training.rows) lines.push([quoteCell(r.provider), ...r.x.map((v) => v.raw), r.y.raw].join(','));
  return `${lines.join('\n')}\n`;
}

/** Writes a validation set as CSV text (header `x1..xd,y`). */
export function formatValidationCsv(validation: Pick<ValidationSet, 'd' | 'rows'>): string {
  const lines = [[...featureHeader(validation.d), 'y'].join(',')];
  for (const r of validation.rows) lines.push([...r.x.map((v) => v.raw), r.y.raw].join(','));
  return `${lines.join('\n')}\n`;
}
