import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../ts/errors/index.js';
import {
  formatTrainingCsv,
  formatValidationCsv,
  loadDatasets,
  loadTrainingCsv,
  loadValidationCsv,
  parseProviderCsv,
  parseTrainingCsv,
  parseValidationCsv,
  MAX_ROW_CHARS,
  rowsOf,
} from '../../../ts/data/csv.js';
import { SHAPES } from '../../../ts/protocol/shapes/index.js';
import { inputError } from '../helpers/errors.js';

// The parser's limits are the maxima over the shipped shapes (smallestShapeFor picks the shape later).
const D = Math.max(...SHAPES.map((s) => s.d));
const K = Math.max(...SHAPES.map((s) => s.k));
const N_TRAIN = Math.max(...SHAPES.map((s) => s.nTrain));
const N_PROVIDER = Math.max(...SHAPES.map((s) => s.nProvider));
const N_VAL = Math.max(...SHAPES.map((s) => s.nVal));
const TABLES = fileURLToPath(new URL('../../../ts/data/tables/', import.meta.url));

/** Header `provider,x1..xd,y` (or `x1..xd,y` without a lead column). */
const header = (d: number, lead: string[] = ['provider']) => [...lead, ...Array.from({ length: d }, (_, i) => `x${i + 1}`), 'y'].join(',');

