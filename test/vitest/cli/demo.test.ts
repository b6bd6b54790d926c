/**
 * The demo's code path (`runDemo`, what `npm run demo` calls) with its default data, the shipped
 * NOAA weather table, and 4 providers (300 days of one station-year each, 400 validation days, on
 * the real-scale shape k8d1n4096p512e5): one whole fair round on a fresh anvil with real
 * deployment (forge script), encrypted registrations with real registration proofs, settlement
 * from the chain alone, claims and withdrawals; then the report files, the allocation to the wei
 * (the contract's cumulative-rounding rule), the payouts adding up to the pool, the proven Shapley
 * values against `zkml value`, the poisoned provider's negative value and zero reward, the gas
 * shown (per step, per row for registrations), and the clean-up. The demo's data (both kinds) is
 * checked without a chain.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { computeValues } from '../../../ts/cli/commands/value.js';
import { formatTrainingCsv, rowsOf } from '../../../ts/data/csv.js';
import { fixedRows } from '../../../ts/data/fixed-rows.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { weatherRound } from '../../../ts/data/tables/weather.js';
import { allocate, allocateSealed } from '../../../ts/demo/allocation.js';
import { WEATHER_SHAPE_NAME, demoData } from '../../../ts/demo/data.js';
import type { DemoRecord } from '../../../ts/demo/report.js';
import { runDemo } from '../../../ts/demo/run.js';

const out = mkdtempSync(join(tmpdir(), 'zkml-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('allocate', () => {
  it('splits by max(φ, 0) with cumulative rounding: shares add up to the pool exactly', () => {
    // floor(10·1/3) = 3, floor(10·2/3) − 3 = 3, 10 − 6 = 4: nothing is left for the owner.
    expect(allocate(10n, [1n, 1n, 1n], [1, 1, 1])).toEqual({ rewards: [3n, 3n, 4n], byRows: false });
    expect(allocate(100n, [3n, -5n, 1n, 0n], [9, 9, 9, 9])).toEqual({ rewards: [75n, 0n, 25n, 0n], byRows: false });
    expect(allocate(7n, [2n, 2n, 3n], [1, 1, 1])).toEqual({ rewards: [2n, 2n, 3n], byRows: false });
  });
  it('splits by rows when no φ is positive', () => {
    expect(allocate(7n, [-1n, 0n], [1, 2])).toEqual({ rewards: [2n, 5n], byRows: true });
    expect(allocate(10n, [-1n, -1n, -1n], [1, 1, 1])).toEqual({ rewards: [3n, 3n, 4n], byRows: true });
  });

  it('a sealed round: deposits back, forfeited deposits in the pool, the share by rows, and the reserve with no positive value', () => {
    const terms = { amount: 100n, deposit: 10n, forfeited: 1, rowShareBps: 2000, reservePerRow: 1000n };
    // pool 110: 22 by rows (1:3), 88 by value (all to the second provider).
    expect(allocateSealed(terms, [-1n, 5n], [1, 3])).toEqual({ rewards: [10n + 5n, 10n + 17n + 88n], byRows: false, ownerRefund: 0n });
    // No positive value: 22 by rows, and the value pool 88 pays at most 4 rows · 5 = 20; 68 go back to the owner.
    expect(allocateSealed({ ...terms, reservePerRow: 5n }, [-1n, -1n], [1, 3])).toEqual({ rewards: [10n + 10n, 10n + 32n], byRows: true, ownerRefund: 68n });
    // A reserve at least the pool keeps F2: everything by rows, nothing back.
    expect(allocateSealed({ ...terms, reservePerRow: 110n }, [0n, 0n], [1, 3]).ownerRefund).toBe(0n);
    // Not settled in time: the whole pool (escrow and forfeited deposit) by rows, whatever the share or reserve.
    expect(allocateSealed({ ...terms, reservePerRow: 0n }, 'expired', [1, 3])).toEqual({ rewards: [10n + 27n, 10n + 83n], byRows: true, ownerRefund: 0n });
  });
  it('refuses what the contract cannot split', () => {
    expect(() => allocate(-1n, [1n], [1])).toThrow(RangeError);
    expect(() => allocate(1n, [1n, 2n], [1])).toThrow(/row counts/);
    expect(() => allocate(1n, [0n, -1n], [0, 0])).toThrow(/nothing to split by/);
  });
});

describe('demoData', () => {
  it('weather: station-years of 300 real days each, 400 held-out days, the poisoned labels reversed, on the D = 1 real-scale shape', () => {
    const d = demoData('weather', 1, 5, 5);
    expect(d.shape.name).toBe(WEATHER_SHAPE_NAME);
    expect(d.shape.name).toBe('k8d1n4096p512e5');
    expect(d.providerRows.map((r) => r.length)).toEqual([300, 300, 300, 300, 300]);
    expect(d.validationRows).toHaveLength(400);
    expect(d.holds).toEqual(['Seattle 2012', 'New York 2012', 'Seattle 2013', 'New York 2013', 'Seattle 2014']);
    // The rows are the table's split (x = temp_min, y = temp_max), the last provider's labels negated.
    const split = weatherRound({ providers: 5, trainingRows: 1500, validationRows: 400, seed: 1 });
    expect(d.validation.rows).toEqual(split.validation.rows);
    d.training.rows.forEach((r, i) => {
      const t = split.training.rows[i]!;
      expect([r.provider, r.x]).toEqual([t.provider, t.x]);
      expect(r.y.value).toBe(r.provider === 'provider5' ? -t.y.value || 0 : t.y.value);
    });
    expect(d.providerRows[4]).toEqual(fixedRows(rowsOf(split.training, 'provider5')).map((row) => ({ x: row.x, y: -row.y })));
    expect(d.providerRows[0]).toEqual(fixedRows(rowsOf(split.training, 'provider1')));
    expect(d.poisoned).toEqual({ provider: 4, mode: 'labels reversed, y → −y' });
    expect(demoData('weather', 1, 5, 0).poisoned).toBeNull();
    // In the shape's range, and different seeds draw different days.
    for (const r of [...d.providerRows.flat(), ...d.validationRows]) for (const v of [...r.x, r.y]) expect(v < 0n ? -v : v).toBeLessThanOrEqual(d.shape.maxAbsData);
    expect(demoData('weather', 2, 5, 5).validation.rows).not.toEqual(d.validation.rows);
    expect(demoData('weather', 1, 8, 8).providerRows.map((r) => r.length)).toEqual(new Array(8).fill(300));
  });

  it("synthetic: the paper's data on the paper's shape, as before", () => {
    const d = demoData('synthetic', 3, 4, 4);
    expect(d.shape.name).toBe('k8d1n128');
    expect(d.training).toEqual(generateSynthetic({ seed: 3, providers: 4, poison: { provider: 3, mode: 'reverse' } }).training);
    expect(d.providerRows.map((r) => r.length)).toEqual([25, 25, 25, 25]);
    expect(d.validationRows).toHaveLength(32);
  });

  it('refuses what its shape cannot hold, naming it', () => {
    expect(() => demoData('weather', 1, 9, 0)).toThrow(/shape k8d1n4096p512e5 holds 1 to 8 providers, got 9/);
    expect(() => demoData('weather', 1, 5, 6)).toThrow(/poisoned provider must be from 1 to 5/);
    expect(() => demoData('tables' as never, 1, 5, 0)).toThrow(/one of weather, synthetic/);
  });
});

describe('demo', () => {
  it('refuses bad options before starting anything', async () => {
    await expect(runDemo({ providers: 9, outDir: out, quiet: true })).rejects.toThrow(/--providers must be from 4 to 8/);
    await expect(runDemo({ providers: 4, poisoned: 5, outDir: out, quiet: true })).rejects.toThrow(/--poisoned must be from 1 to 4/);
    await expect(runDemo({ lambda: 'NaN', outDir: out, quiet: true })).rejects.toThrow(/not a number/);
    await expect(runDemo({ lambda: '0.001', outDir: out, quiet: true })).rejects.toThrow(/--lambda must be at least 0.01/);
    await expect(runDemo({ data: 'penguins' as never, outDir: out, quiet: true })).rejects.toThrow(/--data must be one of weather, synthetic/);
  });

  it('plays a whole sealed round of the weather table: a few hundred rows per provider, report files, payouts to the wei and adding up to the pool and the deposits, the proven values are zkml value\'s, the poisoned provider gets only its deposit back', async () => {
    const before = existsSync(join(PACKAGE_ROOT, 'deployments')) ? readdirSync(join(PACKAGE_ROOT, 'deployments')) : [];
    const progress: string[] = [];
    const { record, summary, files } = await runDemo({ seed: 3, providers: 4, outDir: out, progressWrite: (t) => void progress.push(t) });

    // Files: chart (SVG and PNG), record, summary, data, proof.
    for (const f of Object.values(files)) expect(existsSync(f), f).toBe(true);
    expect(readFileSync(files.chartSvg, 'utf8')).toMatch(/^<svg[\s\S]*provider4[\s\S]*<\/svg>/);
    expect(readFileSync(files.chartPng).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(JSON.parse(readFileSync(files.record, 'utf8'))).toEqual(record);
    expect(readFileSync(files.summary, 'utf8')).toBe(summary);
    expect(summary).toMatch(/provider +account +holds +rows +register gas +deliver gas +gas\/row +commitment +Shapley value +credit \(ETH\) +withdrawn \(ETH\)/);
    expect(summary).toMatch(/provider4 \(poisoned\)/);
    expect(summary).toMatch(/shape k8d1n4096p512e5/);
    expect(summary).toMatch(/from ts\/data\/tables\/weather\.csv \(NOAA/);
    expect(summary).toMatch(/gas {7}deploy {7}[\d,]+ \(\d+ transactions/);
    expect(summary).toMatch(/ {10}registration [\d,–]+ each \(stores the commitments, takes the deposit\)/);
    expect(summary).toMatch(/ {10}delivery {5}[\d,–]+ each, [\d,–]+ per row/);
    expect(summary).toMatch(/ {10}settlement {3}[\d,]+ \(/);
    const steps = progress.join('');
    for (const s of ['derives its Grumpkin encryption key', 'creates the round', 'encrypts its', 'registration deadline passes', 'delivers its 300 rows', 'decrypts every registration', 'proving the settlement', 'claims']) expect(steps).toContain(s);
    expect(steps).toMatch(/\[19\/19\] withdrawals/);
    expect(steps).toMatch(/encrypts its 300 rows to the owner, proves, keeps the delivery and registers its commitments with the deposit.*gas [\d,]+/);
    expect(steps).toMatch(/delivers its 300 rows, encrypted, with the proof.*gas [\d,]+ \([\d,]+ per row\)/);

    // The data: the weather table's split for the seed, a few hundred rows per provider, on the real-scale shape.
    const r: DemoRecord = record;
    expect(r.data.kind).toBe('weather');
    expect(r.round.shape).toBe('k8d1n4096p512e5');
    expect(r.providers.map((p) => p.rows)).toEqual([300, 300, 300, 300]);
    expect(r.providers.map((p) => p.holds)).toEqual(['Seattle 2012', 'New York 2012', 'Seattle 2013', 'New York 2013']);
    expect(r.data.trainingRows).toBe(1200);
    expect(r.data.validationRows).toBe(400);
    expect(readFileSync(files.training, 'utf8')).toBe(formatTrainingCsv(demoData('weather', 3, 4, 4).training));
    // The proven Shapley values are `zkml value`'s on the written files, at the round's shape.
    const offChain = computeValues(files.training, files.validation, '0.01', r.round.shape);
    expect(record.providers.map((p) => [p.name, p.rows])).toEqual(offChain.providers.map((p) => [p.name, p.rows]));
    expect(record.providers.map((p) => Number(p.shapley))).toEqual(offChain.providers.map((p) => Number(p.shapley)));

    // Payouts: the contract's rule over the proven values; claimable, credited and withdrawn to the wei.
    // Every provider delivered, so each gets its deposit back on top of its share of the pool.
    const pool = BigInt(r.round.rewardWei);
    expect(pool).toBe(10n ** 19n);
    const deposit = BigInt(r.round.depositWei);
    expect(deposit).toBe(pool / 40n);
    const shares = allocate(pool, r.providers.map((p) => BigInt(p.shapleyFixed)), r.providers.map((p) => p.rows));
    const rewards = shares.rewards.map((x) => x + deposit);
    expect(shares.byRows).toBe(false);
    expect(r.allocation.byRows).toBe(false);
    r.providers.forEach((p, i) => {
      expect(p.rewardWei).toBe(rewards[i]!.toString());
      expect(p.claimableWei).toBe(p.rewardWei);
      expect(p.creditedWei).toBe(p.rewardWei);
      expect(p.withdrawnWei).toBe(p.rewardWei);
    });
    expect(rewards.reduce((a, b) => a + b, 0n)).toBe(pool + 4n * deposit);
    expect(r.providers.reduce((a, p) => a + BigInt(p.withdrawnWei), 0n)).toBe(pool + 4n * deposit);
    expect(r.owner.creditWei).toBe('0');
    expect(r.checks).toEqual({ dataRecoveredFromChain: true, balancesMatchAllocation: true, poisonedNegative: true, ownerCreditZero: true, contractEmptyAfterWithdrawals: true });

    const poisoned = r.providers.filter((p) => p.poisoned);
    expect(poisoned.map((p) => p.name)).toEqual(['provider4']);
    expect(Number(poisoned[0]!.shapley)).toBeLessThan(0);
    expect(poisoned[0]!.rewardWei).toBe(deposit.toString());
    expect(poisoned[0]!.withdrawnWei).toBe(deposit.toString());
    for (const p of r.providers.filter((x) => !x.poisoned)) expect(Number(p.shapley)).toBeGreaterThan(0);

    // Gas: a registration only stores commitments; every delivery verified its proof on-chain; the settlement costs more than its verifier alone.
    expect(r.gas.register).toHaveLength(4);
    for (const g of r.gas.register) expect(BigInt(g)).toBeLessThan(200_000n);
    for (const g of r.gas.deliver) expect(BigInt(g)).toBeGreaterThan(500_000n);
    r.gas.deliver.forEach((g, i) => expect(r.gas.deliverPerRow[i]).toBe(((BigInt(g) + 150n) / 300n).toString()));
    expect(BigInt(r.gas.deploy)).toBeGreaterThan(BigInt(r.gas.createRound));
    expect(r.gas.deployTransactions).toBeGreaterThan(1);
    expect(BigInt(r.gas.submit)).toBeGreaterThan(BigInt(r.gas.verifierEstimate));
    expect(r.gas.claim.filter((g) => g !== '0')).toHaveLength(4);
    expect(r.round.shape).toBe(r.chain.shape);
    expect(r.proof.verifiedOffChain).toBe(true);

    // Clean-up: anvil is stopped and no deployment record is left behind.
    await expect(fetch(r.chain.rpcUrl, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    const after = existsSync(join(PACKAGE_ROOT, 'deployments')) ? readdirSync(join(PACKAGE_ROOT, 'deployments')) : [];
    expect(after.filter((f) => f.startsWith('.demo-'))).toEqual(before.filter((f) => f.startsWith('.demo-')));
  });
});
