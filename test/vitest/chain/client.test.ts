/**
 * End to end on a real anvil started here: deploy with script/Deploy.s.sol (real forge, real
 * generated verifier), then every client function against the real ZKMLIncentives. The settlement
 * uses the committed real proof fixture (test/fixtures/zkml_round.json): its context binds it to
 * round 1 of a contract at FIXTURE_CONTRACT on chain 31337, so the test copies the deployed
 * contract's runtime code there (anvil_setCode; fresh storage) and plays that round.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createPublicClient, createWalletClient, getAddress, http, zeroAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainError, InputError } from '../../../ts/errors.js';
import { startAnvil, type Anvil } from '../../../ts/chain/anvil.js';
import { deployContracts, parseDeployment, readDeployment, writeDeployment, type Deployment } from '../../../ts/chain/deploy.js';
import { ContractRevertError, connect, type ZkmlClient } from '../../../ts/chain/client.js';
import { readForgeArtifact } from '../../../ts/codegen/abi.js';
import { roundContext } from '../../../ts/protocol/context.js';
import { FIELD_MODULUS } from '../../../ts/protocol/layout.js';

// The test's own deployment record, so that it never overwrites deployments/31337.json.
const DEPLOYMENTS_DIR = `deployments/.vitest-${process.pid}`;
const FIXTURE_CONTRACT: Address = '0x7a6b6d6c00000000000000000000000000000001';

interface RoundFixture {
  proof: Hex;
  publicInputs: Hex[];
  chainId: number;
  contract: Address;
  roundId: number;
  lambda: string;
  numProviders: number;
  commitments: Hex[];
  validationCommitment: Hex;
  weights: string[];
  intercept: string;
  trainLoss: string;
  shapley: string[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/zkml_round.json', 'utf8')) as RoundFixture;

let anvil: Anvil;
let deployment: Deployment;
let owner: ZkmlClient;
const ETH = 10n ** 18n;

/** Expects `promise` to reject with a ChainError/InputError of `code`; returns it. */
async function rejects<E extends Error & { code: string }>(promise: Promise<unknown>, code: string): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(Error);
  expect((err as E).code, (err as Error).message).toBe(code);
  return err as E;
}

function catchSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return new Error('did not throw');
}

async function nonce(address: Address): Promise<number> {
  return owner.publicClient.getTransactionCount({ address });
}

beforeAll(async () => {
  anvil = await startAnvil();
  deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, account: anvil.accounts[0]!.privateKey });
  writeDeployment(deployment, DEPLOYMENTS_DIR);
  owner = await connect({ rpcUrl: anvil.rpcUrl, contract: deployment.incentives, expectedChainId: anvil.chainId, account: anvil.accounts[0]!.privateKey });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(DEPLOYMENTS_DIR, { recursive: true, force: true });
});

describe('deployment with viem from the shipped bytecode', () => {
  it('deploys the real optimized verifier and ZKMLIncentives and records them', async () => {
    expect(deployment.chainId).toBe(31337);
    expect(readDeployment(31337, DEPLOYMENTS_DIR)).toEqual(deployment);
    expect(deployment.deployer).toBe(anvil.accounts[0]!.address);
    expect(await owner.verifier()).toBe(deployment.verifier);
    const code = await owner.publicClient.getCode({ address: deployment.verifier });
    expect(code).toBe(readForgeArtifact('ZkmlHonkVerifierOptimized.sol/ZkmlHonkVerifierOptimized.json').deployedBytecode.object);
  });

  it('refuses the wrong chain and an address without a contract', async () => {
    await rejects(connect({ rpcUrl: anvil.rpcUrl, contract: deployment.incentives, expectedChainId: 1 }), 'WRONG_CHAIN');
    await rejects(connect({ rpcUrl: anvil.rpcUrl, contract: '0x000000000000000000000000000000000000dEaD' }), 'NO_CONTRACT');
    await rejects(connect({ rpcUrl: 'http://127.0.0.1:9', contract: deployment.incentives }), 'RPC_UNREACHABLE');
  });
});

