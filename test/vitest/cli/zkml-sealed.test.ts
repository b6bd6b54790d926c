/**
 * Sealed rounds through the real `zkml` CLI on a real anvil (issue 16): registration sends only
 * commitments and the deposit; the data is delivered after the registration deadline.
 * - `zkml --help` lists every step of a round;
 * - `create-round` refuses an out-of-range --deposit / --row-share-bps / too-long windows before
 *   anything is sent;
 * - one round of three providers: a second `register` from the same account is refused naming the
 *   kept delivery file; `deliver` before the registration deadline is refused naming when delivery
 *   opens (DELIVERY_NOT_OPEN), with nothing sent; `register --deliver` registers, waits for the
 *   deadline (the test moves anvil's clock when it says it waits) and delivers; a lost delivery
 *   file is refused saying where the file is and how to pass it; `status --json` shows each
 *   provider registered → delivered, and the one that never delivers as excluded after the delivery
 *   deadline; the round settles with the two others; the excluded one's claim is refused; the
 *   deliverers' credits are their deposits plus shares of the pool with the forfeited deposit, to
 *   the wei of an independent computation, and one withdraws it to the wei;
 * - a round nobody delivered to is empty after its delivery deadline and its owner reclaims the
 *   escrow with the forfeited deposit.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, parseEther, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { cliIn, fixed8, ok, refused, result as resultOf, sealedCredits, type Run } from '../helpers/cli.js';
import { jsonConventionErrors } from '../helpers/json-convention.js';

/** The result of a `--json` run, whose every field follows the JSON convention (ts/cli/output.ts). */
function result<T>(r: Run, command: string): T {
  const value = resultOf<T>(r, command);
  expect(jsonConventionErrors(JSON.parse(r.stdout)), `zkml ${command} --json`).toEqual([]);
  return value;
}

const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-sealed-'));
const zkml = cliIn(dir);
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name; // relative: the CLI runs in `dir`
};
const syn = generateSynthetic({ seed: 16, rows: 24, providers: 4, sizes: [6, 6, 6, 6], validationRows: 8 }); // three of its providers join
const plain = (p: string) => file(`${p}.csv`, formatValidationCsv({ d: 1, rows: syn.training.rows.filter((r) => r.provider === p) }));
const VALIDATION = file('validation.csv', formatValidationCsv(syn.validation));
const SECRETS = 'owner.json';
const REWARD = parseEther('1');
const DEPOSIT = parseEther('0.01');

interface Status {
  chainTime: string;
  round: {
    phase: string;
    registrationDeadline: string;
    deliveryDeadline: string;
    deposit: string;
    numProviders: number;
    numDelivered: number;
    providers: { index: number; account: Address; rows: number; delivered: boolean; settlementIndex: number | null; state: string; claimable: string }[];
  };
}

