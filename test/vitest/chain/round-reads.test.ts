/**
 * How the client talks to the node, on a real anvil: a settlement reads its round and shape once
 * (counted by a viem transport that records every JSON-RPC method and contract function), event
 * logs are read in bounded ranges that halve when a node refuses them (a local JSON-RPC proxy in
 * front of anvil refusing wide `eth_getLogs`), and a sent transaction is named by its hash in every
 * later error (the proxy losing the reply to `eth_sendRawTransaction`; anvil not mining).
 */
import { createWalletClient, custom, decodeFunctionData, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ZkmlClient } from '../../../ts/chain/client.js';
import { TransactionError } from '../../../ts/chain/errors.js';
import { zkmlIncentivesAbi } from '../../../ts/generated/abi.js';
import { registerProvider } from '../../../ts/round/register-provider.js';
import { roundDataFromChain } from '../../../ts/round/settle-round.js';
import { line } from '../helpers/datasets.js';
import { startRpcProxy as startProxy } from '../helpers/rpc-proxy.js';
import { commitValidation, openRound, rejectsWith, startChainEnv, validationParams, type ChainEnv, type Validation } from '../helpers/chain.js';

let env: ChainEnv;
let validation: Validation;
beforeAll(async () => {
  env = await startChainEnv();
  validation = await commitValidation(env, line(4, 16), 555n);
});
afterAll(async () => {
  await env?.stop();
});

/** A viem transport over http that records each request: the JSON-RPC method, and for eth_call the contract function. */
function countingTransport(url: string) {
  const requests: string[] = [];
  const inner = http(url, { retryCount: 0 })({});
  const transport = custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      let name = method;
      if (method === 'eth_call') {
        const data = (params as [{ data?: Hex }])[0]?.data;
        try {
          name = `eth_call:${decodeFunctionData({ abi: zkmlIncentivesAbi, data: data ?? '0x' }).functionName}`;
        } catch {
          name = 'eth_call:?';
        }
      }
      requests.push(name);
      return inner.request({ method, params } as Parameters<typeof inner.request>[0]);
    },
  });
  return { transport, requests, count: (name: string) => requests.filter((r) => r === name).length };
}

const rpc = (method: string, params: unknown[] = []) => env.owner.publicClient.request({ method, params } as never);

describe('a round is read once per flow', () => {
  it('settlement data: one getRound, one getShape, one getProviders, one getTransaction per registration', async () => {
    const { roundId } = await openRound(env, { amount: 10n ** 17n, validation, maxProviders: 2 });
    await registerProvider(env.as(1), env.prover, { roundId, rows: line(1, 6) });
    const counting = countingTransport(env.anvil.rpcUrl);
    const client = await connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives, transport: counting.transport, fromBlock: env.deployment.blockNumber });
    counting.requests.length = 0;
    const secrets = { ownerSecret: env.ownerKey.secret, validation: { rows: validation.rows, salt: validation.salt } };
    const { round, view } = await roundDataFromChain(env.prover.barretenberg, client, roundId, secrets);
    expect(round.providers.map((p) => p.rows)).toEqual([line(1, 6)]);
    expect(view.info.id).toBe(roundId);
    expect(counting.count('eth_call:getRound')).toBe(1);
    expect(counting.count('eth_call:getShape')).toBe(1);
    expect(counting.count('eth_call:getProviders')).toBe(1);
    // The log holds only the ciphertext's hash: one getTransaction per registration reads the bytes
    // (a direct call to the contract: no trace).
    expect(counting.count('eth_getTransactionByHash')).toBe(1);
    expect(counting.count('debug_traceTransaction')).toBe(0);
    // The shape the flow already holds is passed on: computing the public inputs reads no round again.
    counting.requests.length = 0;
    await client.publicInputs(roundId, { weights: [0n], intercept: 0n, trainLoss: 0n, shapley: [0n] }, view.shape);
    expect(counting.requests.filter((r) => r === 'eth_call:getRound' || r === 'eth_call:getShape')).toEqual([]);
    // Without it, the client reads them (the behaviour callers without a view keep).
    counting.requests.length = 0;
    await client.publicInputs(roundId, { weights: [0n], intercept: 0n, trainLoss: 0n, shapley: [0n] });
    expect([counting.count('eth_call:getRound'), counting.count('eth_call:getShape')]).toEqual([1, 1]);
  });
});

describe('event logs in bounded ranges', () => {
  it('halves a range the node refuses and still reads every log from the deployment block', async () => {
    await rpc('anvil_mine', ['0x28']); // 40 empty blocks after the rounds' logs
    const direct = await env.owner.events();
    expect(direct.map((e) => e.eventName)).toEqual(expect.arrayContaining(['RoundCreated', 'ProviderRegistered']));
    const proxy = await startProxy(env.anvil.rpcUrl, { maxLogBlocks: 4n });
    try {
      const client = await connect({ rpcUrl: proxy.url, contract: env.deployment.incentives, fromBlock: env.deployment.blockNumber, logRange: 32n });
      expect(await client.events()).toEqual(direct);
      const spans = proxy.seen.filter((s) => s.method === 'eth_getLogs').map((s) => s.span!);
      expect(spans.slice(0, 4)).toEqual([32n, 16n, 8n, 4n]); // refused, halved until it fits
      expect(spans.filter((s) => s <= 4n).length).toBeGreaterThan(5);
      // Every block from the deployment block to the latest is read exactly once.
      const latest = await env.owner.publicClient.getBlockNumber();
      expect(spans.reduce((a, s) => (s <= 4n ? a + s : a), 0n)).toBe(latest - env.deployment.blockNumber + 1n);
    } finally {
      await proxy.close();
    }
  });

  it('a node that refuses even one block is a clear ChainError', async () => {
    const proxy = await startProxy(env.anvil.rpcUrl, { maxLogBlocks: 0n });
    try {
      const client = await connect({ rpcUrl: proxy.url, contract: env.deployment.incentives, logRange: 8n });
      const err = await rejectsWith(client.events(), 'LOG_RANGE_REFUSED');
      expect(err.message).toMatch(/refuses eth_getLogs even for 1 block/);
      expect(proxy.seen.filter((s) => s.method === 'eth_getLogs').map((s) => s.span)).toEqual([8n, 4n, 2n, 1n]);
    } finally {
      await proxy.close();
    }
  });
});