describe('deployment records', () => {
  it('reads the script\'s JSON and refuses broken or foreign records', async () => {
    const ok = JSON.stringify({ chainId: 31337, ZKMLIncentives: deployment.incentives, verifier: deployment.verifier });
    expect(parseDeployment(ok, 'd.json', 31337)).toMatchObject({ chainId: 31337, incentives: deployment.incentives });
    await rejects(Promise.reject(catchSync(() => parseDeployment('{', 'd.json'))), 'DEPLOYMENT_INVALID');
    await rejects(Promise.reject(catchSync(() => parseDeployment('{"chainId":1,"verifier":"0x0"}', 'd.json'))), 'DEPLOYMENT_INVALID');
    await rejects(Promise.reject(catchSync(() => parseDeployment(ok, 'd.json', 1))), 'WRONG_CHAIN');
    await rejects(Promise.reject(catchSync(() => readDeployment(4242, DEPLOYMENTS_DIR))), 'NOT_DEPLOYED');
  });

  it('refuses an unfunded deployer before sending anything', async () => {
    const err = await rejects(deployContracts({ rpcUrl: anvil.rpcUrl, account: `0x${'42'.repeat(32)}` }), 'UNFUNDED');
    expect(err.message).toContain('Nothing was sent');
  });
});

describe('round context', () => {
  it('equals the contract computation for any round id', async () => {
    for (const id of [0n, 1n, 7n, 2n ** 200n]) {
      const onChain = await owner.roundContext(id);
      expect(onChain).toBe(roundContext(anvil.chainId, deployment.incentives, id));
      expect(onChain < FIELD_MODULUS).toBe(true);
    }
  });
});

