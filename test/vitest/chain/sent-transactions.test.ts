/**
 * What becomes of a sent transaction, on a real anvil with mining paused (`evm_setAutomine
 * false`): replaced by another call of the same nonce while still pending → TX_REPLACED naming both
 * hashes, without a block being mined; repriced (the same call at a higher fee) → the replacement's
 * receipt; dropped by the node (`anvil_dropTransaction`) → TX_DROPPED within the bounded wait, not
 * the whole receipt timeout, and a new send then takes the same nonce.
 * And deadlines on a chain whose latest block is old: the chain here runs 10 minutes behind this
 * machine's clock (`anvil --timestamp`), and the block mining `createRound` is stamped with the wall
 * clock (`evm_setNextBlockTimestamp`), as on an anvil idle for 10 minutes.
 */
import { createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { connect, type ZkmlClient } from '../../../ts/chain/client.js';
import { deployContracts, type Deployment } from '../../../ts/chain/deploy.js';
import { TransactionError } from '../../../ts/chain/errors.js';
import type { CreateRoundParams } from '../../../ts/chain/types.js';
import { ownerKeyFromSigner, type OwnerKey } from '../../../ts/crypto/owner-key.js';
import { fixtureValidation, MIN_DELIVERY_PERIOD, MIN_REGISTRATION_PERIOD, MIN_SUBMISSION_PERIOD, reverts, validationParams } from '../helpers/chain.js';

const LAG = 600; // seconds the chain's clock is behind this machine's
let anvil: Anvil;
let deployment: Deployment;
let ownerKey: OwnerKey;
const wall = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  anvil = await startAnvil({ args: ['--timestamp', String(wall() - LAG)] });
  deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, account: anvil.accounts[0]!.privateKey, expectedChainId: anvil.chainId });
  ownerKey = await ownerKeyFromSigner(privateKeyToAccount(anvil.accounts[0]!.privateKey), anvil.chainId, deployment.incentives);
});
afterAll(async () => {
  await anvil?.stop();
});

const client = (i: number, o: { droppedAfterMs?: number; onSent?: (h: Hex) => void } = {}) =>
  connect({ rpcUrl: anvil.rpcUrl, contract: deployment.incentives, account: anvil.accounts[i]!.privateKey, receiptTimeoutMs: 60_000, pollingInterval: 100, ...o });

/** Every round here has the fixture's validation set (a real validation proof); `tag` sets the reward, so that each test's call differs. */
const validation = fixtureValidation();
async function params(c: ZkmlClient, tag: bigint): Promise<CreateRoundParams> {
  return { ...(await c.deadlinesFromNow(MIN_REGISTRATION_PERIOD + 600, MIN_DELIVERY_PERIOD, MIN_SUBMISSION_PERIOD)), amount: 1000n + tag, deposit: 1n, ...validationParams(validation), lambda: 100n, maxProviders: 1, ownerKey: ownerKey.publicKey };
}

/** Runs `fn` with mining paused; mines what is left and resumes automine after. */
async function paused<T>(fn: () => Promise<T>): Promise<T> {
  await anvil.rpc('evm_setAutomine', [false]);
  try {
    return await fn();
  } finally {
    await anvil.rpc('evm_mine');
    await anvil.rpc('evm_setAutomine', [true]);
  }
}

