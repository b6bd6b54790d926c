/**
 * The `zkml` CLI as a user runs it, without a chain: every case spawns `tsx ts/cli/zkml.ts ...` in
 * a scratch folder and checks exit code, stdout and stderr. Independent commands run concurrently.
 *
 * - `value --json` prints exactly the SDK's numbers and names the smallest shape that fits
 *   (k8d1n128 for one feature, k8d1n265 past 128 rows, k7d2n132 for the two-feature penguins);
 *   `--rows` values each row of one provider and `--chart` writes an SVG of them.
 * - `--version`, `--help` (which lists the environment variables), an unknown command ("did you
 *   mean"), and `--json` error documents.
 * - Every bad input is refused with exactly one line `zkml: …` on stderr, nothing on stdout, no
 *   stack trace, and the exit code of its kind: 2 for a usage error (a bad command line), 1 for a
 *   runtime error (a file that is missing, malformed or does not fit).
 * The chain commands are exercised on anvil by zkml-round.test.ts and zkml-penguins.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packageVersion } from '../../../ts/files/package-root.js';
import { computeValues, type RowValuesResult } from '../../../ts/cli/commands/value.js';
import { ROW_GAME_ALONE, ROW_GAME_WITH_OTHERS } from '../../../ts/valuation/provider-row-values.js';
import { formatTrainingCsv, formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { cliIn, ok, refused, result, type Run } from '../helpers/cli.js';

const PENGUINS_TRAINING = join(PACKAGE_ROOT, 'ts', 'data', 'tables', 'penguins-training.csv');
const PENGUINS_VALIDATION = join(PACKAGE_ROOT, 'ts', 'data', 'tables', 'penguins-validation.csv');
const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-'));
const zkml = cliIn(dir);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});






const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const data = generateSynthetic({ seed: 11, providers: 4, poison: { provider: 3, mode: 'reverse' } });
const trainingPath = file('training.csv', formatTrainingCsv(data.training));
const validationPath = file('validation.csv', formatValidationCsv(data.validation));

describe('zkml value', () => {
  it("--json prints exactly the SDK's numbers and names the smallest shape that fits", async () => {
    const header = 'provider,x1,y\n';
    const rows = (n: number, providers: number) => Array.from({ length: n }, (_, i) => `p${i % providers},${(i % 7) / 10},${(i % 11) / 10}`).join('\n');
    const wide = file('wide.csv', `${header}${rows(200, 3)}\n`);
    const [plain, ridge, text, big, penguins] = await Promise.all([
      zkml(['value', '--data', trainingPath, '--validation', validationPath, '--json']),
      // Relative paths are the working directory's (the scratch folder).
      zkml(['value', '--data', 'training.csv', '--validation', 'validation.csv', '--lambda', '0.5', '--json']),
      zkml(['value', '--data', trainingPath, '--validation', validationPath]),
      zkml(['value', '--data', wide, '--validation', validationPath, '--json']),
      zkml(['value', '--data', PENGUINS_TRAINING, '--validation', PENGUINS_VALIDATION, '--json']),
    ]);
    const first = result<ReturnType<typeof computeValues>>(plain, 'value');
    expect(first).toEqual(computeValues(trainingPath, validationPath));
    expect(first.shape).toEqual({ name: 'k8d1n128', k: 8, d: 1, nTrain: 128, range: '|x|, |y| ≤ 10^6', chosen: 'smallest' });
    const json = result<ReturnType<typeof computeValues>>(ridge, 'value');
    expect(json).toEqual(computeValues(trainingPath, validationPath, '0.5'));
    expect(json.providers.map((p) => p.name)).toEqual(['provider1', 'provider2', 'provider3', 'provider4']);
    // Fixed-point values are exact decimal strings; the poisoned provider is worth less than nothing.
    expect(json.providers[3]!.shapley).toMatch(/^-\d+\.\d{1,8}$/);
    const human = ok(text);
    expect(human).toMatch(/provider4 +25 +-\d+\.\d{8}/);
    expect(human).toMatch(/^shape k8d1n128 \(8 providers, 1 feature, 128 rows, \|x\|, \|y\| ≤ 10\^6\), the smallest that holds the data$/m);
    expect(text.stderr).toBe('');
    // 200 rows do not fit N = 128: the next shape up.
    expect(result<{ shape: { name: string } }>(big, 'value').shape.name).toBe('k8d1n265');
    // Two features, seven providers: the shipped penguin table picks the 2-feature shape.
    const p = result<ReturnType<typeof computeValues>>(penguins, 'value');
    expect(p.shape).toEqual({ name: 'k7d2n132', k: 7, d: 2, nTrain: 132, range: '|x|, |y| ≤ 10^6', chosen: 'smallest' });
    expect(p.providers).toHaveLength(7);
    expect(p.providers.every((x) => x.rows === 8)).toBe(true);
    expect(p.model.w).toHaveLength(2);
  });

  it('--rows values each row of one provider (seeded) and --chart writes an SVG of them', async () => {
    const args = ['value', '--data', trainingPath, '--validation', validationPath, '--rows', 'provider4', '--max-permutations', '300', '--json'];
    const exactArgs = ['value', '--data', PENGUINS_TRAINING, '--validation', PENGUINS_VALIDATION, '--rows', 'provider3', '--quiet'];
    const [a, b, charted, penguins, exactFlagged, exactJson] = await Promise.all([
      zkml(args),
      zkml(args),
      zkml(['value', '--data', trainingPath, '--validation', validationPath, '--rows', 'provider2', '--chart', 'rows.svg', '--alone', '--seed', '3', '--max-permutations', '300', '--quiet']),
      zkml(exactArgs),
      zkml([...exactArgs, '--seed', '5', '--tolerance', '0.05']),
      zkml([...exactArgs, '--max-permutations', '10', '--json']),
    ]);
    type Rows = ReturnType<typeof computeValues> & { rowValues: RowValuesResult };
    const r = result<Rows>(a, 'value');
    // Seeded: the same command gives the same numbers.
    expect(result<Rows>(b, 'value')).toEqual(r);
    expect(r.rowValues).toMatchObject({ provider: 'provider4', withOthers: true, seed: 1, method: 'monte-carlo', game: ROW_GAME_WITH_OTHERS, sumIs: 'the Shapley value of provider4' });
    // 25 rows with 3 other providers: Monte Carlo; its values add up to provider4's φ (decimal strings).
    expect(r.rowValues.sum).toMatch(/^-?\d+(\.\d+)?(e-?\d+)?$/);
    expect(r.rowValues.shapley).toBe(r.providers[3]!.shapley);
    expect(Math.abs(Number(r.rowValues.sum) - Number(r.rowValues.shapley))).toBeLessThan(1e-6);
    expect(typeof r.rowValues.converged).toBe('boolean');
    expect(Number(r.rowValues.maxStandardError)).toBeGreaterThan(0);
    expect(r.rowValues.permutations).toBeGreaterThan(0);
    expect(r.rowValues.permutations).toBeLessThanOrEqual(300);
    const size = data.sizes[3]!;
    expect(r.rowValues.rows).toHaveLength(size);
    // CSV lines of provider4's rows (line 1 is the header).
    const lines = data.training.rows.flatMap((row, i) => (row.provider === 'provider4' ? [i + 2] : []));
    expect(r.rowValues.rows.map((x) => x.line)).toEqual(lines);
    expect(r.rowValues.rows.every((x) => Number.isFinite(Number(x.value)) && Number(x.standardError) >= 0)).toBe(true);
    // The poisoned provider's rows are, on the whole, harmful.
    expect(r.rowValues.rows.reduce((t, x) => t + Number(x.value), 0)).toBeLessThan(0);

    const human = ok(charted);
    expect(human).toMatch(/row values of provider2 \(\d+ permutations, Monte Carlo: max SE \S+, (converged|NOT converged: raise --max-permutations)\)/);
    expect(human).toContain(`game: ${ROW_GAME_ALONE}; they add up to `);
    expect(human).toMatch(/= v\(all rows of provider2\), their value alone \(not its Shapley value -?\d+\.\d+\)/);
    // A small provider (8 rows, 6 others) is valued exactly; the line names the game and φ.
    const exactText = ok(penguins);
    expect(exactText).toContain('row values of provider3 (exact):');
    expect(exactText).toContain(`game: ${ROW_GAME_WITH_OTHERS}; they add up to -0.0069145`);
    expect(exactText).toMatch(/they add up to -0\.0069145\d* = φ of provider3, its Shapley value \(-0\.00691456 above/);
    expect(exactText).toMatch(/^ *18 +0\.0297\d+ +0 \(exact\)$/m);
    expect(exactText).not.toContain('do not apply');
    // Monte Carlo flags given to an exact enumeration change nothing, and the output says so.
    const flaggedText = ok(exactFlagged);
    expect(flaggedText).toContain('\nexact enumeration: --seed and --tolerance do not apply (they tune the Monte Carlo estimate of larger providers)\n');
    expect(flaggedText.replace(/^exact enumeration: .*\n/m, '')).toBe(exactText);
    const exact = result<Rows>(exactJson, 'value').rowValues;
    expect(exact).toMatchObject({ method: 'exact', note: 'exact enumeration: --max-permutations does not apply (they tune the Monte Carlo estimate of larger providers)' });
    expect(exact).not.toHaveProperty('seed');
    expect(r.rowValues).not.toHaveProperty('note');
    expect(charted.stderr).toBe('');
    const svg = readFileSync(join(dir, 'rows.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).toContain('Row values of provider2');
  });
});

describe('the command line', () => {
  it('--version, --help (with the environment variables), command help, and "did you mean" for an unknown command', async () => {
    const [version, versionJson, help, none, valueHelp, typo, typoJson, stranger] = await Promise.all([
      zkml(['--version']),
      zkml(['--version', '--json']),
      zkml(['--help']),
      zkml([]),
      zkml(['value', '--help']),
      zkml(['valeu', '--data', 'x.csv']),
      zkml(['setle', '--json']),
      zkml(['frobnicate']),
    ]);
    const v = packageVersion();
    expect(v).toMatch(/^\d+\.\d+\.\d+/);
    expect(ok(version)).toBe(`${v}\n`);
    expect(result(versionJson, 'version')).toEqual({ version: v });
    const text = ok(help);
    for (const command of ['value', 'prove', 'verify', 'deploy', 'create-round', 'commit', 'register', 'deliver', 'status', 'settle', 'submit', 'claim', 'withdraw', 'reclaim']) {
      expect(text).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
    expect(text).toMatch(/^environment:$/m);
    for (const env of ['PRIVATE_KEY', 'ETH_RPC_URL', 'CRS_PATH', 'ZKML_DEBUG', 'NO_COLOR']) expect(text).toMatch(new RegExp(`^  ${env} +\\S`, 'm'));
    expect(text).toContain('exit codes: 0 success, 1 runtime error, 2 usage error.');
    // No command at all: the help, but a usage error.
    expect(none.code).toBe(2);
    expect(none.stdout).toBe(text);
    const vh = ok(valueHelp);
    expect(vh).toMatch(/^usage: zkml value \[flags\]/);
    for (const flag of ['--data', '--validation', '--lambda', '--rows', '--chart', '--json']) expect(vh).toContain(flag);
    refused(typo, 2, /^zkml: unknown command "valeu"\. Did you mean "value"\? Run `zkml --help` for the list of commands\.$/);
    refused(typoJson, 2, /unknown command "setle"\. Did you mean "settle"\?/, { command: 'setle', code: 'UNKNOWN_COMMAND' });
    const line = refused(stranger, 2, /unknown command "frobnicate"\./);
    expect(line).not.toContain('Did you mean');
  });

  it('refuses every bad input with one clear line: exit 2 for a usage error, 1 for a runtime error', async () => {
    const header = 'provider,x1,y\n';
    const rows = (n: number, providers = 1) => Array.from({ length: n }, (_, i) => `p${i % providers},${(i % 7) / 10},${i / 10}`).join('\n');
    const key = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
    const cases: [string, string[], 1 | 2, RegExp, { command: string | null; code: string }?][] = [
      // Runtime errors: the command line is right, the files are not.
      ['missing file', ['value', '--data', 'nope.csv', '--validation', validationPath], 1, /training file not found: .*nope\.csv/],
      ['malformed CSV', ['value', '--data', file('bad-columns.csv', `${header}a,0.1\n`), '--validation', validationPath], 1, /bad-columns\.csv:2: 2 columns but the header/],
      ['NaN', ['value', '--data', file('nan.csv', `${header}a,NaN,1\n`), '--validation', validationPath], 1, /nan\.csv:2 column x1: "NaN" is not a number/],
      ['too many providers', ['value', '--data', file('providers.csv', `${header}${rows(9, 9)}\n`), '--validation', validationPath], 1, /providers\.csv:10: provider "p8" would be provider 9; the shipped shapes take at most K=8 providers/],
      ['too many rows', ['value', '--data', file('rows.csv', `${header}${rows(4097, 2)}\n`), '--validation', validationPath], 1, /rows\.csv:4098: more than 4096 training rows \(4097 in the file\); the largest shipped shape takes N_TRAIN=4096/],
      ['out of range', ['value', '--data', file('range.csv', `${header}a,2000000,1\n`), '--validation', validationPath], 1, /out of range: \|value\| must be at most 1000000/],
      ['feature mismatch', ['value', '--data', trainingPath, '--validation', PENGUINS_VALIDATION], 1, /feature|column/i],
      ['unknown provider for --rows', ['value', '--data', trainingPath, '--validation', validationPath, '--rows', 'nobody'], 1, /training\.csv has no provider "nobody"; its providers are provider1, provider2, provider3, provider4\./],
      ['JSON error document', ['value', '--data', 'nope.csv', '--validation', validationPath, '--json'], 1, /training file not found/, { command: 'value', code: 'INPUT_FILE_MISSING' }],
      ['not a proof file', ['verify', validationPath], 1, /validation\.csv/],
      // Usage errors: the command line itself is wrong.
      ['unknown flag', ['value', '--data', trainingPath, '--validation', validationPath, '--lamda', '1'], 2, /unknown flag --lamda\. Did you mean --lambda\?/],
      ['missing flag', ['value', '--data', trainingPath], 2, /--validation/],
      ['--chart without --rows', ['value', '--data', trainingPath, '--validation', validationPath, '--chart', 'c.svg'], 2, /--chart needs --rows PROVIDER/],
      ['bad --tolerance', ['value', '--data', trainingPath, '--validation', validationPath, '--rows', 'provider1', '--tolerance', '2'], 2, /--tolerance must be a number between 0 and 1/],
      ['verify without a file', ['verify'], 2, /PROOF/],
      ['key on argv', ['status', '--private-key', key], 2, /unknown flag --private-key\. Keys are never taken from the command line.*PRIVATE_KEY/],
      ['key on argv, --json', ['register', '--round', '1', '--data', 'x.csv', '--key', key, '--json'], 2, /Keys are never taken from the command line/, { command: 'register', code: 'ARGS_UNKNOWN_FLAG' }],
      ['bad key in the environment', ['withdraw', '--rpc-url', 'http://127.0.0.1:9'], 1, /PRIVATE_KEY/],
      // A misspelt owner's secrets file is named as missing, before anything is sent or proven.
      ['missing secrets file (settle)', ['settle', '--rpc-url', 'http://127.0.0.1:9', '--round', '1', '--validation', validationPath, '--secrets', 'nope-owner.json', '--json'], 1, /file not found: nope-owner\.json .* Pass --secrets the file `zkml create-round --secrets` wrote\.$/, { command: 'settle', code: 'SECRETS_NOT_FOUND' }],
      ['missing secrets file (prove)', ['prove', '--rpc-url', 'http://127.0.0.1:9', '--round', '1', '--validation', validationPath, '--secrets', 'nope-owner.json', '--out', 'p.json'], 1, /file not found: nope-owner\.json/],
    ];
    const envOf = (what: string): Record<string, string> => (what === 'bad key in the environment' ? { PRIVATE_KEY: 'not-a-key' } : what.startsWith('missing secrets') ? { PRIVATE_KEY: key } : {});
    const runs = await Promise.all(cases.map(([what, args]) => zkml(args, envOf(what))));
    const failures: string[] = [];
    cases.forEach(([what, , code, pattern, json], i) => {
      try {
        const line = refused(runs[i]!, code, pattern, json);
        if (what.startsWith('key on argv')) expect(line).not.toContain(key);
        if (what === 'bad key in the environment') expect(line).not.toContain('not-a-key');
      } catch (err) {
        failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    expect(failures).toEqual([]);
    // --chart without --rows wrote nothing.
    expect(existsSync(join(dir, 'c.svg'))).toBe(false);
  });
});

describe('papercuts: exit codes, files, keys', () => {
  const KEY = { PRIVATE_KEY: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' };
  const unreachable = ['--rpc-url', 'http://127.0.0.1:9'];

  it('a flag value that does not parse or is out of range is a usage error (exit 2) naming the flag', async () => {
    const create = ['create-round', ...unreachable, '--validation', validationPath, '--secrets', join(dir, 'never.json')];
    const cases: [string[], RegExp][] = [
      [['claim', ...unreachable, '--round', 'abc'], /--round must be a round id/],
      [[...create, '--reward', 'abc'], /--reward must be an amount of ETH/],
      [['status', ...unreachable, '--contract', '0x1234'], /--contract must be an address/],
      [['status', '--rpc-url', 'notaurl'], /--rpc-url must be an http\(s\) URL/],
      [[...create, '--reward', '1', '--lambda', '0.001'], /--lambda 0\.001/],
      [[...create, '--reward', '1', '--max-providers', '9'], /--max-providers must be between 1 and 8, got 9/],
      [[...create, '--reward', '1', '--registration-seconds', '10'], /--registration-seconds must be between 3600/],
      // Mixed case that fails EIP-55 (last letter's case flipped); all-lowercase is taken as it is.
      [['status', ...unreachable, '--account', '0x70997970C51812dc3A010C7d01b50e0d17dc79c8'], /--account 0x70997970C51812dc3A010C7d01b50e0d17dc79c8 has a bad EIP-55 checksum/],
    ];
    const runs = await Promise.all(cases.map(([args]) => zkml(args, KEY)));
    runs.forEach((r, i) => refused(r, 2, cases[i]![1]));
    // All-lowercase and all-uppercase hex pass the flag check (the node is then unreachable: exit 1).
    const [lower, upper] = await Promise.all([
      zkml(['status', ...unreachable, '--account', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8']),
      zkml(['status', ...unreachable, '--account', '0x70997970C51812DC3A010C7D01B50E0D17DC79C8']),
    ]);
    // The SDK's message names its option; the CLI adds the flag.
    const unreachableLine = /cannot reach the node at http:\/\/127\.0\.0\.1:9; is it running\? Check the node's URL \(the rpcUrl option\)\. Nothing was sent\. Check --rpc-url \(default \$ETH_RPC_URL, else http:\/\/127\.0\.0\.1:8545\)\.$/;
    refused(lower, 1, unreachableLine);
    refused(upper, 1, unreachableLine);
  });

  it('a missing file is exit 1', async () => {
    refused(await zkml(['value', '--data', 'nope.csv', '--validation', validationPath]), 1, /training file not found: nope\.csv/);
  });

  it('settle refuses the provider salts file given as the owner secrets file, saying which is which', async () => {
    const salts = file('mine.salts.json', JSON.stringify({ providers: { alice: '0x01' }, validation: '0x02' }));
    const r = await zkml(['settle', ...unreachable, '--round', '1', '--validation', validationPath, '--secrets', salts], KEY);
    refused(r, 1, /mine\.salts\.json is a provider salts file \(written by `zkml commit --salts`.*not the owner's secrets file: pass --secrets the file `zkml create-round --secrets` wrote/);
  });

  it('prove --out refuses an existing file unless --force', async () => {
    const out = file('existing-proof.json', '{}');
    const payees = file('payees.json', '{}');
    const args = ['prove', '--data', trainingPath, '--validation', validationPath, '--payees', payees, '--out', out];
    refused(await zkml(args), 1, /--out .*existing-proof\.json already exists; pass --force to overwrite it/);
    expect(readFileSync(out, 'utf8')).toBe('{}');
    // With --force the file is no longer the refusal (the empty payees file is, before any proving).
    const forced = await zkml([...args, '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stderr).not.toMatch(/already exists/);
  });
});