describe('ETH round: create, register, read, reclaim, withdraw', () => {
  let roundId: bigint;
  const providers = () => [1, 2, 3].map((i) => owner.as(anvil.accounts[i]!.privateKey));

  it('creates a round escrowing ETH', async () => {
    const before = await owner.balance(deployment.incentives);
    const dl = await owner.deadlinesFromNow(600, 600);
    const tx = await owner.createRound({ amount: 3n * ETH, validationCommitment: 12345n, lambda: 100n, maxProviders: 3, ...dl });
    roundId = tx.result.roundId;
    expect(roundId).toBe(await owner.roundCount());
    expect(tx.gasUsed).toBeGreaterThan(0n);
    expect((await owner.balance(deployment.incentives)) - before).toBe(3n * ETH);
    expect(await owner.getRound(roundId)).toEqual({
      id: roundId,
      owner: anvil.accounts[0]!.address,
      asset: zeroAddress,
      amount: 3n * ETH,
      validationCommitment: 12345n,
      lambda: 100n,
      maxProviders: 3,
      numProviders: 0,
      status: 'Open',
      ...dl,
    });
    expect(await owner.phase(roundId)).toBe('Registration');
  });

  it('registers providers in order and decodes every refusal', async () => {
    const [a, b, c] = providers();
    expect((await a!.register(roundId, 111n)).result.index).toBe(0);
    expect((await b!.register(roundId, 222n)).result.index).toBe(1);
    const again = await rejects<ContractRevertError>(a!.register(roundId, 333n), 'CONTRACT_AlreadyRegistered');
    expect(again).toBeInstanceOf(ContractRevertError);
    expect(again.errorName).toBe('AlreadyRegistered');
    expect(again.message).toContain('once per round');
    await rejects(c!.register(roundId, 222n), 'CONTRACT_DuplicateCommitment');
    await rejects(c!.register(roundId, 0n), 'CONTRACT_InvalidCommitment');
    await rejects(c!.register(roundId, FIELD_MODULUS), 'CONTRACT_InvalidCommitment');
    await rejects(c!.register(999n, 5n), 'CONTRACT_RoundNotFound');
    expect((await c!.register(roundId, 333n)).result.index).toBe(2);
    await rejects(owner.register(roundId, 444n), 'CONTRACT_RoundFull');
    expect(await owner.getProviders(roundId)).toEqual([
      { index: 0, account: anvil.accounts[1]!.address, commitment: 111n },
      { index: 1, account: anvil.accounts[2]!.address, commitment: 222n },
      { index: 2, account: anvil.accounts[3]!.address, commitment: 333n },
    ]);
    const events = await owner.events({ roundId });
    expect(events.map((e) => e.eventName)).toEqual(['RoundCreated', 'ProviderRegistered', 'ProviderRegistered', 'ProviderRegistered']);
  });

  it('sends nothing from an unfunded account, or for bad round parameters, or without a key', async () => {
    const poor = owner.as(`0x${'42'.repeat(32)}`);
    const poorAddress = poor.account!.address;
    const dl = await owner.deadlinesFromNow(600, 600);
    const second = await owner.createRound({ amount: ETH, validationCommitment: 1n, lambda: 1n, maxProviders: 2, ...dl });
    const err = await rejects(poor.register(second.result.roundId, 5n), 'UNFUNDED');
    expect(err.message).toContain(poorAddress);
    expect(err.message).toContain('Nothing was sent');
    expect(await nonce(poorAddress)).toBe(0);
    expect((await owner.getRound(second.result.roundId)).numProviders).toBe(0);

    const ownerNonce = await nonce(owner.account!.address);
    await rejects(owner.createRound({ amount: 0n, validationCommitment: 1n, lambda: 1n, maxProviders: 2, ...dl }), 'INPUT_BAD_ROUND');
    await rejects(owner.createRound({ amount: 1n, validationCommitment: 1n, lambda: 1n, maxProviders: 9, ...dl }), 'INPUT_BAD_ROUND');
    await rejects(owner.createRound({ amount: 1n, validationCommitment: 1n, lambda: 1n, maxProviders: 2, registrationDeadline: 1n, submissionDeadline: 2n }), 'INPUT_BAD_ROUND');
    await rejects(owner.createRound({ amount: 10n ** 30n, validationCommitment: 1n, lambda: 1n, maxProviders: 2, ...dl }), 'UNFUNDED');
    expect(await nonce(owner.account!.address)).toBe(ownerNonce);

    const readOnly = await connect({ rpcUrl: anvil.rpcUrl, contract: deployment.incentives });
    await rejects(readOnly.withdraw(), 'KEY_MISSING').then((e) => expect(e).toBeInstanceOf(InputError));
  });

  it('rejects an early submission and a wrong proof without changing anything', async () => {
    const submission = { weights: [1n], intercept: 0n, trainLoss: 0n, shapley: [1n, 1n, 1n], proof: '0x00' as Hex };
    await rejects(owner.submit(roundId, submission), 'CONTRACT_SubmissionNotOpen');
    await anvil.increaseTime(601);
    expect(await owner.phase(roundId)).toBe('Submission');
    await rejects(owner.as(anvil.accounts[4]!.privateKey).register(roundId, 555n), 'CONTRACT_RegistrationClosed');
    const bad = await rejects<ContractRevertError>(owner.submit(roundId, submission), 'CONTRACT_InvalidProof');
    expect(bad.message).toMatch(/verifier rejected the proof/);
    await rejects(owner.submit(roundId, { ...submission, shapley: [1n, 1n, 1n, 1n] }), 'CONTRACT_UnusedSlotNotZero');
    await rejects(owner.reclaim(roundId), 'CONTRACT_RoundNotExpired');
    expect((await owner.getRound(roundId)).status).toBe('Open');
  });

  it('after expiry the owner reclaims, then withdraws the escrow to the wei', async () => {
    await anvil.increaseTime(601);
    expect(await owner.phase(roundId)).toBe('Expired');
    await rejects(providers()[0]!.reclaim(roundId), 'CONTRACT_NotRoundOwner');
    const reclaimed = await owner.reclaim(roundId);
    expect(reclaimed.result.amount).toBe(3n * ETH);
    expect(await owner.phase(roundId)).toBe('Reclaimed');
    await rejects(owner.reclaim(roundId), 'CONTRACT_RoundNotOpen');
    const credit = await owner.credits(owner.account!.address);
    expect(credit).toBe(3n * ETH);
    const before = await owner.balance(owner.account!.address);
    const w = await owner.withdraw();
    expect(w.result.amount).toBe(credit);
    const receipt = await owner.publicClient.getTransactionReceipt({ hash: w.hash });
    expect(await owner.balance(owner.account!.address)).toBe(before + credit - receipt.gasUsed * receipt.effectiveGasPrice);
    await rejects(owner.withdraw(), 'CONTRACT_NothingToWithdraw');
  });
});

