/**
 * Shapes with a data range, through the real `zkml` CLI (issue 15, "Shapes with a data range"):
 * - offline, `value` and `prove` say which shape they picked and its range (`shape k8d1n128
 *   (8 providers, 1 feature, 128 rows, |x|, |y| ≤ 10^6), the smallest that holds the data`);
 * - data that fits no shape is refused (exit 1) naming the largest shapes for its D and their
 *   ranges, and, when the range is what fails, the power of ten to divide by;
 * - on anvil, `status` shows the round's shape with its range, and `register` refuses
 *   out-of-range rows before proving (exit 1, `DATA_OUT_OF_RANGE`), as does the SDK's
 *   `registerProvider`.
 * The four-feature shapes k5d4n109 and k5d4n165e3 (|x|, |y| ≤ 10^3) are the narrowest ranges, so
 * the range cases use four features; the CSV reader already refuses anything beyond 10^6. Rounds
 * at real scale: 8 providers × 500 rows at |x| ≤ 10^5 pick k8d1n4096p512e5, and `register`
 * refuses more rows than the round's shape takes from one provider (N_PROVIDER) before proving.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../ts/chain/client.js';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { InputError } from '../../../ts/errors/index.js';
import { ZkmlProver } from '../../../ts/prover/prover.js';
import { openRound } from '../../../ts/round/open-round.js';
import { registerProvider } from '../../../ts/round/register-provider.js';
import { cliIn, ok, refused, result } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-range-'));
const zkml = cliIn(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name; // relative: the CLI runs in `dir`
};

/** `n` rows of `d` features, values in ±`scale`·(0..0.9) (deterministic), optionally with a provider column. */
const rows = (n: number, d: number, scale: number, providers?: number) =>
  Array.from({ length: n }, (_, i) => {
    const x = Array.from({ length: d }, (_, j) => (((i * 7 + j * 3) % 19) - 9) * scale / 10);
    const y = Math.round((10 * x.reduce((a, v, j) => a + (j + 1) * v, 0)) / (d * 3)) / 10;
    return [...(providers ? [`p${i % providers}`] : []), ...x, y].join(',');
  }).join('\n');
const header = (d: number, provider: boolean) => [...(provider ? ['provider'] : []), ...Array.from({ length: d }, (_, j) => `x${j + 1}`), 'y'].join(',');
const training = (name: string, n: number, d: number, scale: number, providers: number) => file(name, `${header(d, true)}\n${rows(n, d, scale, providers)}\n`);
const validationCsv = (name: string, n: number, d: number, scale: number) => file(name, `${header(d, false)}\n${rows(n, d, scale)}\n`);

const D1_TRAIN = training('d1.csv', 40, 1, 10, 3);
const D1_VAL = validationCsv('d1-val.csv', 10, 1, 10);
const D4_VAL = validationCsv('d4-val.csv', 10, 4, 1000);
// Four features within |x|, |y| ≤ 10^3 (up to 900), and the same pattern 2.5 times larger (up to 2,250: beyond 10^3).
const D4_TRAIN = training('d4.csv', 30, 4, 1000, 2);
const D4_WIDE = training('d4-wide.csv', 30, 4, 2500, 2);

const D4_SHAPE = 'k5d4n109 (5 providers, 4 features, 109 rows, |x|, |y| ≤ 10^3)';

