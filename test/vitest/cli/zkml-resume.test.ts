/**
 * Phases, kept proofs and capped log ranges through the real `zkml` CLI on a real anvil (shipped
 * verifiers, real proofs):
 * - `settle` and `prove --round` before the submission window (registrations not yet delivered),
 *   and `register` after the registration deadline, are refused before anything is proven (no
 *   proving step in the progress, no proof file), with the deadline and what to do, exit 1;
 * - `status` and `settle` work through a JSON-RPC proxy that refuses `eth_getLogs` over more than
 *   3 blocks (as hosted RPCs cap ranges), reading from the recorded deployment's block;
 * - a `settle` whose submit reply is lost (the proxy drops it) reports the hash ("MAY have been
 *   sent") with its proof kept; the rerun does not prove again and finds the round settled by it;
 *   without a kept proof, settling a settled round is refused before proving.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { cliIn, refused, result, type Run } from '../helpers/cli.js';
import { startRpcProxy, type RpcProxy } from '../helpers/rpc-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-resume-'));
const zkml = cliIn(dir);
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const syn = generateSynthetic({ seed: 11, rows: 24, providers: 4, sizes: [6, 6, 6, 6], validationRows: 6 });
const plain = (p: string) => file(`${p}.csv`, formatValidationCsv({ d: 1, rows: syn.training.rows.filter((r) => r.provider === p) }));
const VALIDATION = file('validation.csv', formatValidationCsv(syn.validation));
const SECRETS = 'owner.json';

/** Exit 1; the last stderr line is `zkml: <message>` matching `pattern`; no progress line mentions proving. */
function refusedBeforeProving(r: Run, pattern: RegExp): string {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  const last = lines.at(-1)!;
  expect(last).toMatch(/^zkml: /);
  expect(last).toMatch(pattern);
  expect(lines.slice(0, -1).filter((l) => /prov(ing|e)\b/i.test(l)), r.stderr).toEqual([]);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  return last;
}

interface Status {
  chainTime: string;
  round: { phase: string; registrationDeadline: string; numProviders: number; settlement: { tx: Hex; shapley: string[] } | null };
}

