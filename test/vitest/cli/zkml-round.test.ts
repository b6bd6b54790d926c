/**
 * Fair rounds through the real `zkml` CLI on a real anvil: every step spawns `tsx ts/cli/zkml.ts`
 * in a scratch folder, as a user would, with the shipped verifiers and real proofs. Independent
 * commands run concurrently.
 *
 * Round 1 (the full flow of a sealed round): deploy; create-round; two providers register (one
 * picks its rows from a provider,x1,y CSV with --provider, one gives a plain x1,y CSV), each paying
 * the deposit and keeping its delivery file next to its data; status shows each provider's state;
 * refusals that send nothing (wrong chain, unfunded account, --max-providers too large, --lambda 0,
 * windows below the minimum, a key on argv, a claim before settlement); time travel past the
 * registration deadline `status --json` reports; reclaim refused while delivery is open; each
 * provider delivers (`zkml deliver`); reclaim refused (RoundHasProviders); prove --round, verify;
 * proofs with altered public inputs refused before sending; submit by a third party; claim;
 * withdraw to the wei of the `status` claimable, which is the deposit back plus the share of φ.
 * Round 2 (expired): registered and delivered, never settled; after its submission deadline
 * `claim --all` pays the providers their deposits and the pool by rows, and the owner's reclaim is
 * refused.
 * Round 3 (allowlisted): an outsider cannot register; the owner settles with `settle`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { formatTrainingCsv, formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { roundContext } from '../../../ts/protocol/context.js';
import { cliIn, fixed8, refused, result as resultOf, sealedCredits, type Run } from '../helpers/cli.js';
import { jsonConventionErrors } from '../helpers/json-convention.js';

/** The result of a `--json` run, whose every field follows the JSON convention (ts/cli/output.ts). */
function result<T>(r: Run, command: string): T {
  const value = resultOf<T>(r, command);
  expect(jsonConventionErrors(JSON.parse(r.stdout)), `zkml ${command} --json`).toEqual([]);
  return value;
}

const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-round-'));
const zkml = cliIn(dir);
const ETH = 10n ** 18n;

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name; // relative: the CLI runs in `dir`
};

// Six providers of one feature; each round uses two of them.
const syn = generateSynthetic({ seed: 5, rows: 36, providers: 6, sizes: [5, 7, 6, 4, 8, 6], validationRows: 8 });
const rowsOf = (p: string) => syn.training.rows.filter((r) => r.provider === p);
const plain = (p: string) => file(`${p}.csv`, formatValidationCsv({ d: 1, rows: rowsOf(p) }));
const ALL = file('all.csv', formatTrainingCsv(syn.training));
const R1_DATA = file('round1.csv', formatTrainingCsv({ d: 1, rows: [...rowsOf('provider1'), ...rowsOf('provider2')] }));
const VALIDATION = file('validation.csv', formatValidationCsv(syn.validation));
const SECRETS = 'owner.json';

interface Status {
  chainTime: string;
  roundCount: string;
  account?: { address: Address; withdrawable: string };
  round: {
    id: string;
    phase: string;
    status: string;
    amount: string;
    registrationDeadline: string;
    deliveryDeadline: string;
    submissionDeadline: string;
    deposit: string;
    numProviders: number;
    numDelivered: number;
    rows: number;
    context: Hex;
    maxProviders: number;
    allowlistOnly: boolean;
    providers: { index: number; account: Address; rows: number; commitment: Hex; delivered: boolean; settlementIndex: number | null; state: string; claimable: string; claimed: string }[];
    settlement: { shapley: string[]; split: string } | null;
  };
}

