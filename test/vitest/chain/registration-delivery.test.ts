/**
 * Where the owner finds a delivery's ciphertext, on a real anvil: `DataDelivered` logs only its
 * hash, so the SDK reads the bytes from the delivering transaction. A delivery sent straight to the
 * contract is decoded from the transaction's input; one sent through a contract
 * (`test/foundry/mocks/RegistrationForwarder.sol`, a stand-in for a smart-contract wallet, whose
 * address is the payee) from the call trace (`debug_traceTransaction`). Both are decrypted by the
 * owner's settlement read. A node without debug_traceTransaction (a JSON-RPC proxy refusing it)
 * gives TRACE_UNAVAILABLE for the forwarded one; direct ones still read, with one
 * getTransaction each and no trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWalletClient, getAddress, http, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../ts/chain/client.js';
import { ciphertextHash } from '../../../ts/chain/read-delivery.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { registerProvider } from '../../../ts/round/register-provider.js';
import { roundDataFromChain } from '../../../ts/round/settle-round.js';
import { readRoundWithShape } from '../../../ts/round/shape-of-round.js';
import { line } from '../helpers/datasets.js';
import { startRpcProxy } from '../helpers/rpc-proxy.js';
import { commitValidation, deliverAll, openRound, rejectsWith, startChainEnv, type ChainEnv, type Validation } from '../helpers/chain.js';

const FORWARDER_ARTIFACT = join(PACKAGE_ROOT, 'out', 'forge', 'RegistrationForwarder.sol', 'RegistrationForwarder.json');

let env: ChainEnv;
let validation: Validation;
beforeAll(async () => {
  if (!existsSync(FORWARDER_ARTIFACT)) throw new Error(`${FORWARDER_ARTIFACT} is missing: build the Foundry contracts first (npm run -s forge -- build).`);
  env = await startChainEnv();
  validation = await commitValidation(env, line(4, 16), 555n);
});
afterAll(async () => {
  await env?.stop();
});

/** Deploys a RegistrationForwarder from anvil account `i`; returns its address and a sender of `forward`. */
async function deployForwarder(i: number) {
  const artifact = JSON.parse(readFileSync(FORWARDER_ARTIFACT, 'utf8')) as { abi: Abi; bytecode: { object: Hex } };
  const account = privateKeyToAccount(env.anvil.accounts[i]!.privateKey);
  const wallet = createWalletClient({ account, chain: env.owner.publicClient.chain, transport: http(env.anvil.rpcUrl) });
  const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object, args: [env.deployment.incentives] });
  const receipt = await env.owner.publicClient.waitForTransactionReceipt({ hash });
  const address = getAddress(receipt.contractAddress!);
  return { address, abi: artifact.abi, wallet };
}

/** A registration through a new forwarder (proven with payee = the forwarder), registered now and delivered by {@link deliverThroughForwarder}. */
interface Forwarded {
  address: Address;
  deliver: () => Promise<void>;
}

