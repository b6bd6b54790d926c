import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../ts/errors.js';
import {
  formatTrainingCsv,
  formatValidationCsv,
  loadDatasets,
  loadTrainingCsv,
  loadValidationCsv,
  parseTrainingCsv,
  parseValidationCsv,
  rowsOf,
} from '../../../ts/data/csv.js';
import { K, N_TRAIN, N_VAL } from '../../../ts/protocol/layout.js';
import { inputError } from '../helpers/errors.js';

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

  it('rejects more features than the circuit supports (d > D)', () => {
    rejects(train('provider,x1,x2,y\na,1,2,3\n'), 'INPUT_TOO_MANY_FEATURES', 't.csv:1', 'D=1');
  });

  it('rejects a wrong column count with file:line', () => {
    rejects(train('provider,x1,y\na,1,2\na,1\n'), 'INPUT_BAD_ROW', 't.csv:3', '2 columns', 'has 3');
    rejects(train('provider,x1,y\na,1,2,3\n'), 'INPUT_BAD_ROW', 't.csv:2', '4 columns');
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

  it('rejects quoting errors', () => {
    rejects(train('provider,x1,y\n"a,1,2\n'), 'INPUT_BAD_CSV', 't.csv:2', 'unterminated');
    rejects(train('provider,x1,y\na"b,1,2\n'), 'INPUT_BAD_CSV', 't.csv:2');
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
    rejects(val('x1,x2,y\n1,2,3\n'), 'INPUT_TOO_MANY_FEATURES');
    rejects(() => parseValidationCsv('x1,y\n1,2\n', { file: 'v.csv', d: 2 }), 'INPUT_FEATURE_MISMATCH', 'v.csv:1');
    rejects(val('x1,y\n1,2\n3\n'), 'INPUT_BAD_ROW', 'v.csv:3');
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