describe('ERC20 round', () => {
  it('approves and escrows a test token', async () => {
    const token = readForgeArtifact('MockTokens.sol/MockERC20.json');
    const account = privateKeyToAccount(anvil.accounts[0]!.privateKey);
    const wallet = createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
    const reader = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
    const abi = [
      { type: 'constructor', inputs: [{ name: 'name_', type: 'string' }, { name: 'symbol_', type: 'string' }], stateMutability: 'nonpayable' },
      { type: 'function', name: 'mint', inputs: [{ name: 'to', type: 'address' }, { name: 'amount', type: 'uint256' }], outputs: [], stateMutability: 'nonpayable' },
      { type: 'function', name: 'balanceOf', inputs: [{ name: 'a', type: 'address' }], outputs: [{ name: '', type: 'uint256' }], stateMutability: 'view' },
    ] as const;
    const hash = await wallet.deployContract({ abi, bytecode: token.bytecode.object, args: ['Test', 'TST'] });
    const tokenAddress = getAddress((await reader.waitForTransactionReceipt({ hash })).contractAddress!);
    await reader.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: tokenAddress, abi, functionName: 'mint', args: [account.address, 1000n] }) });

    const dl = await owner.deadlinesFromNow(600, 600);
    await rejects(owner.createRound({ asset: tokenAddress, amount: 1001n, validationCommitment: 9n, lambda: 0n, maxProviders: 8, ...dl }), 'UNFUNDED');
    const tx = await owner.createRound({ asset: tokenAddress, amount: 600n, validationCommitment: 9n, lambda: 0n, maxProviders: 8, ...dl });
    const round = await owner.getRound(tx.result.roundId);
    expect(round.asset).toBe(tokenAddress);
    expect(round.amount).toBe(600n);
    expect(await reader.readContract({ address: tokenAddress, abi, functionName: 'balanceOf', args: [deployment.incentives] })).toBe(600n);
    expect(await reader.readContract({ address: tokenAddress, abi, functionName: 'balanceOf', args: [account.address] })).toBe(400n);
  });
});