const dir = mkdtempSync(join(tmpdir(), 'zkml-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}


/** Asserts the parse fails with `code` and a message containing every fragment. */
function rejects(fn: () => unknown, code: string, ...fragments: string[]): void {
  const err = inputError(fn);
  expect(err.code, err.message).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
}

const train = (text: string) => () => parseTrainingCsv(text, { file: 't.csv' });
const val = (text: string) => () => parseValidationCsv(text, { file: 'v.csv' });

describe('training CSV', () => {
  it('parses rows, keeps raw decimals and numbers, providers in order of first appearance', () => {
    const t = parseTrainingCsv('provider,x1,y\nbob,0.5,2\nalice,1e-3,-1.25\nbob,.75,3.\n', { file: 't.csv' });
    expect(t.file).toBe('t.csv');
    expect(t.d).toBe(1);
    expect(t.providers).toEqual(['bob', 'alice']);
    expect(t.rows).toHaveLength(3);
    expect(t.rows[1]).toEqual({ provider: 'alice', line: 3, x: [{ raw: '1e-3', value: 0.001 }], y: { raw: '-1.25', value: -1.25 } });
    expect(t.rows[2]?.x[0]).toEqual({ raw: '.75', value: 0.75 });
    expect(rowsOf(t, 'bob').map((r) => r.line)).toEqual([2, 4]);
  });

  it('tolerates CRLF, a BOM, blank lines, spaces, upper-case header and quoted names', () => {
    const t = parseTrainingCsv('\uFEFFProvider, X1 ,Y\r\n\r\n "Acme, Inc." , 1 , 2 \r\n"say ""hi""",3,4\r\n\r\n');
    expect(t.providers).toEqual(['Acme, Inc.', 'say "hi"']);
    expect(t.rows.map((r) => r.line)).toEqual([3, 4]);
    expect(t.rows[0]?.y.raw).toBe('2');
    // Writing and reading again gives the same data.
    const again = parseTrainingCsv(formatTrainingCsv(t));
    expect(again.providers).toEqual(t.providers);
    expect(again.rows.map((r) => [r.provider, r.x, r.y])).toEqual(t.rows.map((r) => [r.provider, r.x, r.y]));
  });

  it('rejects an empty file or a header without rows', () => {
    rejects(train(''), 'INPUT_EMPTY_FILE', 't.csv', 'empty');
    rejects(train('\n \r\n'), 'INPUT_EMPTY_FILE');
    rejects(train('provider,x1,y\n'), 'INPUT_NO_ROWS', 't.csv', 'no data rows');
  });

  it('rejects a bad header with the expected one', () => {
    rejects(train('name,x1,y\na,1,2\n'), 'INPUT_BAD_HEADER', 't.csv:1', 'provider,x1,y');
    rejects(train('provider,x,y\na,1,2\n'), 'INPUT_BAD_HEADER', 't.csv:1', 'provider,x1,y');
    rejects(train('provider,y\na,2\n'), 'INPUT_BAD_HEADER', 't.csv:1');
    rejects(train('provider,x1,target\na,1,2\n'), 'INPUT_BAD_HEADER');
    rejects(train('x1,y\n1,2\n'), 'INPUT_BAD_HEADER');
  });

  it(`accepts up to D=${D} features and rejects d > D at the header`, () => {
    const t = parseTrainingCsv(`${header(D)}\na,${Array.from({ length: D + 1 }, (_, i) => i + 0.5).join(',')}\n`);
    expect(t.d).toBe(D);
    expect(t.rows[0]?.x.map((v) => v.raw)).toEqual(Array.from({ length: D }, (_, i) => `${i + 0.5}`));
    expect(t.rows[0]?.y.raw).toBe(`${D + 0.5}`);
    rejects(train(`${header(D + 1)}\na,${Array.from({ length: D + 2 }, (_, i) => i).join(',')}\n`), 'INPUT_TOO_MANY_FEATURES', 't.csv:1', `D=${D}`, `${D + 1} features`, `x1..x${D}`);
  });

  it('parses the shipped penguins training table (D = 2)', () => {
    const t = loadTrainingCsv(join(TABLES, 'penguins-training.csv'));
    expect(t.d).toBe(2);
    expect(t.providers).toEqual(Array.from({ length: 7 }, (_, i) => `provider${i + 1}`));
    expect(t.rows).toHaveLength(56);
    expect(t.rows[0]).toEqual({
      provider: 'provider1',
      line: 2,
      x: [{ raw: '218', value: 218 }, { raw: '50', value: 50 }],
      y: { raw: '5.7', value: 5.7 },
    });
    const v = loadValidationCsv(join(TABLES, 'penguins-validation.csv'), { d: t.d });
    expect(v.d).toBe(2);
    expect(v.rows).toHaveLength(32);
  });

  it('rejects a ragged row (wrong column count) with file:line and what is missing or extra', () => {
    rejects(train('provider,x1,y\na,1,2\na,1\n'), 'INPUT_BAD_ROW', 't.csv:3', '2 columns', 'has 3', 'missing y');
    rejects(train('provider,x1,y\na,1,2,3\n'), 'INPUT_BAD_ROW', 't.csv:2', '4 columns', '1 extra value(s) after y');
    rejects(train('provider,x1,x2,y\na,1,2,3\nb\n'), 'INPUT_BAD_ROW', 't.csv:3', '1 columns', 'missing x1,x2,y');
    // An unquoted comma in a provider name makes the row ragged; the message says to quote it.
    rejects(train('provider,x1,y\nAcme, Inc.,1,2\n'), 'INPUT_BAD_ROW', 't.csv:2', 'quote a cell that contains a comma');
    // Blank lines before it do not shift the line number; CRLF does not either.
    rejects(train('provider,x1,y\r\n\r\na,1,2\r\n  \r\na,1\r\n'), 'INPUT_BAD_ROW', 't.csv:5');
    // A lone quoted empty cell is a row of one column, not a blank line.
    rejects(train('provider,x1,y\na,1,2\n""\n'), 'INPUT_BAD_ROW', 't.csv:3', '1 columns');
  });

  it('rejects non-numeric, NaN, Infinity, empty and out-of-range values with file:line and column', () => {
    rejects(train('provider,x1,y\na,1,2\na,abc,2\n'), 'INPUT_NOT_A_NUMBER', 't.csv:3 column x1', '"abc"');
    rejects(train('provider,x1,y\na,1,NaN\n'), 'INPUT_NOT_A_NUMBER', 't.csv:2 column y', 'NaN');
    rejects(train('provider,x1,y\na,Infinity,1\n'), 'INPUT_NOT_A_NUMBER', 't.csv:2 column x1');
    rejects(train('provider,x1,y\na,-inf,1\n'), 'INPUT_NOT_A_NUMBER');
    rejects(train('provider,x1,y\na,,1\n'), 'INPUT_NOT_A_NUMBER', 't.csv:2 column x1', 'empty');
    rejects(train('provider,x1,y\na,1,1000000.5\n'), 'INPUT_OUT_OF_RANGE', 't.csv:2 column y', '1000000.5', '1000000');
    rejects(train('provider,x1,y\na,-2e6,1\n'), 'INPUT_OUT_OF_RANGE', 't.csv:2 column x1');
  });

  it('rejects an empty provider name', () => {
    rejects(train('provider,x1,y\na,1,2\n ,1,2\n'), 'INPUT_EMPTY_PROVIDER', 't.csv:3');
    rejects(train('provider,x1,y\n"",1,2\n'), 'INPUT_EMPTY_PROVIDER', 't.csv:2');
  });

  it('rejects quoting errors with the line of the row', () => {
    rejects(train('provider,x1,y\n"a,1,2\n'), 'INPUT_BAD_CSV', 't.csv:2', 'unterminated');
    // The open quote is reported where its row starts, not at the end of the file.
    rejects(train('provider,x1,y\n\nb,1,2\n"a,1,2\nc,3,4\nd,5,6\n'), 'INPUT_BAD_CSV', 't.csv:4:', 'unterminated');
    rejects(train('"provider,x1,y\na,1,2\n'), 'INPUT_BAD_CSV', 't.csv:1:', 'unterminated');
    rejects(train('\uFEFF\r\n \r\n"provider,x1,y\r\na,1,2\r\n'), 'INPUT_BAD_CSV', 't.csv:3:', 'unterminated');
    rejects(train('provider,x1,y\na"b,1,2\n'), 'INPUT_BAD_CSV', 't.csv:2', 'stray quote');
    rejects(train('provider,x1,y\na,1,2\nb,"3"4,5\n'), 'INPUT_BAD_CSV', 't.csv:3', 'after a quoted cell');
    rejects(train('provider,x1,y\na,1,2\nb, "3" x,5\n'), 'INPUT_BAD_CSV', 't.csv:3', 'after a quoted cell');
  });

  it(`rejects a row longer than ${MAX_ROW_CHARS} bytes`, () => {
    rejects(train(`provider,x1,y\na,1,2\n${'p'.repeat(MAX_ROW_CHARS + 1)},1,2\n`), 'INPUT_BAD_CSV', 't.csv:3', `${MAX_ROW_CHARS} bytes`);
    expect(parseTrainingCsv(`provider,x1,y\n${'p'.repeat(MAX_ROW_CHARS - 10)},1,2\n`).providers[0]).toHaveLength(MAX_ROW_CHARS - 10);
  });

  it('reads quoted fields: commas, quotes and line breaks in names, quoted numbers kept as written', () => {
    const t = parseTrainingCsv('"provider","x1","y"\n"Acme, Inc.","1.50","-2e-3"\n"multi\nline",2,3\nc,4,"5"\n');
    expect(t.providers).toEqual(['Acme, Inc.', 'multi\nline', 'c']);
    expect(t.rows[0]?.x[0]).toEqual({ raw: '1.50', value: 1.5 });
    expect(t.rows[0]?.y).toEqual({ raw: '-2e-3', value: -0.002 });
    // A row is numbered by the line it starts on, also after a line break inside quotes.
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    rejects(train('provider,x1,y\n"multi\nline",2,3\nc,x,5\n'), 'INPUT_NOT_A_NUMBER', 't.csv:4 column x1');
    // A quoted value is still checked as a number.
    rejects(train('provider,x1,y\na,"1,5",2\n'), 'INPUT_NOT_A_NUMBER', 't.csv:2 column x1', '"1,5"');
    rejects(train('provider,x1,y\na," NaN ",2\n'), 'INPUT_NOT_A_NUMBER', 't.csv:2 column x1');
    // Writing and reading again gives the same data.
    const again = parseTrainingCsv(formatTrainingCsv(t));
    expect(again.rows.map((r) => [r.provider, r.x, r.y])).toEqual(t.rows.map((r) => [r.provider, r.x, r.y]));
  });

  it('reads CRLF files, mixed CRLF/LF line ends and a missing final line break', () => {
    const crlf = parseTrainingCsv('provider,x1,x2,y\r\na,1,2,3\r\nb,4,5,6\r\n');
    expect(crlf.d).toBe(2);
    expect(crlf.rows.map((r) => [r.provider, r.line, r.y.raw])).toEqual([
      ['a', 2, '3'],
      ['b', 3, '6'],
    ]);
    const mixed = parseTrainingCsv('provider,x1,y\r\na,1,2\nb,3,4\r\nc,5,6');
    expect(mixed.rows.map((r) => [r.provider, r.line, r.y.raw])).toEqual([
      ['a', 2, '2'],
      ['b', 3, '4'],
      ['c', 4, '6'],
    ]);
    rejects(train('provider,x1,y\r\na,1,2\r\nb,3,Infinity\r\n'), 'INPUT_NOT_A_NUMBER', 't.csv:3 column y');
  });

  it(`accepts K=${K} providers and rejects provider K+1 at its line`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `p${i},${i},${i}`).join('\n');
    expect(parseTrainingCsv(`provider,x1,y\n${rows(K)}\n`).providers).toHaveLength(K);
    rejects(train(`provider,x1,y\n${rows(K + 1)}\n`), 'INPUT_TOO_MANY_PROVIDERS', `t.csv:${K + 2}`, `K=${K}`, `"p${K}"`);
  });

  it(`accepts N_TRAIN=${N_TRAIN} rows and rejects more`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `p${i % 3},${i},${2 * i}`).join('\n');
    expect(parseTrainingCsv(`provider,x1,y\n${rows(N_TRAIN)}\n`).rows).toHaveLength(N_TRAIN);
    rejects(train(`provider,x1,y\n${rows(N_TRAIN + 5)}\n`), 'INPUT_TOO_MANY_ROWS', `t.csv:${N_TRAIN + 2}`, `N_TRAIN=${N_TRAIN}`, `${N_TRAIN + 5} in the file`);
  });
});