describe('fair rounds through the zkml CLI on anvil', () => {
  let anvil: Anvil;
  let rpc: string[];
  let contract: Address;
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  const addr = (i: number) => anvil.accounts[i]!.address;
  const POOR = `0x${'42'.repeat(32)}` as Hex;
  const chain = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const nonce = (address: Address) => chain().getTransactionCount({ address });
  const status = async (round: number, env: Record<string, string> = {}) => result<Status>(await zkml(['status', ...rpc, '--round', String(round), '--json'], env), 'status');
  /** Moves the chain's clock to one second past `deadline` (from `status --json`). */
  const travelPast = async (deadline: bigint, s: Status) => {
    const seconds = Number(deadline - BigInt(s.chainTime)) + 1;
    expect(seconds).toBeGreaterThan(0);
    await anvil.increaseTime(seconds);
  };

  beforeAll(async () => {
    anvil = await startAnvil();
    rpc = ['--rpc-url', anvil.rpcUrl, '--deployments', 'deployments', '--quiet'];
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploy records the deployment; create-round escrows the reward and keeps the validation salt', async () => {
    const d = result<{ chainId: number; ZKMLIncentives: Address; shapes: { name: string }[]; file: string }>(await zkml(['deploy', ...rpc, '--json'], key(0)), 'deploy');
    expect(d.chainId).toBe(31337);
    expect(d.file).toBe('deployments/31337.json');
    expect(existsSync(join(dir, 'deployments', '31337.json'))).toBe(true);
    expect(d.shapes.map((s) => s.name)).toContain('k8d1n128');
    contract = d.ZKMLIncentives;
    expect(await chain().getCode({ address: contract })).toMatch(/^0x[0-9a-f]{100,}/);

    type Created = { roundId: string; shape: { id: number; name: string }; amount: string; lambda: string; maxProviders: number; deposit: string; context: Hex; registrationDeadline: string; deliveryDeadline: string; submissionDeadline: string; allowlist: Address[] };
    const r1 = result<Created>(await zkml(['create-round', ...rpc, '--json', '--reward', '2.5', '--validation', VALIDATION, '--secrets', SECRETS, '--max-providers', '3'], key(0)), 'create-round');
    // The default deposit: the reward / (10 × max providers).
    expect(r1).toMatchObject({ roundId: '1', shape: { id: 0, name: 'k8d1n128' }, amount: (25n * ETH / 10n).toString(), lambda: '0.01', maxProviders: 3, deposit: (25n * ETH / 10n / 30n).toString(), allowlist: [] });
    expect(BigInt(r1.context)).toBe(roundContext(31337, contract, 1n));
    // The owner's secrets file was written (owner-only) before anything was sent.
    expect(statSync(join(dir, SECRETS)).mode & 0o077).toBe(0);
    const r2 = result<Created>(await zkml(['create-round', ...rpc, '--json', '--reward', '1', '--lambda', '0.5', '--shape', '0', '--validation', VALIDATION, '--secrets', SECRETS, '--submission-seconds', '90000'], key(0)), 'create-round');
    expect(r2).toMatchObject({ roundId: '2', lambda: '0.5', maxProviders: 8, deposit: (ETH / 80n).toString() });
    expect(BigInt(r2.submissionDeadline) - BigInt(r2.deliveryDeadline)).toBe(90000n);

    const s = await status(1);
    // Default windows: 1 hour of registration (plus the 60 s slack), 1 hour of delivery, then 1 day of submission.
    const open = BigInt(s.round.registrationDeadline) - BigInt(s.chainTime);
    expect(open).toBeGreaterThanOrEqual(3600n);
    expect(open).toBeLessThanOrEqual(3660n);
    expect(BigInt(s.round.deliveryDeadline) - BigInt(s.round.registrationDeadline)).toBe(3600n);
    expect(BigInt(s.round.submissionDeadline) - BigInt(s.round.deliveryDeadline)).toBe(86400n);
    expect(s.round).toMatchObject({ phase: 'Registration', status: 'Open', numProviders: 0, numDelivered: 0, maxProviders: 3, deposit: r1.deposit, providers: [] });
  });

  it('providers register from a provider CSV (--provider) and from a plain CSV, paying the deposit and keeping the delivery; status shows each one', async () => {
    type Registered = { roundId: string; index: number; account: Address; rows: number; commitment: Hex; deposit: string; delivery: string; delivered: null };
    const balances = await Promise.all([1, 2].map((i) => chain().getBalance({ address: addr(i) })));
    const runs = await Promise.all([
      zkml(['register', ...rpc, '--json', '--round', '1', '--data', R1_DATA, '--provider', 'provider1'], key(1)),
      zkml(['register', ...rpc, '--json', '--round', '1', '--data', plain('provider2')], key(2)),
      zkml(['register', ...rpc, '--json', '--round', '2', '--data', plain('provider3')], key(3)),
      zkml(['register', ...rpc, '--json', '--round', '2', '--data', ALL, '--provider', 'provider4'], key(4)),
    ]);
    const [a, b, c, e] = runs.map((r) => result<Registered>(r, 'register'));
    expect(a).toMatchObject({ roundId: '1', account: addr(1), rows: 5 });
    expect(b).toMatchObject({ roundId: '1', account: addr(2), rows: 7 });
    expect(c).toMatchObject({ roundId: '2', account: addr(3), rows: 6 });
    expect(e).toMatchObject({ roundId: '2', account: addr(4), rows: 4 });
    expect([a!.index, b!.index].sort()).toEqual([0, 1]);
    // Each kept its delivery (owner-only) next to its --data, named after the round, chain, contract and account; nothing is delivered yet.
    [a, b, c, e].forEach((x, i) => {
      expect(x!.delivery).toBe(join(dir, `round-${x!.roundId}-31337-${contract.toLowerCase()}-${addr(i + 1).toLowerCase()}.delivery.json`));
      expect(statSync(x!.delivery).mode & 0o077).toBe(0);
      expect(x!.delivered).toBeNull();
    });
    expect(a!.deposit).toBe((25n * ETH / 10n / 30n).toString());
    // The deposit left each account with the registration (balance down by deposit + gas).
    for (const [j, x] of [a!, b!].entries()) {
      const receipt = await chain().getTransactionReceipt({ hash: (JSON.parse(runs[j]!.stdout) as { result: { tx: Hex } }).result.tx });
      expect(balances[j]! - (await chain().getBalance({ address: x.account }))).toBe(BigInt(x.deposit) + receipt.gasUsed * receipt.effectiveGasPrice);
    }
    // Each registration's transaction is listed under `sent` (printed on stderr as soon as it was sent).
    runs.forEach((r, i) => {
      const doc = JSON.parse(r.stdout) as { result: { tx: Hex }; sent: { hash: Hex; action: string }[] };
      expect(doc.sent).toEqual([{ hash: doc.result.tx, action: `registering in round ${i < 2 ? 1 : 2}` }]);
    });

    const [s1, s2] = await Promise.all([status(1, key(1)), status(2)]);
    expect(s1.round).toMatchObject({ phase: 'Registration', numProviders: 2, numDelivered: 0, rows: 12 });
    const byAccount = new Map(s1.round.providers.map((p) => [p.account, p]));
    expect(byAccount.get(addr(1))).toMatchObject({ index: a!.index, rows: 5, commitment: a!.commitment, delivered: false, settlementIndex: null, state: 'registered (to deliver)', claimable: '0', claimed: '0' });
    expect(byAccount.get(addr(2))).toMatchObject({ index: b!.index, rows: 7, commitment: b!.commitment, delivered: false, settlementIndex: null, state: 'registered (to deliver)', claimable: '0', claimed: '0' });
    expect(s1.account).toEqual({ address: addr(1), asset: 'ETH', withdrawable: '0' });
    expect(s2.round).toMatchObject({ numProviders: 2, rows: 10 });
  });

  it('refusals send nothing: wrong chain, unfunded account, bad round parameters, a key on argv, an early claim', async () => {
    const nonces = await Promise.all([0, 5, 7].map((i) => nonce(addr(i))));
    const create = ['create-round', ...rpc, '--reward', '1', '--validation', VALIDATION, '--secrets', 'other.json'];
    const cases: [string, Promise<Run>, 1 | 2, RegExp][] = [
      ['wrong chain', zkml(['register', ...rpc, '--round', '1', '--data', plain('provider5'), '--chain-id', '1'], key(7)), 1, /the node at .* is on chain 31337, not chain 1;.*Nothing was sent\. Point --rpc-url at a node of chain 1, or change --chain-id\./],
      // The registration sends the deposit (2.5 ETH / 30), after the proof: refused before sending.
      ['unfunded provider', zkml(['register', ...rpc, '--round', '1', '--data', plain('provider5')], { PRIVATE_KEY: POOR }), 1, /registering in round 1: account 0x[0-9a-fA-F]{40} has 0 ETH but the call sends 0\.0833+ ETH; fund it and try again\. Nothing was sent\./],
      ['unfunded owner', zkml([...create], { PRIVATE_KEY: POOR }), 1, /has 0 ETH but the call sends 1 ETH; fund it and try again\. Nothing was sent\./],
      ['--max-providers too large', zkml([...create, '--max-providers', '9'], key(0)), 2, /--max-providers must be between 1 and 8, got 9\./],
      ['--lambda 0', zkml([...create, '--lambda', '0'], key(0)), 2, /--lambda 0: λ must be at least 0\.01/],
      ['short registration', zkml([...create, '--registration-seconds', '60'], key(0)), 2, /--registration-seconds must be between 3600 and \d+, got 60\./],
      ['short delivery', zkml([...create, '--delivery-seconds', '600'], key(0)), 2, /--delivery-seconds must be between 3600 and \d+, got 600\./],
      ['short submission', zkml([...create, '--submission-seconds', '3600'], key(0)), 2, /--submission-seconds must be between 86400 and \d+, got 3600\./],
      ['key on argv', zkml([...create, '--private-key', anvil.accounts[0]!.privateKey]), 2, /unknown flag --private-key\. Keys are never taken from the command line/],
      ['claim before settlement', zkml(['claim', ...rpc, '--round', '1'], key(1)), 1, /round 1 is in phase Registration: rewards are claimed after settlement.*Nothing was sent\./],
      ['round id 0 (ids start at 1): a flag value out of range is a usage error', zkml(['register', ...rpc, '--round', '0', '--data', plain('provider5')], key(5)), 2, /--round must be a round id/],
    ];
    const runs = await Promise.all(cases.map(([, run]) => run));
    const failures: string[] = [];
    cases.forEach(([what, , code, pattern], i) => {
      try {
        const line = refused(runs[i]!, code, pattern);
        expect(line).not.toContain(anvil.accounts[0]!.privateKey.slice(2));
        expect(line).not.toContain('42'.repeat(32));
      } catch (err) {
        failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    expect(failures).toEqual([]);
    // Nothing was sent: no nonce moved, no round was created, nobody joined round 1.
    expect(await Promise.all([0, 5, 7].map((i) => nonce(addr(i))))).toEqual(nonces);
    expect(await nonce(privateKeyToAccount(POOR).address)).toBe(0);
    const s = await status(1);
    expect(s.roundCount).toBe('2');
    expect(s.round.numProviders).toBe(2);
  });

  let pool1Claims: Map<Address, bigint>;

  it('after the registration deadline: reclaim refused; each provider delivers; prove --round, verify; altered proofs refused before sending; submit', async () => {
    const s2 = await status(2);
    // Round 2 closes last; both rounds are then in their delivery window.
    await travelPast(BigInt(s2.round.registrationDeadline), s2);
    const [delivering, early] = await Promise.all([status(1), zkml(['reclaim', ...rpc, '--round', '1'], key(0))]);
    expect(delivering.round).toMatchObject({ phase: 'Delivery', numDelivered: 0 });
    refused(early, 1, /round 1 may still get deliveries/);

    // Each provider delivers its kept delivery (found by its default name in the folder it registered from).
    type Delivered = { roundId: string; account: Address; delivery: string; settlementIndex: number; tx: Hex };
    const order = [2, 1, 3, 4]; // account 2 delivers first in round 1: delivery order, not slot order, is the settlement's
    const delivered: Delivered[] = [];
    for (const i of order) {
      const r = await zkml(['deliver', ...rpc, '--json', '--round', i <= 2 ? '1' : '2'], key(i));
      const d = result<Delivered>(r, 'deliver');
      expect((JSON.parse(r.stdout) as { sent: unknown }).sent).toEqual([{ hash: d.tx, action: `delivering to round ${d.roundId}` }]);
      delivered.push(d);
    }
    expect(delivered.map((d) => [d.account, d.settlementIndex])).toEqual([[addr(2), 0], [addr(1), 1], [addr(3), 0], [addr(4), 1]]);
    const [s1, reclaim] = await Promise.all([status(1), zkml(['reclaim', ...rpc, '--round', '1'], key(0))]);
    // Every registered provider delivered: submission opens before the delivery deadline.
    expect(s1.round).toMatchObject({ phase: 'Submission', numDelivered: 2 });
    expect(BigInt(s1.chainTime)).toBeLessThan(BigInt(s1.round.deliveryDeadline));
    for (const x of s1.round.providers) expect(x).toMatchObject({ delivered: true, settlementIndex: x.account === addr(2) ? 0 : 1, state: 'delivered' });
    refused(reclaim, 1, /round 1 has delivered providers: its escrow goes to them \(by settlement, or by their claims after expiry\), never back to the owner\..* After expiry, they claim it with `zkml claim`\./);

    const [proved, valued] = await Promise.all([
      zkml(['prove', ...rpc, '--json', '--round', '1', '--validation', VALIDATION, '--secrets', SECRETS, '--out', 'proof.json'], key(0)),
      zkml(['value', '--data', R1_DATA, '--validation', VALIDATION, '--json']),
    ]);
    const p = result<{ out: string; shape: string; providers: string[]; context: Hex }>(proved, 'prove');
    // The settlement's providers: the delivered slots in delivery order.
    const slots = [...s1.round.providers].sort((x, y) => x.settlementIndex! - y.settlementIndex!).map((x) => x.account);
    expect(p).toMatchObject({ out: 'proof.json', shape: 'k8d1n128', context: s1.round.context });
    expect(p.providers).toEqual(slots);

    // Altered public inputs: the context (caught by the check against the round) and settlement
    // index 0's Shapley value (caught by the verifier in the simulation); neither is sent.
    const proof = JSON.parse(readFileSync(join(dir, 'proof.json'), 'utf8')) as { publicInputs: Hex[] };
    const K = 8;
    const otherContext = { ...proof, publicInputs: proof.publicInputs.map((x, i) => (i === 0 ? `0x${'7'.padStart(64, '0')}` : x)) };
    const phi0 = proof.publicInputs.length - K;
    const inflated = { ...proof, publicInputs: proof.publicInputs.map((x, i) => (i === phi0 ? `0x${(BigInt(x) + 10n ** 8n).toString(16).padStart(64, '0')}` : x)) };
    file('other-context.json', JSON.stringify(otherContext));
    file('inflated.json', JSON.stringify(inflated));
    const submitterNonce = await nonce(addr(8));
    const [verified, verifyInflated, wrongContext, wrongValue] = await Promise.all([
      zkml(['verify', 'proof.json', '--quiet']),
      zkml(['verify', 'inflated.json', '--quiet']),
      zkml(['submit', ...rpc, '--round', '1', '--proof', 'other-context.json'], key(8)),
      zkml(['submit', ...rpc, '--round', '1', '--proof', 'inflated.json'], key(8)),
    ]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^valid \(/);
    refused(verifyInflated, 1, /inflated\.json: the proof does not verify against the zkml verification key\./);
    refused(wrongContext, 1, new RegExp(`other-context\\.json does not prove round 1: it was proven for context 0x0+7, but round 1 of ${contract} on chain 31337 has context ${s1.round.context}\\..*Nothing was sent\\.`));
    refused(wrongValue, 1, /the verifier rejected the proof/);
    expect(await nonce(addr(8))).toBe(submitterNonce);
    expect((await status(1)).round.phase).toBe('Submission');

    // Anyone may submit (account 8 is neither owner nor provider).
    type Submitted = { byRows: boolean; providers: { index: number; account: Address; shapley: string; claimable: string }[] };
    const sub = result<Submitted>(await zkml(['submit', ...rpc, '--json', '--round', '1', '--proof', 'proof.json'], key(8)), 'submit');
    expect(sub.providers.map((x) => x.account)).toEqual(slots);
    // The settled φ are exactly `zkml value`'s on the same data (provider1 = account 1, provider2 = account 2).
    const offChain = new Map(result<{ providers: { name: string; shapley: string }[] }>(valued, 'value').providers.map((x) => [x.name, x.shapley]));
    for (const x of sub.providers) expect(x.shapley).toBe(offChain.get(x.account === addr(1) ? 'provider1' : 'provider2'));
    const phi = sub.providers.map((x) => fixed8(x.shapley));
    expect(phi.some((v) => v > 0n)).toBe(true);
    expect(sub.byRows).toBe(false);
    // Independent: each delivered provider's deposit back plus its cumulative share of max(φ, 0), in delivery order.
    const deposit = BigInt(s1.round.deposit);
    const { credits: expected, pool } = sealedCredits({ amount: 25n * ETH / 10n, deposit, numProviders: 2, rows: sub.providers.map((x) => s1.round.providers.find((y) => y.account === x.account)!.rows), phi });
    expect(pool).toBe(25n * ETH / 10n); // nobody forfeited
    expect(sub.providers.map((x) => BigInt(x.claimable))).toEqual(expected);
    expect(expected.reduce((t, v) => t + v, 0n)).toBe(25n * ETH / 10n + 2n * deposit);

    const after = await status(1);
    expect(after.round).toMatchObject({ phase: 'Settled', status: 'Settled' });
    expect(after.round.settlement?.shapley).toEqual(sub.providers.map((x) => x.shapley));
    const expectedOf = new Map(sub.providers.map((x, i) => [x.account, expected[i]!]));
    after.round.providers.forEach((x) => expect(x).toMatchObject({ claimable: expectedOf.get(x.account)!.toString(), claimed: '0', state: 'claimable' }));
    pool1Claims = new Map(after.round.providers.map((x) => [x.account, BigInt(x.claimable)]));
  });

  it('claim, then withdraw pays each provider exactly its status claimable, to the wei', async () => {
    const claims = await Promise.all([1, 2].map((i) => zkml(['claim', ...rpc, '--json', '--round', '1'], key(i))));
    claims.forEach((r, j) => {
      const c = result<{ phase: string; claimed: { provider: Address; amount: string }[] }>(r, 'claim');
      expect(c.phase).toBe('Settled');
      expect(c.claimed).toEqual([expect.objectContaining({ provider: addr(j + 1), amount: pool1Claims.get(addr(j + 1))!.toString() })]);
      expect((JSON.parse(r.stdout) as { sent: { action: string }[] }).sent).toEqual([{ hash: expect.stringMatching(/^0x[0-9a-f]{64}$/), action: expect.stringMatching(/^claiming slot \d of round 1$/) }]);
    });
    const s = await status(1, key(1));
    for (const x of s.round.providers) expect(x).toMatchObject({ state: 'claimed', claimed: pool1Claims.get(x.account)!.toString() });
    expect(s.account?.withdrawable).toBe(pool1Claims.get(addr(1))!.toString());

    const before = await Promise.all([1, 2].map((i) => chain().getBalance({ address: addr(i) })));
    const runs = await Promise.all([1, 2].map((i) => zkml(['withdraw', ...rpc, '--json'], key(i))));
    for (const [j, r] of runs.entries()) {
      const w = result<{ account: Address; asset: string; amount: string; tx: Hex }>(r, 'withdraw');
      expect(w).toMatchObject({ account: addr(j + 1), asset: 'ETH', amount: pool1Claims.get(addr(j + 1))!.toString() });
      expect((JSON.parse(r.stdout) as { sent: unknown }).sent).toEqual([{ hash: w.tx, action: 'withdrawing ETH' }]);
      const receipt = await chain().getTransactionReceipt({ hash: w.tx });
      const balance = await chain().getBalance({ address: addr(j + 1) });
      expect(balance - before[j]!).toBe(BigInt(w.amount) - receipt.gasUsed * receipt.effectiveGasPrice);
    }
    const [again, s1] = await Promise.all([zkml(['withdraw', ...rpc], key(1)), status(1, key(1))]);
    refused(again, 1, /nothing to withdraw in ETH/);
    expect(s1.account?.withdrawable).toBe('0');
  });

  it('an expired round: claim --all pays its providers by rows; settle closes an allowlisted round', async () => {
    // Round 3: only accounts 5 and 6 may register.
    const r3 = result<{ roundId: string; allowlist: Address[] }>(
      await zkml(['create-round', ...rpc, '--json', '--reward', '0.3', '--validation', VALIDATION, '--secrets', SECRETS, '--allowlist', `${addr(5)},${addr(6).toLowerCase()}`], key(0)),
      'create-round',
    );
    expect(r3).toMatchObject({ roundId: '3', allowlist: [addr(5), addr(6)] });
    const outsiderNonce = await nonce(addr(7));
    const [a, b, outsider] = await Promise.all([
      zkml(['register', ...rpc, '--json', '--round', '3', '--data', ALL, '--provider', 'provider5'], key(5)),
      zkml(['register', ...rpc, '--json', '--round', '3', '--data', plain('provider6')], key(6)),
      zkml(['register', ...rpc, '--round', '3', '--data', plain('provider1')], key(7)),
    ]);
    result(a, 'register');
    result(b, 'register');
    refused(outsider, 1, new RegExp(`${addr(7)} is not on the allowlist of round 3; ask the round's owner\\.`));
    expect(await nonce(addr(7))).toBe(outsiderNonce);

    // Past round 3's registration deadline its providers deliver; past round 2's submission deadline, round 2 expired unsettled.
    const s3 = await status(3);
    expect(s3.round).toMatchObject({ allowlistOnly: true, numProviders: 2 });
    await travelPast(BigInt(s3.round.registrationDeadline), s3);
    for (const i of [5, 6]) result(await zkml(['deliver', ...rpc, '--json', '--round', '3'], key(i)), 'deliver');
    const s2 = await status(2);
    expect(BigInt(s2.round.submissionDeadline)).toBeLessThan(BigInt(s3.round.submissionDeadline));
    await travelPast(BigInt(s2.round.submissionDeadline), s2);

    const expired = await status(2);
    expect(expired.round.phase).toBe('Expired');
    const pool2 = ETH;
    // Independent: each gets its deposit back and the pool by rows, in delivery order.
    const inOrder = [...expired.round.providers].sort((x, y) => x.settlementIndex! - y.settlementIndex!);
    const deposit2 = BigInt(expired.round.deposit);
    const byRows = sealedCredits({ amount: pool2, deposit: deposit2, numProviders: 2, rows: inOrder.map((x) => x.rows) }).credits;
    expect(inOrder.map((x) => x.claimable)).toEqual(byRows.map(String));
    expect(expired.round.providers.map((x) => x.state)).toEqual(['claimable', 'claimable']);

    const ownerNonce = await nonce(addr(0));
    const [reclaim, claimAll, settled] = await Promise.all([
      zkml(['reclaim', ...rpc, '--round', '2'], key(0)),
      zkml(['claim', ...rpc, '--json', '--round', '2', '--all'], key(9)), // anyone may claim every slot
      zkml(['settle', ...rpc, '--round', '3', '--validation', VALIDATION, '--secrets', SECRETS], key(8)),
    ]);
    refused(reclaim, 1, /round 2 has delivered providers: its escrow goes to them/);
    const c = result<{ phase: string; claimed: { index: number; provider: Address; amount: string }[] }>(claimAll, 'claim');
    expect(c.phase).toBe('Expired');
    const byRowsOf = new Map(inOrder.map((x, i) => [x.account, byRows[i]!.toString()]));
    expect(c.claimed.map((x) => [x.provider, x.amount])).toEqual(expired.round.providers.map((x) => [x.account, byRowsOf.get(x.account)]));
    expect(byRows.reduce((t, v) => t + v, 0n)).toBe(pool2 + 2n * deposit2);
    expect(new Set(c.claimed.map((x) => x.provider))).toEqual(new Set([addr(3), addr(4)]));

    // settle needs the owner's key: account 8's signature derives another key, refused before proving.
    refused(settled, 1, /is encrypted to another key than this owner secret's\. Derive the key with the round owner's account/);
    expect(await nonce(addr(0))).toBe(ownerNonce);
    type Settled = { roundId: string; shape: string; byRows: boolean; tx: Hex; providers: { index: number; account: Address; rows: number; shapley: string }[] };
    // Not quiet: the submission's hash is printed on stderr as soon as it is sent, before its receipt.
    const loud = rpc.filter((x) => x !== '--quiet');
    const settling = await zkml(['settle', ...loud, '--json', '--round', '3', '--validation', VALIDATION, '--secrets', SECRETS], key(0));
    const st = result<Settled>(settling, 'settle');
    expect(st).toMatchObject({ roundId: '3', shape: 'k8d1n128' });
    expect((JSON.parse(settling.stdout) as { sent: unknown }).sent).toEqual([{ hash: st.tx, action: 'submitting the proof for round 3' }]);
    const lines = settling.stderr.trimEnd().split('\n');
    const sentAt = lines.findIndex((l) => l.trim() === `sent ${st.tx} (submitting the proof for round 3)`);
    expect(sentAt, settling.stderr).toBeGreaterThan(0);
    expect(lines.findIndex((l) => /submitting \.\.\. .*\(gas [\d,]+\)$/.test(l)), settling.stderr).toBeGreaterThan(sentAt);
    expect(new Set(st.providers.map((x) => x.account))).toEqual(new Set([addr(5), addr(6)]));
    const s3after = await status(3);
    expect(s3after.round.phase).toBe('Settled');
    expect(s3after.round.settlement?.shapley).toEqual(st.providers.map((x) => x.shapley));
    // settle lists the settlement's providers in delivery order (account 5 delivered first).
    expect(st.providers.map((x) => x.account)).toEqual([addr(5), addr(6)]);
    const phi = st.providers.map((x) => fixed8(x.shapley));
    const { credits } = sealedCredits({ amount: 3n * ETH / 10n, deposit: BigInt(s3after.round.deposit), numProviders: 2, rows: st.providers.map((x) => x.rows), phi });
    expect(st.providers.map((x) => s3after.round.providers.find((y) => y.account === x.account)!.claimable)).toEqual(credits.map(String));
    // Settling again: with the proof settle kept (default: next to the secrets file) it is a success
    // that says so and sends nothing; without a kept proof, a refusal before proving.
    const ownerNonceAfter = await nonce(addr(0));
    const [again, elsewhere] = await Promise.all([
      zkml(['settle', ...rpc, '--json', '--round', '3', '--validation', VALIDATION, '--secrets', SECRETS], key(0)),
      zkml(['settle', ...rpc, '--round', '3', '--validation', VALIDATION, '--secrets', SECRETS, '--proof-out', 'none.proof.json'], key(0)),
    ]);
    expect(result<{ outcome: string; tx: Hex }>(again, 'settle')).toMatchObject({ outcome: 'already-settled', tx: st.tx });
    refused(elsewhere, 1, /round 3 is already settled/);
    expect(await nonce(addr(0))).toBe(ownerNonceAfter);
  });
});
