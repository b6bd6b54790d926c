/**
 * The `zkml` CLI as a user runs it: every case spawns `tsx ts/cli/zkml.ts ...` and checks exit
 * code, stdout and stderr. Independent commands run concurrently to keep the file fast.
 *
 * - `value --json` prints exactly the SDK's numbers (`computeValues`).
 * - Every bad input exits non-zero with one line on stderr and no stack trace.
 * - On a real anvil: deploy, create-round, commit/register, status, refusals (wrong chain,
 *   unfunded account, key on argv) that send nothing, then prove with the round's context,
 *   verify, submit (a proof for another context is refused) and withdraw.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/package-root.js';
import { startAnvil, type Anvil } from '../../../ts/chain/anvil.js';
import { connect } from '../../../ts/chain/client.js';
import { computeValues } from '../../../ts/cli/commands/value.js';
import { formatTrainingCsv, formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { roundContext } from '../../../ts/protocol/context.js';

const TSX = join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(PACKAGE_ROOT, 'ts', 'cli', 'zkml.ts');
const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-'));
// Commands run in a scratch folder, as a user would: relative paths (deployments/) are the user's.
const DEPLOYMENTS = 'deployments';
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `zkml args` in the scratch folder; PRIVATE_KEY only if `env` gives it. */
function zkml(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base['PRIVATE_KEY'];
  delete base['ETH_RPC_URL'];
  delete base['ZKML_DEBUG'];
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Succeeded with `--json`; returns the result of the JSON document. */
function result<T>(r: Run): T {
  const doc = JSON.parse(ok(r)) as { ok: boolean; result: T };
  expect(doc.ok).toBe(true);
  return doc.result;
}

/** Succeeded; returns stdout. */
function ok(r: Run): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** Failed with exactly one line `zkml: …` matching `pattern` on stderr, nothing on stdout, no stack. */
function refused(r: Run, pattern: RegExp): string {
  expect(r.code, r.stdout + r.stderr).not.toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^zkml: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
  expect(r.stdout).toBe('');
  return lines[0]!;
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const data = generateSynthetic({ seed: 11, providers: 4, poison: { provider: 3, mode: 'reverse' } });
const trainingPath = file('training.csv', formatTrainingCsv(data.training));
const validationPath = file('validation.csv', formatValidationCsv(data.validation));

describe('zkml value', () => {
  it('--json prints exactly the SDK\'s numbers', async () => {
    const [plain, ridge, text] = await Promise.all([
      zkml(['value', '--data', trainingPath, '--validation', validationPath, '--json']),
      zkml(['value', '--data', trainingPath, '--validation', validationPath, '--lambda', '0.5', '--json']),
      zkml(['value', '--data', trainingPath, '--validation', validationPath]),
    ]);
    expect(result(plain)).toEqual(computeValues(trainingPath, validationPath));
    const json = result<{ providers: { name: string; shapley: string }[] }>(ridge);
    expect(json).toEqual(computeValues(trainingPath, validationPath, '0.5'));
    expect(json.providers.map((p) => p.name)).toEqual(['provider1', 'provider2', 'provider3', 'provider4']);
    // Fixed-point values are exact decimal strings.
    expect(json.providers[3]!.shapley).toMatch(/^-\d+\.\d{1,8}$/);
    expect(ok(text)).toMatch(/provider4 +25 +-\d+\.\d{8}/);
  });

  it('refuses every bad input with one clear line and a non-zero exit', async () => {
    const header = 'provider,x1,y\n';
    const rows = (n: number, providers = 1) => Array.from({ length: n }, (_, i) => `p${i % providers},${(i % 7) / 10},${i / 10}`).join('\n');
    const cases: [string, string[], RegExp][] = [
      ['missing file', ['value', '--data', join(dir, 'nope.csv'), '--validation', validationPath], /training file not found: .*nope\.csv/],
      ['malformed CSV', ['value', '--data', file('bad-columns.csv', `${header}a,0.1\n`), '--validation', validationPath], /bad-columns\.csv:2: 2 columns but the header/],
      ['NaN', ['value', '--data', file('nan.csv', `${header}a,NaN,1\n`), '--validation', validationPath], /nan\.csv:2 column x1: "NaN" is not a number/],
      ['too many providers', ['value', '--data', file('providers.csv', `${header}${rows(9, 9)}\n`), '--validation', validationPath], /at most K=8 providers/],
      ['too many rows', ['value', '--data', file('rows.csv', `${header}${rows(129, 2)}\n`), '--validation', validationPath], /more than 128 training rows/],
      ['out of range', ['value', '--data', file('range.csv', `${header}a,2000000,1\n`), '--validation', validationPath], /out of range: \|value\| must be at most 1000000/],
      ['singular with λ = 0', ['value', '--data', file('singular.csv', `${header}a,1,2\na,1,3\nb,1,4\n`), '--validation', validationPath, '--lambda', '0'], /singular.*Set λ > 0/],
      ['unknown flag', ['value', '--data', trainingPath, '--validation', validationPath, '--lamda', '1'], /unknown flag --lamda\. Did you mean --lambda\?/],
      ['key on argv', ['status', '--private-key', '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'], /unknown flag --private-key\. Keys are never taken from the command line.*PRIVATE_KEY/],
    ];
    const runs = await Promise.all(cases.map(([, args]) => zkml(args)));
    cases.forEach(([what, args, pattern], i) => {
      const line = refused(runs[i]!, pattern);
      if (what === 'key on argv') expect(line).not.toContain(args[args.length - 1]!);
    });
  });
});

describe('chain commands on a real anvil, then prove, verify, submit, withdraw', () => {
  let anvil: Anvil;
  let rpc: string[];
  let contract: Address;
  let context: string;
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  const small = generateSynthetic({ seed: 5, rows: 16, providers: 4, validationRows: 8 });
  const chainTraining = file('chain-training.csv', formatTrainingCsv({ d: 1, rows: small.training.rows.filter((r) => r.provider === 'provider1' || r.provider === 'provider2') }));
  const chainValidation = file('chain-validation.csv', formatValidationCsv(small.validation));
  const salts = join(dir, 'salts.json');
  const payees = join(dir, 'payees.json');
  const proof = join(dir, 'proof.json');
  const nonce = (address: Address) => createPublicClient({ transport: http(anvil.rpcUrl) }).getTransactionCount({ address });
  const status = async () => result<{ round: { phase: string; status: string; numProviders: number; context: string; providers: { account: string; commitment: string; credited: string | null }[]; settlement: { shapley: string[] } | null } }>(await zkml(['status', ...rpc, '--json']));

  beforeAll(async () => {
    anvil = await startAnvil();
    rpc = ['--rpc-url', anvil.rpcUrl, '--deployments', DEPLOYMENTS, '--quiet'];
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it('deploy records the deployment; create-round commits to the validation set and prints the context', async () => {
    const d = result<{ chainId: number; ZKMLIncentives: Address; file: string }>(await zkml(['deploy', ...rpc, '--json'], key(0)));
    expect(d.chainId).toBe(31337);
    expect(d.file).toBe(`${DEPLOYMENTS}/31337.json`);
    contract = d.ZKMLIncentives;
    expect(await createPublicClient({ transport: http(anvil.rpcUrl) }).getCode({ address: contract })).toMatch(/^0x[0-9a-f]{100,}/);

    const [created, commitment] = await Promise.all([
      zkml(['create-round', ...rpc, '--json', '--reward', '2.5', '--lambda', '0.01', '--validation', chainValidation, '--salts', salts, '--max-providers', '3', '--registration-seconds', '600'], key(0)),
      // A provider computes its commitment off-chain (its own salts file, bound to its address).
      zkml(['commit', '--data', chainTraining, '--provider', 'provider1', '--salts', join(dir, 'p1-salts.json'), '--payee', anvil.accounts[1]!.address, '--quiet']),
    ]);
    const round = result<{ roundId: string; context: string; amount: string; lambda: string }>(created);
    expect(round).toMatchObject({ roundId: '1', amount: '2500000000000000000', lambda: '0.01' });
    context = round.context;
    expect(BigInt(context)).toBe(roundContext(31337, contract, 1n));

    // The owner's salts file now holds the validation salt; the provider's own salt goes into it
    // for proving (a real provider hands its salt to the prover).
    const own = JSON.parse(readFileSync(join(dir, 'p1-salts.json'), 'utf8')) as { providers: Record<string, string> };
    const all = JSON.parse(readFileSync(salts, 'utf8')) as { providers: Record<string, string>; validation: string };
    writeFileSync(salts, JSON.stringify({ ...all, providers: { ...all.providers, provider1: own.providers['provider1'] } }));
    const c1 = ok(commitment).trim();
    expect(c1).toMatch(/^0x[0-9a-f]{64}$/);

    const r1 = result<{ index: number; commitment: string }>(await zkml(['register', ...rpc, '--json', '--round', '1', '--commitment', c1], key(1)));
    expect(r1).toMatchObject({ index: 0, commitment: c1 });
    const r2 = result<{ index: number }>(await zkml(['register', ...rpc, '--json', '--round', '1', '--data', chainTraining, '--provider', 'provider2', '--salts', salts], key(2)));
    expect(r2.index).toBe(1);
  });

  it('status shows the round; a wrong chain, an unfunded account and a bad flag are refused with nothing sent', async () => {
    const poor = `0x${'42'.repeat(32)}` as const;
    const ownerNonce = await nonce(anvil.accounts[0]!.address);
    const [s, wrongChain, unfunded, full] = await Promise.all([
      status(),
      zkml(['register', ...rpc, '--round', '1', '--commitment', '123', '--chain-id', '1'], key(3)),
      zkml(['register', ...rpc, '--round', '1', '--commitment', '456'], { PRIVATE_KEY: poor }),
      zkml(['create-round', ...rpc, '--reward', '1', '--validation-commitment', '5', '--max-providers', '9'], key(0)),
    ]);
    expect(s.round).toMatchObject({ phase: 'Registration', status: 'Open', numProviders: 2, context });
    expect(s.round.providers.map((p) => p.account)).toEqual([anvil.accounts[1]!.address, anvil.accounts[2]!.address]);
    refused(wrongChain, /on chain 31337, not chain 1.*Nothing was sent/);
    const line = refused(unfunded, /has 0 ETH but needs about .* for gas; fund it and try again\. Nothing was sent\./);
    expect(line).not.toContain('42'.repeat(32));
    refused(full, /--max-providers must be between 1 and 8, got 9/);
    expect(await nonce(anvil.accounts[3]!.address)).toBe(0);
    expect(await nonce(privateKeyToAccount(poor).address)).toBe(0);
    expect(await nonce(anvil.accounts[0]!.address)).toBe(ownerNonce);
    const client = await connect({ rpcUrl: anvil.rpcUrl, contract });
    expect((await client.getRound(1n)).numProviders).toBe(2);
    expect(await client.roundCount()).toBe(1n);
  });

  it('prove with the round\'s context, verify, submit (another context is refused), withdraw', async () => {
    writeFileSync(payees, JSON.stringify({ provider1: anvil.accounts[1]!.address, provider2: anvil.accounts[2]!.address }));
    // The round is read from the chain: no context or λ to copy, any CSV order.
    const proved = await zkml(['prove', ...rpc, '--json', '--round', '1', '--data', chainTraining, '--validation', chainValidation, '--salts', salts, '--payees', payees, '--out', 'proof.json']);
    expect(result<{ out: string; context: string }>(proved)).toMatchObject({ out: 'proof.json', context });
    const wrong = JSON.parse(readFileSync(proof, 'utf8')) as { publicInputs: string[] };
    wrong.publicInputs[0] = `0x${'7'.padStart(64, '0')}`;
    const wrongPath = file('wrong-context.json', JSON.stringify(wrong));

    await anvil.increaseTime(601);
    const [verified, refusedSubmit, submitted] = await Promise.all([
      zkml(['verify', proof, '--quiet']),
      zkml(['submit', ...rpc, '--round', '1', '--proof', wrongPath], key(0)),
      zkml(['submit', ...rpc, '--json', '--round', '1', '--proof', proof], key(3)), // anyone may submit
    ]);
    expect(ok(verified)).toMatch(/^valid/);
    refused(refusedSubmit, new RegExp(`does not prove round 1: it was proven for context 0x0+7, .*Prove again with \`zkml prove --context ${context} \\.\\.\\.\``));
    const settled = result<{ gasUsed: string; remainder: string; providers: { name: string; account: string; credited: string; shapley: string }[] }>(submitted);
    expect(BigInt(settled.gasUsed)).toBeGreaterThan(300_000n);
    const pool = 2_500_000_000_000_000_000n;
    const total = settled.providers.reduce((t, p) => t + BigInt(p.credited), 0n) + BigInt(settled.remainder);
    expect(total).toBe(pool);
    expect(settled.providers.map((p) => p.name)).toEqual(['provider1', 'provider2']);

    const [withdrawn, after] = await Promise.all([zkml(['withdraw', ...rpc, '--json'], key(1)), status()]);
    const w = result<{ amount: string; account: string }>(withdrawn);
    expect(w).toMatchObject({ account: anvil.accounts[1]!.address, amount: settled.providers[0]!.credited });
    expect(after.round).toMatchObject({ status: 'Settled', phase: 'Settled' });
    expect(after.round.providers[0]!.credited).toBe(settled.providers[0]!.credited);
    expect(after.round.settlement?.shapley).toEqual(settled.providers.map((p) => p.shapley));
    const client = await connect({ rpcUrl: anvil.rpcUrl, contract });
    expect(await client.credits(anvil.accounts[1]!.address)).toBe(0n);
  });
});