describe('phases before proving, kept proofs, capped log ranges', () => {
  let anvil: Anvil;
  let node: string[];
  let contract: Address;
  let deployBlock: bigint;
  const key = (i: number) => ({ PRIVATE_KEY: anvil.accounts[i]!.privateKey });
  const nonce = (i: number) => createPublicClient({ transport: http(anvil.rpcUrl) }).getTransactionCount({ address: anvil.accounts[i]!.address });
  const via = (url: string) => ['--rpc-url', url, '--deployments', 'deployments'];
  const keptPath = (round: number) => join(dir, `round-${round}-31337-${contract.toLowerCase()}.proof.json`);
  const settleArgs = (round: number) => ['settle', '--round', String(round), '--validation', VALIDATION, '--secrets', SECRETS];

  beforeAll(async () => {
    anvil = await startAnvil();
    node = via(anvil.rpcUrl);
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('before the submission window: settle and prove --round are refused before proving', async () => {
    const d = result<{ ZKMLIncentives: Address }>(await zkml(['deploy', ...node, '--quiet', '--json'], key(0)), 'deploy');
    contract = d.ZKMLIncentives;
    deployBlock = BigInt((JSON.parse(readFileSync(join(dir, 'deployments', '31337.json'), 'utf8')) as { blockNumber: number | string }).blockNumber);
    for (let i = 0; i < 3; i++) result(await zkml(['create-round', ...node, '--quiet', '--json', '--reward', '1', '--validation', VALIDATION, '--secrets', SECRETS, '--max-providers', '2'], key(0)), 'create-round');

    const [registered, r2, r3, settle, settleJson, prove] = await Promise.all([
      zkml(['register', ...node, '--quiet', '--json', '--round', '1', '--data', plain('provider1')], key(1)),
      zkml(['register', ...node, '--quiet', '--json', '--round', '2', '--data', plain('provider3')], key(3)),
      zkml(['register', ...node, '--quiet', '--json', '--round', '3', '--data', plain('provider4')], key(4)),
      zkml([...settleArgs(1), ...node], key(0)),
      zkml([...settleArgs(1), ...node, '--quiet', '--json'], key(0)),
      zkml(['prove', ...node, '--round', '1', '--validation', VALIDATION, '--secrets', SECRETS, '--out', 'early.json'], key(0)),
    ]);
    for (const r of [registered, r2, r3]) result(r, 'register');
    const opens = /submission for round 1 opens at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(chain time \d+\), when delivery closes \(or as soon as every registered provider has delivered: 0 of [01] so far\): wait up to \d+ s \(on anvil: `cast rpc evm_increaseTime \d+`, then `cast rpc evm_mine`\), then settle\. Nothing was proven or sent\.$/;
    refusedBeforeProving(settle, opens);
    refusedBeforeProving(prove, opens);
    refused(settleJson, 1, opens, { command: 'settle', code: 'SUBMISSION_NOT_OPEN' });
    expect(existsSync(keptPath(1))).toBe(false);
    expect(existsSync(join(dir, 'early.json'))).toBe(false);
  });

  let proxy: RpcProxy;

  it('after the registration deadline: every registered provider delivers; register refused before proving; status through a node capping eth_getLogs at 3 blocks', async () => {
    const s = result<Status>(await zkml(['status', ...node, '--quiet', '--json', '--round', '3']), 'status'); // the last to close
    await anvil.increaseTime(Number(BigInt(s.round.registrationDeadline) - BigInt(s.chainTime)) + 1);
    // Each round's only provider delivers: its submission window opens at once.
    for (const [round, account] of [[1, 1], [2, 3], [3, 4]] as const) result(await zkml(['deliver', ...node, '--quiet', '--json', '--round', String(round)], key(account)), 'deliver');
    await anvil.rpc('anvil_mine', ['0x14']); // 20 more blocks: more ranges to read
    const before = await nonce(2);
    const late = await zkml(['register', ...node, '--round', '1', '--data', plain('provider2')], key(2));
    refusedBeforeProving(late, /registration for round 1 closed at \S+Z \(chain time \d+\) and it is in its submission window; this round no longer accepts providers\. Nothing was proven or sent\.$/);
    expect(await nonce(2)).toBe(before);

    proxy = await startRpcProxy(anvil.rpcUrl, { maxLogBlocks: 3n });
    const capped = result<Status>(await zkml(['status', ...via(proxy.url), '--quiet', '--json', '--round', '1']), 'status');
    expect(capped.round).toMatchObject({ phase: 'Submission', numProviders: 1, settlement: null });
    const logs = proxy.seen.filter((x) => x.method === 'eth_getLogs');
    expect(logs[0]!.from).toBe(deployBlock); // from the recorded deployment's block, not block 0
    expect(logs.some((x) => x.span! > 3n)).toBe(true); // the default range was refused, then halved
    expect(logs.filter((x) => x.span! <= 3n).length).toBeGreaterThan(5);
  });

  it('settle loses its submit reply: the hash is reported and the proof kept; the rerun finds the round settled without proving', async () => {
    proxy.rules.dropSendReplies = true;
    proxy.seen.length = 0;
    const first = await zkml([...settleArgs(1), ...via(proxy.url), '--log-range', '3'], key(0));
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/proving \(UltraHonk\)/);
    expect(first.stderr.trimEnd().split('\n').at(-1)).toMatch(/^zkml: .*transaction 0x[0-9a-f]{64} MAY have been sent/);
    expect(existsSync(keptPath(1))).toBe(true);
    expect(proxy.seen.filter((x) => x.method === 'eth_getLogs').every((x) => x.span! <= 3n)).toBe(true);

    proxy.rules.dropSendReplies = false;
    const again = await zkml([...settleArgs(1), ...via(proxy.url), '--log-range', '3', '--json'], key(0));
    const doc = result<{ outcome: string; alreadySettled: boolean; proof: string; proveMs: null; tx: Hex; providers: { account: Address; shapley: string }[] }>(again, 'settle');
    expect(again.stderr).not.toMatch(/proving/);
    expect(again.stderr).toMatch(/round 1 is already settled by the kept proof \(transaction 0x[0-9a-f]{64}\); nothing was sent/);
    expect(doc).toMatchObject({ outcome: 'already-settled', alreadySettled: true, proveMs: null });
    expect(join(dir, doc.proof)).toBe(keptPath(1));

    const settled = result<Status>(await zkml(['status', ...via(proxy.url), '--quiet', '--json', '--round', '1', '--log-range', '3']), 'status');
    expect(settled.round.phase).toBe('Settled');
    expect(settled.round.settlement?.tx).toBe(doc.tx);
    expect(settled.round.settlement?.shapley).toEqual(doc.providers.map((p) => p.shapley));

    // Without the kept proof, a settled round is refused before proving.
    const other = await zkml([...settleArgs(1), ...node, '--proof-out', 'elsewhere.proof.json'], key(0));
    refusedBeforeProving(other, /round 1 is already settled; there is nothing to prove/);
    expect(existsSync(join(dir, 'elsewhere.proof.json'))).toBe(false);
    await proxy.close();
  });

  it('a stale kept proof is reported and proven again; a kept proof that fits is submitted without proving', async () => {
    // Round 1's proof kept for round 2: another context and registrations.
    writeFileSync(join(dir, 'stale.proof.json'), readFileSync(keptPath(1)));
    const [stale, proved] = await Promise.all([
      zkml([...settleArgs(2), ...node, '--proof-out', 'stale.proof.json', '--json'], key(0)),
      zkml(['prove', ...node, '--quiet', '--json', '--round', '3', '--validation', VALIDATION, '--secrets', SECRETS, '--out', 'round3.json'], key(0)),
    ]);
    const s2 = result<{ outcome: string; proveMs: number }>(stale, 'settle');
    expect(stale.stderr).toMatch(/the proof kept in stale\.proof\.json no longer fits round 2 \(stale\.proof\.json does not prove round 2: it was proven for context 0x[0-9a-f]{64}, but round 2 .* has context 0x[0-9a-f]{64}\); proving again\./);
    expect(stale.stderr).toMatch(/proving \(UltraHonk\)/);
    expect(s2.outcome).toBe('proved');
    expect(readFileSync(join(dir, 'stale.proof.json'), 'utf8')).not.toBe(readFileSync(keptPath(1), 'utf8')); // replaced by round 2's proof
    result(proved, 'prove');

    const kept = await zkml([...settleArgs(3), ...node, '--proof-out', 'round3.json', '--json'], key(0));
    const s3 = result<{ outcome: string; proveMs: null; gasUsed: string }>(kept, 'settle');
    expect(kept.stderr).not.toMatch(/proving/);
    expect(kept.stderr).toMatch(/checking the proof kept in round3\.json against round 3/);
    expect(s3).toMatchObject({ outcome: 'kept', proveMs: null });
    expect(BigInt(s3.gasUsed)).toBeGreaterThan(0n);
    const after = await Promise.all([2, 3].map(async (r) => result<Status>(await zkml(['status', ...node, '--quiet', '--json', '--round', String(r)]), 'status')));
    expect(after.map((x) => x.round.phase)).toEqual(['Settled', 'Settled']);
  });
});