const until = async (ok: () => boolean) => {
  for (let i = 0; !ok(); i++) {
    if (i > 400) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** Sends, with viem directly, a transaction of `key` at `nonce` paying twice the fee of `of`. */
async function outbid(i: number, of: Hex, tx: { to: Hex; data?: Hex; value: bigint }): Promise<Hex> {
  const c = await client(0);
  const mine = await c.publicClient.getTransaction({ hash: of });
  const account = privateKeyToAccount(anvil.accounts[i]!.privateKey);
  const wallet = createWalletClient({ account, chain: c.publicClient.chain, transport: http(anvil.rpcUrl) });
  return wallet.sendTransaction({ ...tx, nonce: mine.nonce, gas: mine.gas, maxFeePerGas: mine.maxFeePerGas! * 2n, maxPriorityFeePerGas: mine.maxPriorityFeePerGas! * 2n + 1n });
}

describe('a sent transaction that will never be mined is named at once', () => {
  it('replaced while pending (same nonce, another call, higher fee): TX_REPLACED naming both hashes, no block needed', async () => {
    const sent: Hex[] = [];
    const c = await client(1, { onSent: (h) => sent.push(h) });
    await paused(async () => {
      const block = await c.publicClient.getBlockNumber({ cacheTime: 0 });
      const pending = c.createRound(await params(c, 11n)).catch((e: unknown) => e);
      await until(() => sent.length === 1);
      const cancel = await outbid(1, sent[0]!, { to: anvil.accounts[1]!.address, value: 0n });
      const err = (await pending) as TransactionError;
      expect(err).toBeInstanceOf(TransactionError);
      expect(err.code).toBe('TX_REPLACED');
      expect(err.hash).toBe(sent[0]);
      expect(err.message).toContain(`transaction ${sent[0]} was cancelled by ${cancel} (pending)`);
      expect(await c.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(block); // named while no block was mined
    });
  });

  it('repriced (the same call at a higher fee): the replacement is waited for and opens the round', async () => {
    const sent: Hex[] = [];
    const c = await client(2, { onSent: (h) => sent.push(h) });
    const before = await c.roundCount();
    const tx = await paused(async () => {
      const pending = c.createRound(await params(c, 12n));
      await until(() => sent.length === 1);
      const first = await c.publicClient.getTransaction({ hash: sent[0]! });
      const faster = await outbid(2, sent[0]!, { to: first.to!, data: first.input, value: first.value });
      await anvil.rpc('evm_mine');
      const done = await pending;
      expect(done.hash).toBe(faster);
      return done;
    });
    expect(tx.result.roundId).toBe(before + 1n);
    expect(await c.roundCount()).toBe(before + 1n);
  });

  it('dropped by the node: TX_DROPPED within the bounded wait, and a new send takes the same nonce', async () => {
    const sent: Hex[] = [];
    const c = await client(3, { droppedAfterMs: 1500, onSent: (h) => sent.push(h) });
    const nonce = await c.publicClient.getTransactionCount({ address: anvil.accounts[3]!.address });
    const began = Date.now();
    const err = await paused(async () => {
      const pending = c.createRound(await params(c, 13n)).catch((e: unknown) => e);
      await until(() => sent.length === 1);
      expect(await anvil.rpc('anvil_dropTransaction', [sent[0]])).toBe(sent[0]);
      return (await pending) as TransactionError;
    });
    expect(err).toBeInstanceOf(TransactionError);
    expect(err.code).toBe('TX_DROPPED');
    expect(err.outcome).toBe('dropped');
    expect(err.message).toContain(`transaction ${sent[0]} was dropped: the node no longer knows it`);
    expect(err.message).toContain(`nonce ${nonce} of ${anvil.accounts[3]!.address} is still unused`);
    expect(Date.now() - began).toBeLessThan(20_000); // not the 60 s receipt timeout
    const again = await c.createRound(await params(c, 13n));
    expect((await c.publicClient.getTransaction({ hash: again.hash })).nonce).toBe(nonce);
  });

  it('a pending transaction still known to the node is not reported dropped', async () => {
    const sent: Hex[] = [];
    const c = await client(4, { droppedAfterMs: 300, onSent: (h) => sent.push(h) });
    const tx = await paused(async () => {
      const pending = c.createRound(await params(c, 14n));
      await until(() => sent.length === 1);
      await new Promise((r) => setTimeout(r, 1500)); // five times the drop grace, still pending
      await anvil.rpc('evm_mine');
      return pending;
    });
    expect(tx.hash).toBe(sent[0]);
  });

  it('awaitTransaction waits for a transaction sent earlier; an unknown hash is TX_NOT_FOUND', async () => {
    const sent: Hex[] = [];
    const c = await client(5, { onSent: (h) => sent.push(h) });
    await paused(async () => {
      const pending = c.createRound(await params(c, 15n));
      await until(() => sent.length === 1);
      const other = await client(5);
      const waited = other.awaitTransaction(sent[0]!);
      await anvil.rpc('evm_mine');
      expect((await waited).transactionHash).toBe(sent[0]);
      await pending;
    });
    const c2 = await client(5);
    await expect(c2.awaitTransaction(`0x${'ab'.repeat(32)}`)).rejects.toMatchObject({ code: 'TX_NOT_FOUND' });
  });
});

describe('deadlines when the latest block is old', () => {
  it('are based on the later of the chain clock and the wall clock, so the next block (wall clock) accepts them', async () => {
    const c = await client(6);
    const latest = await c.chainTime();
    expect(BigInt(wall()) - latest).toBeGreaterThan(500n); // the latest block is ~10 minutes old
    // From the chain clock alone (the old rule), the window is short once the block is stamped now.
    const stale = { ...(await params(c, 16n)), ...(await c.deadlinesFromNow(MIN_REGISTRATION_PERIOD, MIN_DELIVERY_PERIOD, MIN_SUBMISSION_PERIOD, 0n)) };
    await anvil.rpc('evm_setNextBlockTimestamp', [wall() + 2]);
    await reverts(c.createRound(stale), 'RegistrationPeriodTooShort');
    // From max(chain clock, wall clock): accepted at the contract's minimum window.
    const dl = await c.deadlinesFromNow(MIN_REGISTRATION_PERIOD, MIN_DELIVERY_PERIOD, MIN_SUBMISSION_PERIOD);
    expect(dl.registrationDeadline).toBeGreaterThanOrEqual(BigInt(wall()) + BigInt(MIN_REGISTRATION_PERIOD));
    await anvil.rpc('evm_setNextBlockTimestamp', [wall() + 2]);
    const tx = await c.createRound({ ...(await params(c, 16n)), ...dl });
    const block = await c.publicClient.getBlock({ blockNumber: tx.blockNumber });
    expect(dl.registrationDeadline - block.timestamp).toBeGreaterThanOrEqual(BigInt(MIN_REGISTRATION_PERIOD));
    // A chain clock ahead of the wall clock (time travel) is followed.
    await anvil.increaseTime(10 * LAG);
    const ahead = await c.deadlinesFromNow(MIN_REGISTRATION_PERIOD, MIN_DELIVERY_PERIOD, MIN_SUBMISSION_PERIOD);
    expect(ahead.registrationDeadline).toBe((await c.chainTime()) + BigInt(MIN_REGISTRATION_PERIOD) + 60n);
  });
});