describe('settlement with the real proof fixture', () => {
  let game: ZkmlClient;
  const commitments = () => fixture.commitments.slice(0, fixture.numProviders).map((c) => BigInt(c));
  const submission = () => ({
    weights: fixture.weights.map(BigInt),
    intercept: BigInt(fixture.intercept),
    trainLoss: BigInt(fixture.trainLoss),
    shapley: fixture.shapley.map(BigInt),
    proof: fixture.proof,
  });
  const pool = 10n ** 18n + 7n; // odd pool: the rounding remainder goes back to the owner

  beforeAll(async () => {
    expect(fixture.chainId).toBe(anvil.chainId);
    expect(fixture.contract.toLowerCase()).toBe(FIXTURE_CONTRACT.toLowerCase());
    const code = await owner.publicClient.getCode({ address: deployment.incentives });
    await anvil.rpc('anvil_setCode', [FIXTURE_CONTRACT, code]);
    game = await connect({ rpcUrl: anvil.rpcUrl, contract: FIXTURE_CONTRACT, expectedChainId: 31337, account: anvil.accounts[0]!.privateKey });
    const dl = await game.deadlinesFromNow(600, 600);
    const created = await game.createRound({ amount: pool, validationCommitment: BigInt(fixture.validationCommitment), lambda: BigInt(fixture.lambda), maxProviders: 8, ...dl });
    expect(created.result.roundId).toBe(BigInt(fixture.roundId));
    for (const [i, c] of commitments().entries()) await game.as(anvil.accounts[i + 1]!.privateKey).register(1n, c);
    await anvil.increaseTime(601);
  });

  it('the contract assembles exactly the public inputs of the proof', async () => {
    expect(await game.roundContext(1n)).toBe(BigInt(fixture.publicInputs[0]!));
    const inputs = await game.publicInputs(1n, submission());
    expect(inputs).toEqual(fixture.publicInputs.map((h) => BigInt(h)));
  });

  it('rejects a tampered proof and a tampered Shapley vector, changing nothing', async () => {
    const s = submission();
    const flipped = `${s.proof.slice(0, 200)}${s.proof[200] === '0' ? '1' : '0'}${s.proof.slice(201)}` as Hex;
    await rejects(game.submit(1n, { ...s, proof: flipped }), 'CONTRACT_InvalidProof');
    const shapley = [...s.shapley];
    shapley[0] = shapley[0]! + 1n;
    await rejects(game.submit(1n, { ...s, shapley }), 'CONTRACT_InvalidProof');
    await rejects(game.submit(1n, { ...s, intercept: s.intercept + 1n }), 'CONTRACT_InvalidProof');
    expect((await game.getRound(1n)).status).toBe('Open');
    expect(await game.credits(anvil.accounts[1]!.address)).toBe(0n);
  });

  it('a valid proof settles the round; everyone withdraws exactly their share', async () => {
    const s = submission();
    const tx = await game.submit(1n, s);
    expect(await game.phase(1n)).toBe('Settled');
    expect(tx.gasUsed).toBeGreaterThan(100_000n);
    await rejects(game.submit(1n, s), 'CONTRACT_RoundNotOpen');

    const phi = s.shapley.slice(0, fixture.numProviders);
    const positive = phi.reduce((t, v) => (v > 0n ? t + v : t), 0n);
    const rewards = phi.map((v) => (v > 0n ? (pool * v) / positive : 0n));
    const remainder = pool - rewards.reduce((a, b) => a + b, 0n);
    expect(tx.result.remainder).toBe(remainder);
    expect(rewards.some((r) => r === 0n)).toBe(true); // the poisoned provider gets nothing

    for (const [i, reward] of rewards.entries()) {
      const provider = game.as(anvil.accounts[i + 1]!.privateKey);
      const address = anvil.accounts[i + 1]!.address;
      expect(await game.credits(address)).toBe(reward);
      if (reward === 0n) {
        await rejects(provider.withdraw(), 'CONTRACT_NothingToWithdraw');
        continue;
      }
      const before = await game.balance(address);
      const w = await provider.withdraw();
      const receipt = await game.publicClient.getTransactionReceipt({ hash: w.hash });
      expect(await game.balance(address)).toBe(before + reward - receipt.gasUsed * receipt.effectiveGasPrice);
      expect(await game.credits(address)).toBe(0n);
    }
    expect(await game.credits(anvil.accounts[0]!.address)).toBe(remainder);
    const events = (await game.events({ roundId: 1n })).map((e) => e.eventName);
    expect(events).toContain('RoundSettled');
    expect(events.filter((e) => e === 'Credited')).toHaveLength(rewards.filter((r) => r > 0n).length + (remainder > 0n ? 1 : 0));
  });
});

describe('errors are typed', () => {
  it('ChainError for chain failures, InputError for bad keys', async () => {
    const { accountFromEnv, privateKeyFromEnv } = await import('../../../ts/chain/client.js');
    expect(privateKeyFromEnv('K', { K: ` ${anvil.accounts[1]!.privateKey.slice(2)} ` })).toBe(anvil.accounts[1]!.privateKey);
    expect(() => accountFromEnv('PRIVATE_KEY', {})).toThrow(InputError);
    expect(() => accountFromEnv('PRIVATE_KEY', { PRIVATE_KEY: '0x1234' })).toThrow(/32 bytes/);
    expect(accountFromEnv('PRIVATE_KEY', { PRIVATE_KEY: anvil.accounts[5]!.privateKey.slice(2) }).address).toBe(anvil.accounts[5]!.address);
    expect(new ContractRevertError('X', [], 'm')).toBeInstanceOf(ChainError);
  });
});