describe('a sent transaction is named by its hash', () => {
  const dl = () => env.owner.deadlinesFromNow(4200, 3600, 86_400);
  const params = async () => ({ ...(await dl()), amount: 1000n, deposit: 1n, ...validationParams(validation), lambda: 100n, maxProviders: 1, ownerKey: env.ownerKey.publicKey });

  it('onSent hears the hash of a mined transaction', async () => {
    const sent: Hex[] = [];
    const client = await connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives, account: env.anvil.accounts[6]!.privateKey, onSent: (hash) => sent.push(hash) });
    const tx = await client.createRound(await params());
    expect(sent).toEqual([tx.hash]);
  });

  it('a lost reply to eth_sendRawTransaction: it MAY have been sent, with the hash (and it was)', async () => {
    const proxy = await startProxy(env.anvil.rpcUrl, { dropSendReplies: true });
    try {
      const sent: Hex[] = [];
      const client = await connect({ rpcUrl: proxy.url, contract: env.deployment.incentives, account: env.anvil.accounts[7]!.privateKey, onSent: (hash) => sent.push(hash) });
      const err = await rejectsWith<TransactionError>(client.createRound(await params()), 'TX_UNKNOWN');
      expect(err).toBeInstanceOf(TransactionError);
      expect(err.outcome).toBe('unknown');
      expect(err.hash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(err.message).toContain(`transaction ${err.hash} MAY have been sent`);
      expect(err.message).toContain(`look up its receipt on the node (eth_getTransactionReceipt of ${err.hash})`);
      expect(err.message).not.toContain('Nothing was sent');
      expect(sent).toEqual([]);
      // The node did get it: anvil mines it under that hash (perhaps a moment after the reply was lost).
      const receipt = await env.owner.publicClient.waitForTransactionReceipt({ hash: err.hash!, timeout: 30_000 });
      expect(receipt.status).toBe('success');
    } finally {
      await proxy.close();
    }
  });

  it('no receipt within the bounded wait: outcome unknown, with the hash; a replacement is TX_REPLACED', async () => {
    const key = env.anvil.accounts[8]!.privateKey;
    const sent: Hex[] = [];
    const client = await connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives, account: key, receiptTimeoutMs: 1500, pollingInterval: 100, onSent: (hash) => sent.push(hash) });
    const p = await params();
    await rpc('evm_setAutomine', [false]);
    try {
      const err = await rejectsWith<TransactionError>(client.createRound(p), 'TX_UNKNOWN');
      expect(err.hash).toBe(sent[0]);
      expect(err.message).toMatch(/was sent but its outcome is unknown: no receipt within 2 s/);
      expect(err.message).not.toContain('Nothing was sent');
      await rpc('evm_mine');
      expect((await env.owner.publicClient.getTransactionReceipt({ hash: err.hash! })).status).toBe('success');

      // Sent, then replaced by a self-transfer with the same nonce and a higher fee (a cancellation).
      const patient = await connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives, account: key, receiptTimeoutMs: 60_000, pollingInterval: 100, onSent: (hash) => sent.push(hash) });
      const pending = patient.createRound(await params()).catch((e: unknown) => e);
      while (sent.length < 2) await new Promise((r) => setTimeout(r, 50));
      const mine = await env.owner.publicClient.getTransaction({ hash: sent[1]! });
      const account = privateKeyToAccount(key);
      const wallet = createWalletClient({ account, chain: env.owner.publicClient.chain, transport: http(env.anvil.rpcUrl) });
      const cancel = await wallet.sendTransaction({ to: account.address, value: 0n, nonce: mine.nonce, maxFeePerGas: mine.maxFeePerGas! * 2n, maxPriorityFeePerGas: mine.maxPriorityFeePerGas! * 2n + 1n, gas: 21_000n });
      await rpc('evm_mine');
      const replaced = (await pending) as TransactionError;
      expect(replaced).toBeInstanceOf(TransactionError);
      expect(replaced.code).toBe('TX_REPLACED');
      expect(replaced.hash).toBe(sent[1]);
      expect(replaced.message).toContain(`was cancelled by ${cancel}`);
    } finally {
      await rpc('evm_setAutomine', [true]);
    }
  });

  it('refusals before sending still say so, and send nothing', async () => {
    const client: ZkmlClient = await connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives, account: env.anvil.accounts[9]!.privateKey });
    const err = await rejectsWith(client.reclaim(424242n), 'CONTRACT_RoundNotFound');
    expect(err.message).toContain('Nothing was sent');
    expect(err).not.toBeInstanceOf(TransactionError);
  });
});