describe('offline: the shape picked, and data no shape holds', () => {
  it('value says which shape it picked, with its range, or that --shape chose it', async () => {
    const [d1, d4, named, json] = await Promise.all([
      zkml(['value', '--data', D1_TRAIN, '--validation', D1_VAL]),
      zkml(['value', '--data', D4_TRAIN, '--validation', D4_VAL]),
      zkml(['value', '--data', D1_TRAIN, '--validation', D1_VAL, '--shape', 'k8d1n265']),
      zkml(['value', '--data', D4_TRAIN, '--validation', D4_VAL, '--json']),
    ]);
    expect(ok(d1)).toMatch(/^shape k8d1n128 \(8 providers, 1 feature, 128 rows, \|x\|, \|y\| ≤ 10\^6\), the smallest that holds the data$/m);
    expect(ok(d4)).toContain(`\nshape ${D4_SHAPE}, the smallest that holds the data\n`);
    expect(ok(named)).toContain('\nshape k8d1n265 (8 providers, 1 feature, 265 rows, |x|, |y| ≤ 10^6), chosen with --shape\n');
    expect(result<{ shape: unknown }>(json, 'value').shape).toEqual({ name: 'k5d4n109', k: 5, d: 4, nTrain: 109, range: '|x|, |y| ≤ 10^3', chosen: 'smallest' });
    for (const r of [d1, d4, named]) expect(r.stderr).toBe('');
  });

  it('data beyond every range of its D: exit 1, the largest shapes and their ranges, and the power of ten to divide by', async () => {
    const [value, valueJson, prove] = await Promise.all([
      zkml(['value', '--data', D4_WIDE, '--validation', D4_VAL]),
      zkml(['value', '--data', D4_WIDE, '--validation', D4_VAL, '--json']),
      zkml(['prove', '--data', D4_WIDE, '--validation', D4_VAL, '--payees', file('payees-wide.json', JSON.stringify({ p0: `0x${'11'.repeat(20)}`, p1: `0x${'22'.repeat(20)}` })), '--out', 'wide-proof.json']),
    ]);
    const message =
      'No circuit shape holds 2 provider(s) with 30 training rows of 4 feature(s) (at most 15 from one provider), 10 validation rows and values up to |2250|. ' +
      `The largest shapes with 4 feature(s) are: k5d4n165e3 (5 providers, 4 features, 165 rows, |x|, |y| ≤ 10^3); ${D4_SHAPE}. ` +
      'The range is what fails: the widest range of a shape that holds this many providers and rows is |x|, |y| ≤ 10^3 (k5d4n109); ' +
      'rescale the data, e.g. divide every value by 10^1 (change its units), to fit it.';
    expect(refused(value, 1, /No circuit shape/)).toBe(`zkml: ${message}`);
    refused(valueJson, 1, /No circuit shape/, { command: 'value', code: 'NO_SHAPE_FITS' });
    // prove refuses before Barretenberg starts and before writing fresh salts.
    expect(refused(prove, 1, /No circuit shape/)).toBe(`zkml: ${message}`);
    expect(existsSync(join(dir, 'wide-proof.json.salts.json'))).toBe(false);
  });

  it('more rows than any shape of its D holds: exit 1, the largest shapes with their ranges, no rescaling advice', async () => {
    const many = training('d3-many.csv', 1600, 3, 10, 2);
    const r = await zkml(['value', '--data', many, '--validation', validationCsv('d3-val.csv', 10, 3, 10)]);
    expect(refused(r, 1, /No circuit shape/)).toBe(
      'zkml: No circuit shape holds 2 provider(s) with 1600 training rows of 3 feature(s) (at most 800 from one provider), 10 validation rows and values up to |9|. ' +
        'The largest shapes with 3 feature(s) are: k6d3n1536p256e4 (6 providers, 3 features, 1536 rows, at most 256 per provider, |x|, |y| ≤ 10^4); ' +
        'k6d3n88 (6 providers, 3 features, 88 rows, |x|, |y| ≤ 10^6). Use fewer providers, rows or features, or rescale the data.',
    );
  });

  it('a round at real scale: 8 providers × 500 rows at |x|, |y| ≤ 10^5 pick k8d1n4096p512e5', async () => {
    const big = training('d1-big.csv', 4000, 1, 90_000, 8);
    const r = await zkml(['value', '--data', big, '--validation', validationCsv('d1-big-val.csv', 32, 1, 90_000), '--json']);
    expect(result<{ shape: unknown }>(r, 'value').shape).toEqual({ name: 'k8d1n4096p512e5', k: 8, d: 1, nTrain: 4096, range: '|x|, |y| ≤ 10^5', chosen: 'smallest' });
  });

  it('a named shape whose range is too narrow: exit 1, its range named', async () => {
    const r = await zkml(['value', '--data', D4_WIDE, '--validation', D4_VAL, '--shape', 'k5d4n109']);
    expect(refused(r, 1, /--shape k5d4n109/)).toBe(
      'zkml: --shape k5d4n109 (K=5, D=4, N=109, 256 validation rows, |x|, |y| ≤ 10^3) does not hold 2 provider(s) with 30 training rows of 4 feature(s) and 10 validation rows, ' +
        'values beyond its range |x|, |y| ≤ 10^3; drop --shape to use the smallest shape that does.',
    );
  });

  it('prove says which shape it picked before proving', { timeout: 300_000 }, async () => {
    const payees = file('payees-d1.json', JSON.stringify({ p0: `0x${'11'.repeat(20)}`, p1: `0x${'22'.repeat(20)}`, p2: `0x${'33'.repeat(20)}` }));
    const r = await zkml(['prove', '--data', D1_TRAIN, '--validation', D1_VAL, '--payees', payees, '--out', 'd1-proof.json']);
    ok(r);
    const lines = r.stderr.split('\n').map((l) => l.trim());
    const shapeLine = lines.indexOf('shape k8d1n128 (8 providers, 1 feature, 128 rows, |x|, |y| ≤ 10^6), the smallest that holds the data');
    expect(shapeLine, r.stderr).toBeGreaterThanOrEqual(0);
    // Before Barretenberg starts, so before any proving.
    expect(lines.findIndex((l) => /starting Barretenberg/.test(l))).toBeGreaterThan(shapeLine);
  });
});

