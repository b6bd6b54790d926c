/**
 * Sent transactions through the real `zkml` CLI on anvil: `sent <hash>` on stderr and under `sent`
 * in the --json document; a lost reply (a JSON-RPC proxy dropping the reply to
 * `eth_sendRawTransaction`) reported as "MAY have been sent" with the hash, never "Nothing was
 * sent"; and the retry of `create-round` opening no second round, whatever the earlier attempt
 * became: mined (found by its hash), still pending (waited for, mining paused), replaced (a new
 * round: its nonce went to another transaction), dropped (sent again with the same nonce). The
 * round count and the contract's balance show each reward escrowed once.
 * The chain runs 10 minutes behind the wall clock (`anvil --timestamp`) and blocks are stamped
 * with the wall clock (`evm_setNextBlockTimestamp`), as on an anvil idle for 10 minutes: the
 * default (minimum) windows are still accepted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { formatValidationCsv } from '../../../ts/data/csv.js';
import { generateSynthetic } from '../../../ts/data/synthetic.js';
import { cliIn, result, type Run } from '../helpers/cli.js';
import { startRpcProxy, type RpcProxy } from '../helpers/rpc-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-cli-retry-'));
const zkml = cliIn(dir);
const VALIDATION = 'validation.csv';
writeFileSync(join(dir, VALIDATION), formatValidationCsv(generateSynthetic({ seed: 9, rows: 24, providers: 4, sizes: [6, 6, 6, 6], validationRows: 6 }).validation));
const SECRETS = 'owner.json';
const REWARD = 10n ** 17n; // 0.1 ETH
const wall = () => Math.floor(Date.now() / 1000);

interface Created {
  roundId: string;
  tx: Hex;
  amount: string;
  alreadyOpened: boolean;
  registrationDeadline: string;
}
interface ErrorDoc {
  ok: false;
  command: string;
  error: { code: string; message: string };
  sent?: { hash: Hex; action: string }[];
}

describe('create-round: sent transactions named, retries idempotent', () => {
  let anvil: Anvil;
  let contract: Address;
  const key = () => ({ PRIVATE_KEY: anvil.accounts[0]!.privateKey });
  const owner = () => anvil.accounts[0]!.address;
  const chain = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const flags = (url: string) => ['--rpc-url', url, '--deployments', 'deployments', '--validation', VALIDATION, '--secrets', SECRETS, '--reward', '0.1'];
  const createRound = (url: string, extra: string[] = []) => zkml(['create-round', ...flags(url), ...extra], key());
  const errorDoc = (r: Run) => {
    expect(r.code, r.stderr).toBe(1);
    return JSON.parse(r.stdout) as ErrorDoc;
  };
  const roundCount = async () => BigInt((await chain().readContract({ address: contract, abi: [{ type: 'function', name: 'roundCount', inputs: [], outputs: [{ type: 'uint256' }], stateMutability: 'view' }], functionName: 'roundCount' })) as bigint);
  const escrow = () => chain().getBalance({ address: contract });
  const nonce = () => chain().getTransactionCount({ address: owner() });
  const pending = () => (JSON.parse(readFileSync(join(dir, SECRETS), 'utf8')) as { pending?: Record<string, { hash?: Hex; nonce: number }> }).pending;
  /** The next block is stamped with the wall clock (the chain's latest block stays 10 minutes old). */
  const stampNow = () => anvil.rpc('evm_setNextBlockTimestamp', [wall() + 2]);
  const withProxy = async <T>(rules: { dropSendReplies?: boolean }, fn: (p: RpcProxy) => Promise<T>) => {
    const proxy = await startRpcProxy(anvil.rpcUrl, rules);
    try {
      return await fn(proxy);
    } finally {
      await proxy.close();
    }
  };
  const paused = async <T>(fn: () => Promise<T>) => {
    await anvil.rpc('evm_setAutomine', [false]);
    try {
      return await fn();
    } finally {
      await anvil.rpc('evm_setAutomine', [true]);
    }
  };
  const until = async (ok: () => Promise<boolean> | boolean) => {
    for (let i = 0; !(await ok()); i++) {
      if (i > 600) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** A first attempt whose reply is lost: exit 1, "MAY have been sent" with the hash, recorded as pending. */
  const lostReply = async (): Promise<Hex> => {
    const r = await withProxy({ dropSendReplies: true }, (p) => createRound(p.url, ['--json']));
    const doc = errorDoc(r);
    expect(doc.error.code).toBe('TX_UNKNOWN');
    const hash = doc.sent?.[0]?.hash;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(doc.error.message).toContain(`transaction ${hash} MAY have been sent`);
    expect(doc.error.message).toMatch(/cast receipt .*zkml status/);
    expect(doc.error.message).not.toMatch(/Nothing was sent|cannot reach the node/);
    expect(r.stderr).toContain(`zkml: ${doc.error.message}`);
    expect(Object.values(pending() ?? {}).map((a) => a.hash)).toEqual([hash]);
    return hash!;
  };

  beforeAll(async () => {
    anvil = await startAnvil({ args: ['--timestamp', String(wall() - 600)] });
    const d = result<{ ZKMLIncentives: Address }>(await zkml(['deploy', '--rpc-url', anvil.rpcUrl, '--deployments', 'deployments', '--quiet', '--json'], key()), 'deploy');
    contract = d.ZKMLIncentives;
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on a chain whose latest block is 10 minutes old, the minimum windows are accepted; sent <hash> is printed and listed', async () => {
    const latest = (await chain().getBlock()).timestamp;
    expect(BigInt(wall()) - latest).toBeGreaterThan(500n);
    await stampNow();
    const r = await createRound(anvil.rpcUrl, ['--json']);
    const doc = JSON.parse(r.stdout) as { ok: boolean; result: Created; sent: { hash: Hex; action: string }[] };
    expect(doc.ok, r.stderr).toBe(true);
    expect(doc.result).toMatchObject({ roundId: '1', amount: REWARD.toString(), alreadyOpened: false });
    expect(doc.sent).toEqual([{ hash: doc.result.tx, action: 'creating the round' }]);
    expect(r.stderr).toContain(`sent ${doc.result.tx} (creating the round)`);
    const mined = await chain().getBlock({ blockTag: 'latest' });
    expect(BigInt(doc.result.registrationDeadline) - mined.timestamp).toBeGreaterThanOrEqual(3600n);
    expect(pending()).toBeUndefined(); // the attempt is forgotten once its round is known
    expect(await escrow()).toBe(REWARD);
  });

  it('a lost reply: exit 1 "MAY have been sent" with the hash; the retry names the round it opened and escrows nothing again', async () => {
    const [rounds, held] = [await roundCount(), await escrow()];
    const hash = await lostReply();
    expect(await roundCount()).toBe(rounds + 1n); // it was mined
    const before = await nonce();
    const retry = await createRound(anvil.rpcUrl, ['--json']);
    const again = result<Created>(retry, 'create-round');
    expect(again).toMatchObject({ roundId: String(rounds + 1n), tx: hash, alreadyOpened: true, amount: REWARD.toString() });
    expect(retry.stderr).toContain(`round ${rounds + 1n} was already opened by your earlier attempt, tx ${hash}`);
    expect(await roundCount()).toBe(rounds + 1n);
    expect(await escrow()).toBe(held + REWARD);
    expect(await nonce()).toBe(before); // the retry sent nothing
    expect(pending()).toBeUndefined();
    // With the earlier attempt settled, the next create-round opens a new round (a fresh salt).
    await stampNow();
    expect(result<Created>(await createRound(anvil.rpcUrl, ['--json', '--quiet']), 'create-round')).toMatchObject({ roundId: String(rounds + 2n), alreadyOpened: false });
  });

  it('still pending (mining paused): the retry waits for the earlier transaction instead of sending another', async () => {
    const [rounds, held, before] = [await roundCount(), await escrow(), await nonce()];
    await paused(async () => {
      const hash = await lostReply();
      await withProxy({}, async (p) => {
        const retry = createRound(p.url, ['--json']);
        // The retry watches the earlier transaction (still known by its hash): it is waiting, not sending.
        await until(() => p.seen.filter((s) => s.method === 'eth_getTransactionByHash').length >= 4);
        expect(p.seen.map((s) => s.method)).not.toContain('eth_sendRawTransaction');
        await anvil.rpc('evm_mine');
        const r = await retry;
        expect(result<Created>(r, 'create-round')).toMatchObject({ roundId: String(rounds + 1n), tx: hash, alreadyOpened: true });
        expect(r.stderr).toContain(`your earlier transaction ${hash} is still pending`);
      });
    });
    expect(await roundCount()).toBe(rounds + 1n);
    expect(await escrow()).toBe(held + REWARD);
    expect(await nonce()).toBe(before + 1);
  });

  it('dropped by the node: the retry sends again with the same nonce, one round', async () => {
    const [rounds, held, before] = [await roundCount(), await escrow(), await nonce()];
    const hash = await paused(async () => {
      const h = await lostReply();
      expect(await anvil.rpc('anvil_dropTransaction', [h])).toBe(h);
      return h;
    });
    await stampNow();
    const again = result<Created>(await createRound(anvil.rpcUrl, ['--json', '--quiet']), 'create-round');
    expect(again).toMatchObject({ roundId: String(rounds + 1n), alreadyOpened: false });
    expect(again.tx).not.toBe(hash);
    expect((await chain().getTransaction({ hash: again.tx })).nonce).toBe(before);
    expect(await roundCount()).toBe(rounds + 1n);
    expect(await escrow()).toBe(held + REWARD);
  });

  it('replaced while pending: TX_REPLACED naming both hashes; the retry opens the round (the nonce went to the replacement)', async () => {
    const [rounds, held] = [await roundCount(), await escrow()];
    const n = await nonce();
    const account = privateKeyToAccount(anvil.accounts[0]!.privateKey);
    const wallet = createWalletClient({ account, transport: http(anvil.rpcUrl) });
    const { doc, stderr, cancel } = await paused(async () => {
      const run = createRound(anvil.rpcUrl, ['--json']);
      let mine: { hash: Hex; maxFeePerGas: Hex; maxPriorityFeePerGas: Hex } | null = null;
      await until(async () => (mine = (await anvil.rpc('eth_getTransactionBySenderAndNonce', [owner(), `0x${n.toString(16)}`])) as typeof mine) !== null);
      const m = mine!;
      const c = await wallet.sendTransaction({ chain: null, to: owner(), value: 0n, nonce: n, gas: 21_000n, maxFeePerGas: BigInt(m.maxFeePerGas) * 2n, maxPriorityFeePerGas: BigInt(m.maxPriorityFeePerGas) * 2n + 1n });
      const r = await run;
      await anvil.rpc('evm_mine');
      return { doc: errorDoc(r), stderr: r.stderr, cancel: c, first: m.hash };
    });
    expect(doc.error.code).toBe('TX_REPLACED');
    const first = doc.sent?.[0]?.hash;
    expect(stderr).toContain(`sent ${first} (creating the round)`);
    expect(doc.error.message).toContain(`transaction ${first} was cancelled by ${cancel} (pending)`);
    expect(await roundCount()).toBe(rounds);
    await stampNow();
    const again = result<Created>(await createRound(anvil.rpcUrl, ['--json', '--quiet']), 'create-round');
    expect(again).toMatchObject({ roundId: String(rounds + 1n), alreadyOpened: false });
    expect(await escrow()).toBe(held + REWARD);
    expect(pending()).toBeUndefined();
  });
});