/** Registers `rows` in `roundId` through a new forwarder (its deposit sent along); returns it and its delivery. */
async function registerThroughForwarder(roundId: bigint, rows: ReturnType<typeof line>, salt: bigint): Promise<Forwarded> {
  const fwd = await deployForwarder(2);
  const view = await readRoundWithShape(env.owner, roundId);
  const context = await env.owner.roundContext(roundId);
  const proof = await env.prover.proveRegistration(context, { rows, salt, payee: BigInt(fwd.address), ownerKey: view.info.ownerKey }, view.circuitShape);
  const r = proof.registration;
  const send = async (functionName: string, args: readonly unknown[], value = 0n) => {
    const hash = await fwd.wallet.writeContract({ address: fwd.address, abi: fwd.abi, functionName, args, value, chain: env.owner.publicClient.chain });
    expect((await env.owner.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success');
  };
  await send('forwardRegister', [roundId, r.commitment, r.statsCommitment, BigInt(r.numRows)], view.info.deposit);
  return {
    address: fwd.address,
    deliver: () => send('forwardDeliver', [roundId, [r.ephemeralKey.x, r.ephemeralKey.y], [...r.ciphertext], `0x${Buffer.from(proof.proof).toString('hex')}`]),
  };
}

const secrets = () => ({ ownerSecret: env.ownerKey.secret, validation: { rows: validation.rows, salt: validation.salt } });

describe('the owner finds every ciphertext from the hash in the log', () => {
  let mixedRound: bigint;
  let directRound: bigint;
  let forwarder: Address;

  it('a direct delivery and one sent through a contract are both recovered and decrypted', async () => {
    ({ roundId: mixedRound } = await openRound(env, { amount: 10n ** 17n, validation, maxProviders: 3 }));
    ({ roundId: directRound } = await openRound(env, { amount: 10n ** 17n, validation, maxProviders: 2 }));
    const direct = await registerProvider(env.as(1), env.prover, { roundId: mixedRound, rows: line(1, 6) });
    const forwarded = await registerThroughForwarder(mixedRound, line(2, 5), 424242n);
    forwarder = forwarded.address;
    // The next test's round registers now too: registration closes for both at once.
    const others = [
      { client: env.as(3), delivery: (await registerProvider(env.as(3), env.prover, { roundId: directRound, rows: line(3, 4) })).delivery },
      { client: env.as(4), delivery: (await registerProvider(env.as(4), env.prover, { roundId: directRound, rows: line(5, 3) })).delivery },
    ];
    await deliverAll(env, mixedRound, [{ client: env.as(1), delivery: direct.delivery }]);
    await forwarded.deliver();
    await deliverAll(env, directRound, others);

    const regs = await env.owner.registrations(mixedRound);
    expect(regs.map((r) => r.provider)).toEqual([env.address(1), forwarder]);
    for (const r of regs) expect(ciphertextHash(r.ciphertext)).toBe(r.ciphertextHash);
    // The forwarded registration's transaction is not a call to the contract: its input holds no ciphertext.
    const tx = await env.owner.publicClient.getTransaction({ hash: regs[1]!.transactionHash });
    expect(tx.to).toBe(forwarder.toLowerCase());

    const { round } = await roundDataFromChain(env.prover.barretenberg, env.owner, mixedRound, secrets());
    expect(round.providers.map((p) => p.name)).toEqual([env.address(1), forwarder]);
    expect(round.providers.map((p) => p.rows)).toEqual([line(1, 6), line(2, 5)]);
    expect(round.providers[1]!.salt).toBe(424242n);
  });

  it('a node without debug_traceTransaction: TRACE_UNAVAILABLE for the forwarded one; direct ones still read, with one getTransaction each', async () => {
    const proxy = await startRpcProxy(env.anvil.rpcUrl, { refuseMethods: ['debug_traceTransaction'] });
    try {
      const client = await connect({ rpcUrl: proxy.url, contract: env.deployment.incentives, fromBlock: env.deployment.blockNumber });
      const err = await rejectsWith(client.registrations(mixedRound), 'TRACE_UNAVAILABLE');
      expect(err.message).toContain('sent through a contract');
      expect(err.message).toContain('debug_traceTransaction');
      expect(err.message).toMatch(/anvil, geth or reth with the debug API/);

      proxy.seen.length = 0;
      const { round } = await roundDataFromChain(env.prover.barretenberg, client, directRound, secrets());
      expect(round.providers.map((p) => p.rows)).toEqual([line(3, 4), line(5, 3)]);
      expect(proxy.seen.filter((s) => s.method === 'eth_getTransactionByHash').length).toBe(2);
      expect(proxy.seen.filter((s) => s.method === 'debug_traceTransaction').length).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('a forwarded delivery costs one getTransaction and one trace', async () => {
    const proxy = await startRpcProxy(env.anvil.rpcUrl);
    try {
      const client = await connect({ rpcUrl: proxy.url, contract: env.deployment.incentives, fromBlock: env.deployment.blockNumber });
      proxy.seen.length = 0;
      const regs = await client.registrations(mixedRound);
      expect(regs.map((r) => r.provider)).toEqual([env.address(1), forwarder]);
      expect(proxy.seen.filter((s) => s.method === 'eth_getTransactionByHash').length).toBe(2);
      expect(proxy.seen.filter((s) => s.method === 'debug_traceTransaction').length).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});
