import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTrainingCsv, formatValidationCsv } from '../../../ts/data/csv.js';
import { toFixed } from '../../../ts/data/fixed-point.js';
import { GENTOO_ROWS, PENGUINS_CSV_PATH, PENGUINS_CSV_SHA256, loadPenguins, writePenguinsCsv } from '../../../ts/data/tables/penguins.js';
import { inputError } from '../helpers/errors.js';

const DIR = dirname(PENGUINS_CSV_PATH);

describe('the shipped penguins table', () => {
  it('is the file named in its README (SHA-256)', () => {
    const sha = createHash('sha256').update(readFileSync(PENGUINS_CSV_PATH)).digest('hex');
    expect(sha).toBe(PENGUINS_CSV_SHA256);
    expect(readFileSync(join(DIR, 'README.md'), 'utf8')).toContain(sha);
  });

  it('splits into 7 providers × 8 rows and 32 validation rows of real Gentoo rows, none twice', () => {
    const { training, validation, sizes } = loadPenguins();
    expect(training.d).toBe(2);
    expect(training.providers).toEqual(['provider1', 'provider2', 'provider3', 'provider4', 'provider5', 'provider6', 'provider7']);
    expect(sizes).toEqual([8, 8, 8, 8, 8, 8, 8]);
    expect(validation.rows).toHaveLength(32);
    // Every row is a distinct Gentoo line of the table: flipper, bill, grams = 1000·kg.
    const source = readFileSync(PENGUINS_CSV_PATH, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const pool = source.filter((c) => c[0] === 'Gentoo' && c[2] !== 'NA').map((c) => `${c[4]}|${c[2]}|${c[5]}`);
    expect(pool).toHaveLength(GENTOO_ROWS);
    for (const r of [...training.rows, ...validation.rows]) {
      const grams = toFixed(r.y.raw, 1000n).toString();
      const key = `${r.x[0]!.raw}|${r.x[1]!.raw}|${grams}`;
      const at = pool.indexOf(key);
      expect(at, key).toBeGreaterThanOrEqual(0);
      pool.splice(at, 1);
      for (const v of [...r.x, r.y]) expect(toFixed(v.raw, 10000n)).toBe(BigInt(Math.round(v.value * 10000)));
    }
    expect(pool).toHaveLength(GENTOO_ROWS - 56 - 32);
  });

  it('is deterministic for a seed and honours the options', () => {
    expect(loadPenguins({ seed: 4 })).toEqual(loadPenguins({ seed: 4 }));
    expect(loadPenguins({ seed: 4 }).validation.rows).not.toEqual(loadPenguins({ seed: 5 }).validation.rows);
    const big = loadPenguins({ providers: 7, trainingRows: 91, validationRows: 32 });
    expect(big.sizes).toEqual([13, 13, 13, 13, 13, 13, 13]);
  });

  it('ships the default split as CSV (drift test: regenerate with writePenguinsCsv)', () => {
    const { training, validation } = loadPenguins();
    expect(readFileSync(join(DIR, 'penguins-training.csv'), 'utf8')).toBe(formatTrainingCsv(training));
    expect(readFileSync(join(DIR, 'penguins-validation.csv'), 'utf8')).toBe(formatValidationCsv(validation));
    const out = writePenguinsCsv(mkdtempSync(join(tmpdir(), 'penguins-')));
    expect(readFileSync(out.trainingPath, 'utf8').split('\n')[0]).toBe('provider,x1,x2,y');
    expect(readFileSync(out.validationPath, 'utf8').split('\n')[0]).toBe('x1,x2,y');
  });

  it('refuses splits that do not fit the table', () => {
    expect(inputError(() => loadPenguins({ trainingRows: 92 })).code).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => loadPenguins({ validationRows: 0 })).code).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => loadPenguins({ providers: 57 })).code).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => loadPenguins({ seed: -3 })).code).toBe('INPUT_BAD_OPTION');
  });
});
