/**
 * Issue 11, done when: a round with TWO features and SEVEN providers settles on anvil through the
 * real `zkml` CLI with the right payouts, on the shipped public-domain table (Palmer penguins,
 * `ts/data/tables/penguins-{training,validation}.csv`: 7 providers × 8 rows, x1 = flipper length,
 * x2 = bill length, y = body mass).
 *
 * deploy registers every shape; create-round picks the 2-feature shape k7d2n132 by itself; each
 * provider registers its own rows of the shared table (`--provider providerN`, a registration proof
 * of shape k7d2n132, kept as its delivery) with the deposit; after the registration deadline each
 * delivers (`zkml deliver`); the owner settles from the chain alone; the settled model and φ are
 * exactly `zkml value`'s on the same files; `claim --all` credits, and each provider's `withdraw`
 * pays, its deposit back plus the cumulative-rounding allocation of max(φ, 0), to the wei.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { cliIn, fixed8, result, sealedCredits } from '../helpers/cli.js';

const TRAINING = join(PACKAGE_ROOT, 'ts', 'data', 'tables', 'penguins-training.csv');
const VALIDATION = join(PACKAGE_ROOT, 'ts', 'data', 'tables', 'penguins-validation.csv');
const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-penguins-'));
const zkml = cliIn(dir);
const ETH = 10n ** 18n;
const POOL = 7n * ETH;
const PROVIDERS = 7;

interface ValueResult {
  shape: { name: string; k: number; d: number; nTrain: number; range: string; chosen: string };
  providers: { name: string; rows: number; shapley: string }[];
  model: { w: string[]; b: string };
  trainLoss: string;
}

interface Status {
  chainTime: string;
  round: {
    phase: string;
    shape: { id: number; k: number; d: number; nTrain: number };
    registrationDeadline: string;
    deposit: string;
    numProviders: number;
    numDelivered: number;
    rows: number;
    providers: { index: number; account: Address; rows: number; delivered: boolean; settlementIndex: number | null; state: string; claimable: string; claimed: string }[];
    settlement: { w: string[]; b: string; trainLoss: string; shapley: string[]; split: string } | null;
  };
}

describe('issue 11: two features, seven providers, the penguin table, settled through the CLI', () => {
  let anvil: Anvil;
  let rpc: string[];
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  const addr = (i: number) => anvil.accounts[i]!.address;
  const chain = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const status = async () => result<Status>(await zkml(['status', ...rpc, '--round', '1', '--json']), 'status');

  beforeAll(async () => {
    anvil = await startAnvil();
    rpc = ['--rpc-url', anvil.rpcUrl, '--deployments', 'deployments', '--quiet'];
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create-round picks k7d2n132; seven providers register and deliver; the owner settles; claims and withdrawals pay the deposit back plus max(φ, 0) by cumulative rounding', async () => {
    const [deployed, valued] = await Promise.all([zkml(['deploy', ...rpc, '--json'], key(0)), zkml(['value', '--data', TRAINING, '--validation', VALIDATION, '--json'])]);
    const d = result<{ shapes: { name: string }[] }>(deployed, 'deploy');
    const shapeId = d.shapes.findIndex((s) => s.name === 'k7d2n132');
    expect(shapeId).toBeGreaterThanOrEqual(0);
    const value = result<ValueResult>(valued, 'value');
    expect(value.shape).toEqual({ name: 'k7d2n132', k: 7, d: 2, nTrain: 132, range: '|x|, |y| ≤ 10^6', chosen: 'smallest' });
    expect(value.providers.map((p) => p.name)).toEqual(Array.from({ length: PROVIDERS }, (_, i) => `provider${i + 1}`));

    // No --shape: the smallest deployed shape with the validation set's two features.
    const created = result<{ roundId: string; shape: { id: number; name: string }; maxProviders: number }>(
      await zkml(['create-round', ...rpc, '--json', '--reward', '7', '--validation', VALIDATION, '--secrets', 'owner.json'], key(0)),
      'create-round',
    );
    expect(created).toEqual(expect.objectContaining({ roundId: '1', shape: { id: shapeId, name: 'k7d2n132' }, maxProviders: 7 }));

    // provider i registers from account i, its own rows of the shared table (two batches: 2 cores).
    // The delivery is kept in the scratch folder (--delivery), not next to the shipped table.
    const register = (i: number) => zkml(['register', ...rpc, '--json', '--round', '1', '--data', TRAINING, '--provider', `provider${i}`, '--delivery', `provider${i}.delivery.json`], key(i));
    const runs = [...(await Promise.all([1, 2, 3, 4].map(register))), ...(await Promise.all([5, 6, 7].map(register)))];
    runs.forEach((r, j) => expect(result<{ account: Address; rows: number }>(r, 'register')).toMatchObject({ account: addr(j + 1), rows: 8 }));

    const open = await status();
    expect(open.round).toMatchObject({ phase: 'Registration', shape: { id: shapeId, k: 7, d: 2, nTrain: 132 }, numProviders: 7, rows: 56 });
    expect(open.round.providers.map((p) => p.state)).toEqual(Array(PROVIDERS).fill('registered (to deliver)'));
    expect(new Set(open.round.providers.map((p) => p.account))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7].map(addr)));
    await anvil.increaseTime(Number(BigInt(open.round.registrationDeadline) - BigInt(open.chainTime)) + 1);

    // Each delivers its kept delivery after the deadline, in account order.
    for (const i of [1, 2, 3, 4, 5, 6, 7]) {
      const d = result<{ settlementIndex: number }>(await zkml(['deliver', ...rpc, '--json', '--round', '1', '--delivery', `provider${i}.delivery.json`], key(i)), 'deliver');
      expect(d.settlementIndex).toBe(i - 1);
    }
    const delivered = await status();
    expect(delivered.round).toMatchObject({ phase: 'Submission', numDelivered: PROVIDERS });

    type Settled = { shape: string; byRows: boolean; model: { w: string[]; b: string; trainLoss: string }; providers: { index: number; account: Address; rows: number; shapley: string }[] };
    const settled = result<Settled>(await zkml(['settle', ...rpc, '--json', '--round', '1', '--validation', VALIDATION, '--secrets', 'owner.json'], key(0)), 'settle');
    expect(settled.shape).toBe('k7d2n132');
    // The settled model and values are exactly `zkml value`'s (account i holds provider i's rows).
    expect(settled.model).toEqual({ w: value.model.w, b: value.model.b, trainLoss: value.trainLoss });
    const nameOf = (a: Address) => `provider${[1, 2, 3, 4, 5, 6, 7].find((i) => addr(i) === a)}`;
    const offChain = new Map(value.providers.map((p) => [p.name, p.shapley]));
    for (const p of settled.providers) expect(p.shapley, nameOf(p.account)).toBe(offChain.get(nameOf(p.account)));

    // settle lists the settlement's providers in delivery order: account i at settlement index i − 1.
    expect(settled.providers.map((p) => p.account)).toEqual([1, 2, 3, 4, 5, 6, 7].map(addr));
    const phi = settled.providers.map((p) => fixed8(p.shapley));
    const positive = phi.some((v) => v > 0n);
    expect(settled.byRows).toBe(!positive);
    // Independent: the deposit back plus cumulative shares of max(φ, 0) (by rows without a positive φ).
    const deposit = BigInt(open.round.deposit);
    const inOrder = sealedCredits({ amount: POOL, deposit, numProviders: PROVIDERS, rows: settled.providers.map((p) => p.rows), phi }).credits;
    expect(inOrder.reduce((a, b) => a + b, 0n)).toBe(POOL + BigInt(PROVIDERS) * deposit);

    const after = await status();
    expect(after.round.phase).toBe('Settled');
    expect(after.round.settlement).toMatchObject({ w: value.model.w, b: value.model.b, shapley: settled.providers.map((p) => p.shapley) });
    // In slot order, as status lists them.
    const expected = after.round.providers.map((p) => inOrder[settled.providers.findIndex((x) => x.account === p.account)]!);
    expect(after.round.providers.map((p) => p.claimable)).toEqual(expected.map(String));

    // Anyone claims every slot; each provider then withdraws exactly its share.
    const claimed = result<{ claimed: { index: number; provider: Address; amount: string }[] }>(await zkml(['claim', ...rpc, '--json', '--round', '1', '--all'], key(8)), 'claim');
    const paid = expected.flatMap((amount, i) => (amount > 0n ? [[after.round.providers[i]!.account, amount.toString()]] : []));
    expect(claimed.claimed.map((c) => [c.provider, c.amount])).toEqual(paid);

    const slots = after.round.providers.filter((_, i) => expected[i]! > 0n);
    const before = await Promise.all(slots.map((p) => chain().getBalance({ address: p.account })));
    const withdrawals = await Promise.all(slots.map((p) => zkml(['withdraw', ...rpc, '--json'], key(Number(nameOf(p.account).slice('provider'.length))))));
    for (const [j, r] of withdrawals.entries()) {
      const w = result<{ account: Address; amount: string; tx: Hex }>(r, 'withdraw');
      const amount = expected[after.round.providers.indexOf(slots[j]!)]!;
      expect(w).toMatchObject({ account: slots[j]!.account, amount: amount.toString() });
      const receipt = await chain().getTransactionReceipt({ hash: w.tx });
      expect((await chain().getBalance({ address: w.account })) - before[j]!).toBe(amount - receipt.gasUsed * receipt.effectiveGasPrice);
    }
    const final = await status();
    expect(final.round.providers.map((p) => p.claimed)).toEqual(expected.map(String));
  });
});
