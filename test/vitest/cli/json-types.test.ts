/**
 * The `--json` field types are the same in every command (the convention of ts/cli/output.ts):
 * commands that need no chain (`value`, `value --rows` exact and Monte Carlo, `commit` for
 * providers and the validation set, `--version`, an error document) are run and every field is
 * checked. The chain commands' documents are checked with the same checker in zkml-round.test.ts.
 * The checker can fail: a document with a float, a number for wei, an exponent, a lowercase
 * address mixed-case, a short field element is refused field by field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decimalString } from '../../../ts/cli/output.js';
import { formatTrainingCsv, formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { cliIn, ok } from '../helpers/cli.js';
import { jsonConventionErrors } from '../helpers/json-convention.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-json-'));
const zkml = cliIn(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const data = generateSynthetic({ seed: 11, providers: 4, poison: { provider: 3, mode: 'reverse' } });
const TRAINING = file('training.csv', formatTrainingCsv(data.training));
const VALIDATION = file('validation.csv', formatValidationCsv(data.validation));
const PENGUINS_TRAINING = join(PACKAGE_ROOT, 'ts', 'data', 'tables', 'penguins-training.csv');
const PENGUINS_VALIDATION = join(PACKAGE_ROOT, 'ts', 'data', 'tables', 'penguins-validation.csv');
const PAYEE = { PRIVATE_KEY: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' };

describe('--json field types', () => {
  it('every command without a chain follows the convention, field by field', async () => {
    const runs = await Promise.all([
      zkml(['value', '--data', TRAINING, '--validation', VALIDATION, '--json']),
      zkml(['value', '--data', TRAINING, '--validation', VALIDATION, '--rows', 'provider4', '--max-permutations', '200', '--json']),
      zkml(['value', '--data', PENGUINS_TRAINING, '--validation', PENGUINS_VALIDATION, '--rows', 'provider3', '--seed', '2', '--json']),
      zkml(['commit', '--data', TRAINING, '--provider', 'provider1', '--validation', VALIDATION, '--salts', 'one.salts.json', '--quiet', '--json'], PAYEE),
      zkml(['--version', '--json']),
    ]);
    const docs = runs.map((r) => JSON.parse(ok(r)) as { ok: boolean });
    for (const doc of docs) expect(doc.ok).toBe(true);
    expect(docs.flatMap((d) => jsonConventionErrors(d))).toEqual([]);
    // The checked documents do hold each kind of field.
    const text = JSON.stringify(docs);
    for (const key of ['"shapley"', '"standardError"', '"commitment"', '"payee"', '"rows"', '"note"']) expect(text).toContain(key);
    // An error document, too.
    const failed = await zkml(['value', '--data', 'nope.csv', '--validation', VALIDATION, '--json']);
    expect(failed.code).toBe(1);
    expect(jsonConventionErrors(JSON.parse(failed.stdout))).toEqual([]);
  });

  it('the checker refuses each kind of deviation', () => {
    const doc = {
      ok: true,
      result: {
        amount: 1000000000000000000,
        gasUsed: '12e3',
        shapley: ['0.5', 0.25, '1.2e-7'],
        rows: 12,
        weight: 3,
        account: '0x70997970c51812dc3a010c7d01b50e0d17dc79C8',
        commitment: '0x1234',
        ratio: 0.5,
      },
    };
    expect(jsonConventionErrors(doc).map((e) => e.split(':')[0])).toEqual([
      '$.result.amount',
      '$.result.gasUsed',
      '$.result.shapley[1]',
      '$.result.shapley[2]',
      '$.result.weight',
      '$.result.account',
      '$.result.commitment',
      '$.result.ratio',
    ]);
  });

  it('real values print as plain decimals, never with an exponent', () => {
    expect(decimalString(1.2345678e-7, 8)).toBe('0.00000012345678');
    expect(decimalString(-9.99999999e-8, 3)).toBe('-0.000000100');
    expect(decimalString(0.0069145612, 8)).toBe('0.0069145612');
    expect(decimalString(123456789.5, 3)).toBe('123000000');
    expect(decimalString(123456789.5, 12)).toBe('123456789.500');
    expect(decimalString(0, 3)).toBe('0.00');
    expect(() => decimalString(Number.NaN, 3)).toThrow(RangeError);
  });
});