describe('on anvil: the round’s range in status, and register refusing out-of-range rows', () => {
  let anvil: Anvil;
  let rpc: string[];
  let contract: Address;
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  beforeAll(async () => {
    anvil = await startAnvil();
    rpc = ['--rpc-url', anvil.rpcUrl, '--deployments', 'deployments', '--quiet'];
    contract = result<{ ZKMLIncentives: Address }>(await zkml(['deploy', ...rpc, '--json'], key(0)), 'deploy').ZKMLIncentives;
    // Four features: the deployment's k5d4n109, |x|, |y| ≤ 10^3. One provider: its fair share is the shape's N_PROVIDER.
    const created = result<{ roundId: string; shape: { name: string }; maxRowsPerProvider: number }>(
      await zkml(['create-round', ...rpc, '--json', '--reward', '1', '--max-providers', '1', '--validation', D4_VAL, '--secrets', 'owner.json'], key(0)),
      'create-round',
    );
    expect(created).toMatchObject({ roundId: '1', shape: { name: 'k5d4n109' }, maxRowsPerProvider: 109 });
  }, 300_000);
  afterAll(async () => {
    await anvil?.stop();
  });

  it('status shows the round’s shape with its data range, and every shape’s', async () => {
    const [json, text] = await Promise.all([zkml(['status', ...rpc, '--round', '1', '--json']), zkml(['status', ...rpc, '--round', '1'])]);
    const s = result<{ shapes: { name: string; range: string }[]; round: { shape: unknown } }>(json, 'status');
    expect(s.round.shape).toEqual({ id: 4, name: 'k5d4n109', k: 5, d: 4, nTrain: 109, nProvider: 109, nVal: 256, range: '|x|, |y| ≤ 10^3' });
    expect(s.shapes.map((x) => `${x.name}: ${x.range}`)).toEqual(
      ['k8d1n128', 'k7d2n132', 'k6d3n88', 'k8d1n265']
        .map((n) => `${n}: |x|, |y| ≤ 10^6`)
        .concat(['k5d4n109: |x|, |y| ≤ 10^3', 'k8d1n4096p512e5: |x|, |y| ≤ 10^5', 'k7d2n2520p360e5: |x|, |y| ≤ 10^5', 'k6d3n1536p256e4: |x|, |y| ≤ 10^4', 'k5d4n165e3: |x|, |y| ≤ 10^3']),
    );
    // Each shape's round capacity and rows per provider.
    expect((s.shapes as unknown as { name: string; nTrain: number; nProvider: number }[]).find((x) => x.name === 'k8d1n4096p512e5')).toMatchObject({ nTrain: 4096, nProvider: 512 });
    expect(ok(text)).toMatch(/^round:\n(?: {2}.*\n)*? {2}shape:\n {4}id: 4\n {4}name: k5d4n109\n(?: {4}.*\n)*? {4}nTrain: 109\n {4}nProvider: 109\n(?: {4}.*\n)*? {4}range: \|x\|, \|y\| ≤ 10\^3\n/m);
  });

  it('register refuses rows outside the round’s range before proving: exit 1, row, column, value and range named', async () => {
    // Row 2 of provider p1 in d4-wide.csv holds the first value beyond 10^3.
    const [plain, json] = await Promise.all([
      zkml(['register', ...rpc, '--round', '1', '--data', D4_WIDE, '--provider', 'p1'], key(1)),
      zkml(['register', ...rpc, '--round', '1', '--data', D4_WIDE, '--provider', 'p1', '--json'], key(1)),
    ]);
    const line = refused(plain, 1, /outside the round's range/);
    expect(line).toMatch(/^zkml: row \d+, column (x[1-4]|y): -?\d+(\.\d+)? is outside the round's range \|x\|, \|y\| ≤ 10\^3 \(shape k5d4n109\); rescale the data, e\.g\. divide by 10\^1 \(the largest \|value\| is 2250\)\. Nothing was proven or sent\.$/);
    expect(line).toBe(firstOutOfRange(D4_WIDE, 'p1'));
    refused(json, 1, /outside the round's range/, { command: 'register', code: 'DATA_OUT_OF_RANGE' });
    expect(plain.stderr).not.toMatch(/proving|Barretenberg/);
  });

  it('register refuses more rows than the round’s shape takes from one provider (N_PROVIDER) before proving: exit 1', async () => {
    const many = training('d4-many.csv', 110, 4, 1000, 1);
    const [plain, json] = await Promise.all([
      zkml(['register', ...rpc, '--round', '1', '--data', many, '--provider', 'p0'], key(2)),
      zkml(['register', ...rpc, '--round', '1', '--data', many, '--provider', 'p0', '--json'], key(2)),
    ]);
    expect(refused(plain, 1, /at most 109 rows/)).toBe(
      'zkml: round 1 (shape k5d4n109) takes at most 109 rows from one provider, but 110 were given; register at most 109 rows. Nothing was proven or sent.',
    );
    refused(json, 1, /at most 109 rows/, { command: 'register', code: 'TOO_MANY_ROWS' });
    expect(plain.stderr).not.toMatch(/proving|Barretenberg/);
  });

  it('register refuses more rows than the round’s per-provider cap (the fair share N_TRAIN / max providers by default) before proving: exit 1', async () => {
    // Five providers of k5d4n109: at most floor(109 / 5) = 21 rows each.
    const r2 = result<{ roundId: string; maxRowsPerProvider: number }>(await zkml(['create-round', ...rpc, '--json', '--reward', '1', '--validation', D4_VAL, '--secrets', 'owner.json'], key(0)), 'create-round');
    expect(r2).toMatchObject({ roundId: '2', maxRowsPerProvider: 21 });
    const over = training('d4-22.csv', 22, 4, 1000, 1);
    const r = await zkml(['register', ...rpc, '--round', '2', '--data', over, '--provider', 'p0'], key(2));
    expect(refused(r, 1, /at most 21 rows/)).toBe(
      'zkml: round 2 (shape k5d4n109) takes at most 21 rows from one provider (its per-provider cap; the shape holds 109), but 22 were given; register at most 21 rows. Nothing was proven or sent.',
    );
    expect(r.stderr).not.toMatch(/proving|Barretenberg/);
  });

  it('create-round refuses a validation set outside the shape’s range before sending: exit 1', async () => {
    const wide = validationCsv('d4-val-wide.csv', 10, 4, 2500);
    const r = await zkml(['create-round', ...rpc, '--reward', '1', '--validation', wide, '--secrets', 'owner.json'], key(0));
    const line = refused(r, 1, /outside the round's range/);
    expect(line).toMatch(/^zkml: d4-val-wide\.csv: row \d+, column (x[1-4]|y): -?\d+(\.\d+)? is outside the round's range \|x\|, \|y\| ≤ 10\^3 \(shape k5d4n109\); rescale the data, e\.g\. divide by 10\^1 \(the largest \|value\| is 2250\)\. Nothing was proven or sent\.$/);
    expect(result<{ roundCount: string }>(await zkml(['status', ...rpc, '--json']), 'status').roundCount).toBe('2');
  });

  it('the SDK’s registerProvider refuses them too, before proving', { timeout: 120_000 }, async () => {
    const client = await connect({ rpcUrl: anvil.rpcUrl, contract, expectedChainId: anvil.chainId, account: anvil.accounts[2]!.privateKey });
    const prover = await ZkmlProver.create();
    try {
      let proved = false;
      const err = await registerProvider(client, prover, {
        roundId: 1n,
        rows: [{ x: [0n, 0n, 0n, 0n], y: 0n }, { x: [0n, 0n, 10n ** 7n + 1n, 0n], y: 0n }],
        onStep: () => (proved = true),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err).toMatchObject({
        code: 'DATA_OUT_OF_RANGE',
        message: "row 2, column x3: 1000.0001 is outside the round's range |x|, |y| ≤ 10^3 (shape k5d4n109); rescale the data, e.g. divide by 10^1 (the largest |value| is 1000.0001). Nothing was proven or sent.",
      });
      expect(proved).toBe(false);
      expect(await client.providerIndex(1n, client.account!.address)).toBeUndefined();
      // openRound: a validation row beyond the range is refused before anything is committed or sent.
      const opened = await openRound(prover, client, { shapeId: 4, amount: 1n, lambda: 100n, maxProviders: 5, deposit: 1n, registrationDeadline: 1n << 40n, deliveryDeadline: (1n << 40n) + 3600n, submissionDeadline: 1n << 41n, validation: [{ x: [0n, 0n, 0n, 0n], y: -(10n ** 7n) - 1n }] }).catch((e: unknown) => e);
      expect(opened).toMatchObject({
        code: 'DATA_OUT_OF_RANGE',
        message: "the validation set: row 1, column y: -1000.0001 is outside the round's range |x|, |y| ≤ 10^3 (shape k5d4n109); rescale the data, e.g. divide by 10^1 (the largest |value| is 1000.0001). Nothing was proven or sent.",
      });
      expect(await client.roundCount()).toBe(2n);
    } finally {
      await prover.destroy();
    }
  });
});

/** The refusal `register` gives for `provider`'s rows of `path`: its first value beyond ±10^3, and the largest. */
function firstOutOfRange(path: string, provider: string): string {
  const [head, ...body] = readFileSync(join(dir, path), 'utf8').trim().split('\n');
  const cols = head!.split(',').slice(1);
  const mine = body.map((l) => l.split(',')).filter((c) => c[0] === provider).map((c) => c.slice(1));
  const largest = Math.max(...mine.flat().map((v) => Math.abs(Number(v))));
  for (const [i, cells] of mine.entries()) {
    for (const [j, v] of cells.entries()) {
      if (Math.abs(Number(v)) > 1000) {
        return `zkml: row ${i + 1}, column ${cols[j]}: ${v} is outside the round's range |x|, |y| ≤ 10^3 (shape k5d4n109); rescale the data, e.g. divide by 10^1 (the largest |value| is ${largest}). Nothing was proven or sent.`;
      }
    }
  }
  throw new Error('no value out of range');
}