describe('validation CSV', () => {
  it('parses rows', () => {
    const v = parseValidationCsv('x1,y\n0.5,2\n-1,3e2\n');
    expect(v.d).toBe(1);
    expect(v.rows).toEqual([
      { line: 2, x: [{ raw: '0.5', value: 0.5 }], y: { raw: '2', value: 2 } },
      { line: 3, x: [{ raw: '-1', value: -1 }], y: { raw: '3e2', value: 300 } },
    ]);
    expect(parseValidationCsv(formatValidationCsv(v)).rows).toEqual(v.rows);
  });

  it('rejects bad headers, feature mismatch, bad rows and bad values', () => {
    rejects(val(''), 'INPUT_EMPTY_FILE');
    rejects(val('x1,y\n'), 'INPUT_NO_ROWS');
    rejects(val('provider,x1,y\na,1,2\n'), 'INPUT_BAD_HEADER', 'v.csv:1', 'x1,y');
    rejects(val(`${header(D + 1, [])}\n${Array.from({ length: D + 2 }, (_, i) => i).join(',')}\n`), 'INPUT_TOO_MANY_FEATURES', 'v.csv:1', `D=${D}`);
    expect(parseValidationCsv(`${header(D, [])}\n${Array.from({ length: D + 1 }, (_, i) => i).join(',')}\n`).d).toBe(D);
    rejects(() => parseValidationCsv('x1,y\n1,2\n', { file: 'v.csv', d: 2 }), 'INPUT_FEATURE_MISMATCH', 'v.csv:1');
    rejects(val('x1,y\n1,2\n3\n'), 'INPUT_BAD_ROW', 'v.csv:3', 'missing y');
    rejects(val('x1,y\r\n1,2\r\n3,4,5\r\n'), 'INPUT_BAD_ROW', 'v.csv:3', '3 columns', 'has 2');
    rejects(val('x1,y\n1,"2\n'), 'INPUT_BAD_CSV', 'v.csv:2', 'unterminated');
    rejects(val('x1,y\n1,2\n1,NaN\n'), 'INPUT_NOT_A_NUMBER', 'v.csv:3 column y');
    rejects(val('x1,y\n1,Infinity\n'), 'INPUT_NOT_A_NUMBER', 'v.csv:2 column y');
    rejects(val('x1,y\n,1\n'), 'INPUT_NOT_A_NUMBER', 'v.csv:2 column x1', 'empty');
    rejects(val('x1,y\n1,-1000000.0001\n'), 'INPUT_OUT_OF_RANGE', 'v.csv:2 column y');
    rejects(val('x1,y\n1,NaN\n'), 'INPUT_NOT_A_NUMBER', 'v.csv:2 column y');
    rejects(val('x1,y\n1e7,1\n'), 'INPUT_OUT_OF_RANGE', 'v.csv:2 column x1');
  });

  it(`accepts N_VAL=${N_VAL} rows and rejects more`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${i}`).join('\n');
    expect(parseValidationCsv(`x1,y\n${rows(N_VAL)}\n`).rows).toHaveLength(N_VAL);
    rejects(val(`x1,y\n${rows(N_VAL + 1)}\n`), 'INPUT_TOO_MANY_ROWS', `v.csv:${N_VAL + 2}`, `N_VAL=${N_VAL}`);
  });
});

describe('loading files', () => {
  it('loads both files and names the path in errors', () => {
    const t = file('train.csv', 'provider,x1,y\na,1,3\nb,2,5\n');
    const v = file('val.csv', 'x1,y\n3,7\n');
    const { training, validation } = loadDatasets(t, v);
    expect(training.file).toBe(t);
    expect(training.providers).toEqual(['a', 'b']);
    expect(validation.rows).toHaveLength(1);
    rejects(() => loadTrainingCsv(file('bad.csv', 'provider,x1,y\na,1,x\n')), 'INPUT_NOT_A_NUMBER', `${join(dir, 'bad.csv')}:2 column y`);
  });

  it('reports a missing file, a directory and an empty file', () => {
    const missing = join(dir, 'nope.csv');
    rejects(() => loadTrainingCsv(missing), 'INPUT_FILE_MISSING', missing, 'not found');
    rejects(() => loadValidationCsv(missing), 'INPUT_FILE_MISSING', 'validation');
    mkdirSync(join(dir, 'a-dir'));
    rejects(() => loadTrainingCsv(join(dir, 'a-dir')), 'INPUT_FILE_MISSING', 'not a regular file');
    rejects(() => loadTrainingCsv(file('empty.csv', '')), 'INPUT_EMPTY_FILE', join(dir, 'empty.csv'));
  });
});

describe("one provider's rows without a provider column (zkml register --data)", () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `${i % 7},${i % 5}`).join('\n');
  it(`takes up to N_PROVIDER=${N_PROVIDER} rows (one registration; the validation limit is ${N_VAL}), CRLF and a BOM`, () => {
    expect(N_PROVIDER).toBe(512);
    expect(parseProviderCsv(`x1,y\n${body(N_PROVIDER)}\n`).rows).toHaveLength(N_PROVIDER);
    const crlf = parseProviderCsv('\uFEFFx1,y\r\n1.5,2\r\n3,4.0001\r\n');
    expect(crlf.rows.map((r) => [r.x[0]!.raw, r.y.raw])).toEqual([['1.5', '2'], ['3', '4.0001']]);
    rejects(() => parseProviderCsv(`x1,y\n${body(N_PROVIDER + 1)}\n`, { file: 'm.csv' }), 'INPUT_TOO_MANY_ROWS', `more than ${N_PROVIDER} training rows`, `N_PROVIDER=${N_PROVIDER}`);
    // The validation loader keeps its own limit.
    rejects(() => parseValidationCsv(`x1,y\n${body(N_VAL + 1)}\n`, { file: 'v.csv' }), 'INPUT_TOO_MANY_ROWS', `more than ${N_VAL} validation rows`);
  });
});

describe('values with more than 4 decimals', () => {
  it('are refused, naming the row and the column, because rounding would change the commitment', () => {
    rejects(val('x1,y\n1,2\n0.12345,3\n'), 'INPUT_TOO_PRECISE', 'v.csv:3 column x1', '"0.12345" has more than 4 decimals', 'commitment');
    rejects(train('provider,x1,y\na,1,2\nb,3,4.00001\n'), 'INPUT_TOO_PRECISE', 't.csv:3 column y');
    rejects(val('x1,y\n1,1e-5\n'), 'INPUT_TOO_PRECISE', 'v.csv:2 column y');
    rejects(val('x1,y\n1,1e-400\n'), 'INPUT_TOO_PRECISE', 'v.csv:2 column y');
  });
  it('are accepted when the extra decimals are zeros (the value is exact)', () => {
    const v = parseValidationCsv('x1,y\n1.50000,2.1234000\n2e-4,-0.0001\n0.00000,1.2345e3\n');
    expect(v.rows.map((r) => [r.x[0]!.raw, r.y.raw])).toEqual([['1.50000', '2.1234000'], ['2e-4', '-0.0001'], ['0.00000', '1.2345e3']]);
  });
});
