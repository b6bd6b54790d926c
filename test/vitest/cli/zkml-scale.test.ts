/**
 * A round at real scale through the real `zkml` CLI on a real anvil (issue 15): eight providers,
 * one station-year of daily NOAA readings each (250 rows, 2,000 in all, from the shipped
 * `weather.csv`), and a validation set of 922 held-out days. Every provider registers its rows
 * (a registration proof of its own, kept as its delivery) with the deposit, and after the
 * registration deadline delivers (in the reverse order: the settlement follows the delivery order);
 * the owner settles with `settle`, each provider claims and withdraws, and every payout is checked
 * to the wei against an independent computation: the TypeScript mirror of the circuit (`valuate`)
 * on the same rows in delivery order, and the contract's payout rule (the deposit back plus
 * cumulative shares of max(φ, 0)) recomputed here, never the contract's own `claimable`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valuate } from '../../../ts/circuit/model.js';
import { fixedRows } from '../../../ts/data/fixed-rows.js';
import { weatherRound, writeWeatherCsv } from '../../../ts/data/tables/weather.js';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { shapesBySize, shapeFits, SHAPES, summarize } from '../../../ts/protocol/shapes/index.js';
import { cliIn, result, sealedCredits } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-scale-'));
const zkml = cliIn(dir);
const ETH = 10n ** 18n;
const POOL = 7n * ETH;
const PROVIDERS = 8;
const SPLIT = { providers: PROVIDERS, trainingRows: 2000, seed: 1 } as const;
const paths = writeWeatherCsv(join(dir, 'data'), SPLIT);
const round = weatherRound(SPLIT);
const providerRows = round.training.providers.map((name) => fixedRows(round.training.rows.filter((r) => r.provider === name)));
const validationRows = fixedRows(round.validation.rows);
// The smallest shipped shape that holds the round (the CLI's own choice for `prove`/`value`).
const shape = shapesBySize().find((s) => shapeFits(s, summarize(providerRows, validationRows)))!;

describe(`a round of ${round.training.rows.length} rows through the zkml CLI (${shape?.name})`, () => {
  let anvil: Anvil;
  let rpc: string[];
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  const addr = (i: number) => anvil.accounts[i]!.address;
  const chain = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const deliveryOf = (p: number) => join(dir, `provider${p}.delivery.json`);

  beforeAll(async () => {
    anvil = await startAnvil();
    rpc = ['--rpc-url', anvil.rpcUrl, '--deployments', 'deployments', '--quiet'];
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the data: 8 station-years of 250 real readings, a shipped shape holds them', () => {
    expect(round.training.rows).toHaveLength(2000);
    expect(providerRows.map((r) => r.length)).toEqual(new Array(PROVIDERS).fill(250));
    expect(validationRows.length).toBe(922);
    expect(shape, `a shipped shape holding 8 × 250 rows: ${SHAPES.map((s) => s.name).join(', ')}`).toBeDefined();
  });

  let shapeId: number;
  let roundId: string;
  it('deploy; the owner creates the round on the shape that holds it (validation set proven)', async () => {
    const d = result<{ shapes: { name: string }[] }>(await zkml(['deploy', ...rpc, '--json'], key(0)), 'deploy');
    // Shape id = position in the deployment.
    shapeId = d.shapes.findIndex((s) => s.name === shape.name);
    expect(shapeId).toBeGreaterThanOrEqual(0);
    const created = result<{ roundId: string; shape: { name: string } }>(
      await zkml(['create-round', ...rpc, '--json', '--reward', '7', '--shape', String(shapeId), '--validation', paths.validationPath, '--secrets', 'owner.json'], key(0)),
      'create-round',
    );
    expect(created.shape.name).toBe(shape.name);
    roundId = created.roundId;
  });

  it('eight providers register 250 rows each (two at a time), each keeping its delivery', async () => {
    for (let i = 0; i < PROVIDERS; i += 2) {
      const runs = await Promise.all([i, i + 1].map((p) => zkml(['register', ...rpc, '--json', '--round', roundId, '--data', paths.providerPaths[p]!, '--delivery', deliveryOf(p)], key(p + 1))));
      // Two registrations race: their slots are in mining order.
      runs.forEach((r) => expect(result<{ index: number; rows: number }>(r, 'register')).toMatchObject({ rows: 250 }));
    }
  });

  it('after the registration deadline every provider delivers, in the reverse order of the accounts', async () => {
    const s = result<{ chainTime: string; round: { registrationDeadline: string } }>(await zkml(['status', ...rpc, '--json', '--round', roundId]), 'status');
    await anvil.increaseTime(Number(BigInt(s.round.registrationDeadline) - BigInt(s.chainTime)) + 1);
    for (let p = PROVIDERS - 1; p >= 0; p--) {
      const d = result<{ settlementIndex: number }>(await zkml(['deliver', ...rpc, '--json', '--round', roundId, '--delivery', deliveryOf(p)], key(p + 1)), 'deliver');
      expect(d.settlementIndex).toBe(PROVIDERS - 1 - p);
    }
  });

  it('the owner settles; every provider claims and withdraws exactly its deposit and share, to the wei', async () => {
    const s = result<{ round: { phase: string; deposit: string } }>(await zkml(['status', ...rpc, '--json', '--round', roundId]), 'status');
    expect(s.round.phase).toBe('Submission'); // every registered provider delivered
    result(await zkml(['settle', ...rpc, '--json', '--round', roundId, '--validation', paths.validationPath, '--secrets', 'owner.json'], key(0)), 'settle');

    // Independent: the circuit's mirror on the same rows in delivery order (provider p at settlement index 7 − p, λ = 0.01) and the payout rule.
    const settlementOf = (p: number) => PROVIDERS - 1 - p;
    const inDeliveryOrder = [...providerRows].reverse();
    const v = valuate(inDeliveryOrder, validationRows, 100n, shape);
    const phi = v.shapley.slice(0, PROVIDERS);
    expect(phi.some((w) => w > 0n)).toBe(true);
    const deposit = BigInt(s.round.deposit);
    const expected = sealedCredits({ amount: POOL, deposit, numProviders: PROVIDERS, rows: inDeliveryOrder.map((r) => r.length), phi }).credits;
    expect(expected.reduce((a, b) => a + b, 0n)).toBe(POOL + BigInt(PROVIDERS) * deposit);

    for (let p = 0; p < PROVIDERS; p++) {
      const share = expected[settlementOf(p)]!;
      result(await zkml(['claim', ...rpc, '--json', '--round', roundId], key(p + 1)), 'claim');
      const before = await chain().getBalance({ address: addr(p + 1) });
      const w = result<{ amount: string; tx: Hex; account: Address }>(await zkml(['withdraw', ...rpc, '--json'], key(p + 1)), 'withdraw');
      const receipt = await chain().getTransactionReceipt({ hash: w.tx });
      const after = await chain().getBalance({ address: addr(p + 1) });
      expect(after - before + receipt.gasUsed * receipt.effectiveGasPrice, `provider ${p + 1}`).toBe(share);
    }
  });
});