describe('sealed rounds through the zkml CLI', () => {
  let anvil: Anvil;
  let rpc: string[];
  let contract: Address;
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  const addr = (i: number) => anvil.accounts[i]!.address;
  const chain = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const nonce = (i: number) => chain().getTransactionCount({ address: addr(i) });
  const status = async () => result<Status>(await zkml(['status', ...rpc, '--round', '1', '--json']), 'status');
  const deliveryFile = (i: number) => join(dir, `round-1-31337-${contract.toLowerCase()}-${addr(i).toLowerCase()}.delivery.json`);
  /** Moves the chain's clock to one second past `deadline`. */
  const travelPast = async (deadline: string, s: Status) => anvil.increaseTime(Number(BigInt(deadline) - BigInt(s.chainTime)) + 1);

  beforeAll(async () => {
    anvil = await startAnvil();
    rpc = ['--rpc-url', anvil.rpcUrl, '--deployments', 'deployments', '--quiet'];
    contract = result<{ ZKMLIncentives: Address }>(await zkml(['deploy', ...rpc, '--json'], key(0)), 'deploy').ZKMLIncentives;
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('zkml --help lists every step of a sealed round', async () => {
    const text = ok(await zkml(['--help']));
    for (const command of ['create-round', 'register', 'deliver', 'status', 'settle', 'claim', 'withdraw', 'reclaim']) expect(text).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    const deliverHelp = ok(await zkml(['deliver', '--help']));
    expect(deliverHelp).toMatch(/^usage: zkml deliver \[flags\]/);
    for (const flag of ['--round', '--delivery', '--wait']) expect(deliverHelp).toContain(flag);
    expect(ok(await zkml(['register', '--help']))).toMatch(/--deliver\b/);
  });

  it('create-round refuses an out-of-range deposit, share by rows or window before sending', async () => {
    const before = await nonce(0);
    const create = ['create-round', ...rpc, '--reward', '1', '--validation', VALIDATION, '--secrets', 'refused.json'];
    const cases: [string, string[], RegExp][] = [
      ['deposit above the reward', ['--deposit', '2'], /--deposit 2 is more than the reward 1: the deposit of a registration is at most the reward\./],
      ['no deposit in an open round', ['--deposit', '0'], /--deposit 0 needs --allowlist: an open round needs a deposit/],
      ['a negative deposit', ['--deposit', '-1'], /--deposit must be an amount of ETH/],
      ['share by rows above 100 %', ['--row-share-bps', '10001'], /--row-share-bps must be between 0 and 10000, got 10001\./],
      ['registration over 30 days', ['--registration-seconds', String(30 * 86400 + 1)], /--registration-seconds must be between 3600 and 2592000, got 2592001\./],
      ['delivery over 7 days', ['--delivery-seconds', String(7 * 86400 + 1)], /--delivery-seconds must be between 3600 and 604800, got 604801\./],
      ['submission over 30 days', ['--submission-seconds', String(30 * 86400 + 1)], /--submission-seconds must be between 86400 and 2592000, got 2592001\./],
    ];
    const runs = await Promise.all(cases.map(([, extra]) => zkml([...create, ...extra], key(0))));
    const failures: string[] = [];
    cases.forEach(([what, , pattern], i) => {
      try {
        refused(runs[i]!, 2, pattern);
      } catch (err) {
        failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    expect(failures).toEqual([]);
    expect(await nonce(0)).toBe(before);
    expect(existsSync(join(dir, 'refused.json'))).toBe(false);
    expect(result<{ roundCount: string }>(await zkml(['status', ...rpc, '--json']), 'status').roundCount).toBe('0');
  });

  type Registered = { index: number; account: Address; deposit: string; delivery: string; delivered: null | { settlementIndex: number; tx: Hex } };

  it('registration: a second register is refused naming the kept delivery; deliver before the deadline is refused; register --deliver waits and delivers', async () => {
    const created = result<{ roundId: string; deposit: string }>(
      await zkml(['create-round', ...rpc, '--json', '--reward', '1', '--deposit', '0.01', '--max-providers', '3', '--validation', VALIDATION, '--secrets', SECRETS], key(0)),
      'create-round',
    );
    expect(created).toMatchObject({ roundId: '1', deposit: DEPOSIT.toString() });
    const [two, three] = await Promise.all([2, 3].map((i) => zkml(['register', ...rpc, '--json', '--round', '1', '--data', plain(`provider${i}`)], key(i))));
    for (const [j, r] of [two!, three!].entries()) {
      const x = result<Registered>(r, 'register');
      expect(x).toMatchObject({ account: addr(j + 2), deposit: DEPOSIT.toString(), delivery: deliveryFile(j + 2), delivered: null });
      expect(statSync(x.delivery).mode & 0o077).toBe(0);
    }

    const before = await Promise.all([2, 3].map(nonce));
    const [again, early, earlyJson] = await Promise.all([
      zkml(['register', ...rpc, '--round', '1', '--data', plain('provider2')], key(2)),
      zkml(['deliver', ...rpc, '--round', '1'], key(3)),
      zkml(['deliver', ...rpc, '--round', '1', '--json'], key(3)),
    ]);
    const twice = refused(again, 1, new RegExp(`${addr(2)} already holds slot \\d of round 1; nothing was sent\\.`));
    expect(twice).toContain(`Its delivery is kept in ${deliveryFile(2)}: deliver it after the registration deadline`);
    const opens = /delivery for round 1 opens at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(chain time \d+\), when registration closes: wait \d+ s \(on anvil: `cast rpc evm_increaseTime \d+`, then `cast rpc evm_mine`\), then deliver\. Nothing was proven or sent\. `zkml deliver --round 1 --wait` waits for it\.$/;
    refused(early, 1, opens);
    refused(earlyJson, 1, opens, { command: 'deliver', code: 'DELIVERY_NOT_OPEN' });
    expect(await Promise.all([2, 3].map(nonce))).toEqual(before);
    expect((await status()).round).toMatchObject({ phase: 'Registration', numProviders: 2, numDelivered: 0 });

    // register --deliver: once it says it waits for delivery to open, move the clock past the deadline.
    const s = await status();
    let moved: Promise<void> | undefined;
    const loud = rpc.filter((x) => x !== '--quiet');
    const r = await zkml(['register', ...loud, '--json', '--round', '1', '--data', plain('provider1'), '--deliver'], key(1), (stderr) => {
      if (!moved && /waiting for delivery to open at/.test(stderr)) moved = travelPast(s.round.registrationDeadline, s);
    });
    await moved;
    expect(moved, `register --deliver never said it was waiting:\n${r.stderr}`).toBeDefined();
    const one = result<Registered>(r, 'register');
    expect(one).toMatchObject({ account: addr(1), delivery: deliveryFile(1), delivered: { settlementIndex: 0 } });
    const sent = (JSON.parse(r.stdout) as { sent: { hash: Hex; action: string }[] }).sent;
    expect(sent.map((x) => x.action)).toEqual(['registering in round 1', 'delivering to round 1']);
    expect(sent[1]!.hash).toBe(one.delivered!.tx);

    const delivering = await status();
    expect(delivering.round).toMatchObject({ phase: 'Delivery', numProviders: 3, numDelivered: 1 });
    const state = new Map(delivering.round.providers.map((p) => [p.account, p]));
    expect(state.get(addr(1))).toMatchObject({ delivered: true, settlementIndex: 0, state: 'delivered' });
    for (const i of [2, 3]) expect(state.get(addr(i))).toMatchObject({ delivered: false, settlementIndex: null, state: 'registered (to deliver)' });
  });

  it('delivery: a lost delivery file is refused saying how to find it; one provider delivers, one never does and is excluded after the delivery deadline', async () => {
    const before = await nonce(3);
    mkdirSync(join(dir, 'elsewhere'), { recursive: true });
    const [lost, defaultElsewhere] = await Promise.all([
      zkml(['deliver', ...rpc, '--round', '1', '--delivery', 'lost.delivery.json'], key(3)),
      // The default file is looked up in the current folder: from another folder it is not found.
      cliIn(join(dir, 'elsewhere'))(['deliver', '--rpc-url', anvil.rpcUrl, '--deployments', join(dir, 'deployments'), '--quiet', '--round', '1'], key(3)),
    ]);
    // Registering again after the registration deadline is still told where the kept delivery is (not only that registration closed).
    const registerAgain = await zkml(['register', ...rpc, '--round', '1', '--data', plain('provider3')], key(3));
    expect(refused(registerAgain, 1, new RegExp(`${addr(3)} already holds slot \\d of round 1; nothing was sent\\.`))).toContain(`Its delivery is kept in ${deliveryFile(3)}: deliver it after the registration deadline`);
    refused(lost, 1, /no delivery file lost\.delivery\.json: `zkml register` keeps it next to its --data file; pass that file with --data FILE, or the delivery itself with --delivery FILE\. Nothing was sent\./);
    refused(defaultElsewhere, 1, new RegExp(`no delivery file ${join(dir, 'elsewhere', `round-1-31337-${contract.toLowerCase()}-${addr(3).toLowerCase()}.delivery.json`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*pass that file with --data FILE, or the delivery itself with --delivery FILE\\. Nothing was sent\\.`));
    expect(await nonce(3)).toBe(before);

    // From another folder, --data names the folder register kept the delivery in.
    const fromElsewhere = cliIn(join(dir, 'elsewhere'))(['deliver', '--rpc-url', anvil.rpcUrl, '--deployments', join(dir, 'deployments'), '--quiet', '--json', '--round', '1', '--data', join(dir, plain('provider2'))], key(2));
    const d = result<{ roundId: string; account: Address; delivery: string; settlementIndex: number; tx: Hex }>(await fromElsewhere, 'deliver');
    expect(d).toMatchObject({ roundId: '1', account: addr(2), delivery: deliveryFile(2), settlementIndex: 1 });
    const again = await zkml(['deliver', ...rpc, '--round', '1'], key(2));
    refused(again, 1, /has already delivered/);

    // Provider 3 never delivers: the round stays in delivery until its deadline, then provider 3 is excluded.
    const s = await status();
    expect(s.round).toMatchObject({ phase: 'Delivery', numDelivered: 2 });
    await travelPast(s.round.deliveryDeadline, s);
    const after = await status();
    expect(after.round).toMatchObject({ phase: 'Submission', numProviders: 3, numDelivered: 2 });
    const byAccount = new Map(after.round.providers.map((p) => [p.account, p]));
    expect(byAccount.get(addr(1))).toMatchObject({ delivered: true, settlementIndex: 0, state: 'delivered' });
    expect(byAccount.get(addr(2))).toMatchObject({ delivered: true, settlementIndex: 1, state: 'delivered' });
    expect(byAccount.get(addr(3))).toMatchObject({ delivered: false, settlementIndex: null, state: 'excluded (did not deliver; deposit forfeited)' });
    const late = await zkml(['deliver', ...rpc, '--round', '1', '--json'], key(3));
    refused(late, 1, /delivery for round 1 is over/, { command: 'deliver', code: 'DELIVERY_CLOSED' });
    expect(await nonce(3)).toBe(before);
  });

  it('the round settles with the deliverers; the excluded claim is refused; credits are deposit + a share of the pool with the forfeited deposit, to the wei', async () => {
    type Settled = { byRows: boolean; providers: { index: number; settlementIndex: number; account: Address; rows: number; shapley: string }[]; excluded: { account: Address }[] };
    const st = result<Settled>(await zkml(['settle', ...rpc, '--json', '--round', '1', '--validation', VALIDATION, '--secrets', SECRETS], key(0)), 'settle');
    // The settlement's providers: the two deliverers, in delivery order; provider 3 is left out.
    expect(st.providers.map((p) => [p.account, p.settlementIndex])).toEqual([[addr(1), 0], [addr(2), 1]]);
    expect(st.excluded.map((p) => p.account)).toEqual([addr(3)]);
    const phi = st.providers.map((p) => fixed8(p.shapley));
    expect(st.byRows).toBe(!phi.some((v) => v > 0n));

    // Independent: the pool is the reward plus provider 3's forfeited deposit; each deliverer gets its deposit back and its share.
    const { credits, pool } = sealedCredits({ amount: REWARD, deposit: DEPOSIT, numProviders: 3, rows: st.providers.map((p) => p.rows), phi });
    expect(pool).toBe(REWARD + DEPOSIT);
    expect(credits.reduce((a, b) => a + b, 0n)).toBe(REWARD + 3n * DEPOSIT);
    for (const c of credits) expect(c).toBeGreaterThanOrEqual(DEPOSIT);
    const s = await status();
    expect(s.round.phase).toBe('Settled');
    const byAccount = new Map(s.round.providers.map((p) => [p.account, p]));
    st.providers.forEach((p, i) => expect(byAccount.get(p.account)).toMatchObject({ claimable: credits[i]!.toString(), state: 'claimable' }));
    expect(byAccount.get(addr(3))).toMatchObject({ claimable: '0', state: 'excluded (did not deliver; deposit forfeited)' });

    const before3 = await nonce(3);
    const [excluded, excludedJson] = await Promise.all([zkml(['claim', ...rpc, '--round', '1'], key(3)), zkml(['claim', ...rpc, '--round', '1', '--json'], key(3))]);
    const slot3 = byAccount.get(addr(3))!.index;
    refused(excluded, 1, new RegExp(`slot ${slot3} of round 1 \\(${addr(3)}\\) did not deliver its data by the delivery deadline: it is excluded from the settlement and its deposit went into the pool; there is nothing to claim\\. Nothing was sent\\.`));
    refused(excludedJson, 1, /did not deliver/, { command: 'claim', code: 'NOT_DELIVERED' });
    expect(await nonce(3)).toBe(before3);

    // Anyone claims every slot: the deliverers are credited, the excluded slot is skipped.
    const claimed = result<{ claimed: { provider: Address; amount: string }[] }>(await zkml(['claim', ...rpc, '--json', '--round', '1', '--all'], key(9)), 'claim');
    expect(new Map(claimed.claimed.map((c) => [c.provider, c.amount]))).toEqual(new Map(st.providers.map((p, i) => [p.account, credits[i]!.toString()])));

    const before = await chain().getBalance({ address: addr(1) });
    const w = result<{ amount: string; tx: Hex }>(await zkml(['withdraw', ...rpc, '--json'], key(1)), 'withdraw');
    const receipt = await chain().getTransactionReceipt({ hash: w.tx });
    expect(w.amount).toBe(credits[0]!.toString());
    expect((await chain().getBalance({ address: addr(1) })) - before).toBe(credits[0]! - receipt.gasUsed * receipt.effectiveGasPrice);
    const none = await zkml(['withdraw', ...rpc], key(3));
    refused(none, 1, /nothing to withdraw in ETH/);
  });

  it('a round nobody delivered to: empty after the delivery deadline, reclaimed with the forfeited deposit', async () => {
    const r2 = result<{ roundId: string }>(await zkml(['create-round', ...rpc, '--json', '--reward', '0.5', '--deposit', '0.02', '--validation', VALIDATION, '--secrets', SECRETS], key(0)), 'create-round');
    expect(r2.roundId).toBe('2');
    result(await zkml(['register', ...rpc, '--json', '--round', '2', '--data', plain('provider4')], key(4)), 'register');
    const read = async () => result<Status>(await zkml(['status', ...rpc, '--round', '2', '--json']), 'status');
    const s = await read();
    const early = await zkml(['reclaim', ...rpc, '--round', '2'], key(0));
    refused(early, 1, /round 2 may still get deliveries.*`zkml status --round 2` shows its deadlines\./);
    await travelPast(s.round.deliveryDeadline, s);
    const empty = await read();
    expect(empty.round).toMatchObject({ phase: 'Empty', numProviders: 1, numDelivered: 0 });
    expect(empty.round.providers.map((p) => p.state)).toEqual(['excluded (did not deliver; deposit forfeited)']);
    const r = result<{ credited: string }>(await zkml(['reclaim', ...rpc, '--json', '--round', '2'], key(0)), 'reclaim');
    // The escrow and the deposit its only registration forfeited.
    expect(r.credited).toBe((parseEther('0.5') + parseEther('0.02')).toString());
    expect((await read()).round.phase).toBe('Reclaimed');
  });
});
