/**
 * The ciphertext a delivery log names by its hash, picked from `deliver` calls (unit level: call
 * traces built here, as geth's callTracer shapes them). A tampered ciphertext cannot pass the hash
 * check; a call of another sender, round or ephemeral key is not taken; among several calls with
 * the log's fields, the hash decides; reverted frames, calls to other addresses and other
 * functions (a `register` call carries no ciphertext) are skipped.
 */
import { encodeFunctionData, type Address, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { ciphertextHash, ciphertextOfCalls, deliverCallsInTrace, type CallFrame, type LoggedRegistration } from '../../../ts/chain/read-delivery.js';
import { zkmlIncentivesAbi } from '../../../ts/generated/abi.js';
import { rejectsWith } from '../helpers/chain.js';

const CONTRACT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const WALLET: Address = '0x1111111111111111111111111111111111111111';
const OTHER: Address = '0x2222222222222222222222222222222222222222';
const CT = [11n, 22n, 33n, 44n];

const registerInput = (over: Partial<{ roundId: bigint; ephemeralX: bigint; ciphertext: bigint[] }> = {}): Hex =>
  encodeFunctionData({
    abi: zkmlIncentivesAbi,
    functionName: 'deliver',
    args: [over.roundId ?? 3n, [over.ephemeralX ?? 1n, 2n], over.ciphertext ?? CT, '0x00'],
  });
/** A `register` call of the same round: commitments only, no ciphertext. */
const commitInput = (): Hex => encodeFunctionData({ abi: zkmlIncentivesAbi, functionName: 'register', args: [3n, 7n, 8n, 5n] });

const log: LoggedRegistration = {
  roundId: 3n,
  provider: WALLET,
  commitment: 7n,
  statsCommitment: 8n,
  numRows: 5,
  ephemeralKey: { x: 1n, y: 2n },
  ciphertextHash: ciphertextHash(CT),
  transactionHash: `0x${'ab'.repeat(32)}`,
};

const frame = (input: Hex, over: Partial<CallFrame> = {}): CallFrame => ({ type: 'CALL', from: WALLET, to: CONTRACT, input, ...over });
const outer = (...calls: CallFrame[]): CallFrame => ({ type: 'CALL', from: OTHER, to: WALLET, input: '0x12345678', calls });
const pick = (trace: CallFrame) => ciphertextOfCalls(log, deliverCallsInTrace(trace, CONTRACT), 'the trace');

describe('the ciphertext of a delivery log', () => {
  it('is the nested deliver call from the provider with the logged fields and hash', () => {
    expect(pick(outer(frame(registerInput())))).toEqual(CT);
    // Addresses compare case-insensitively (traces are lower case).
    expect(pick(outer(frame(registerInput(), { from: WALLET.toLowerCase() as Address, to: CONTRACT.toLowerCase() as Address })))).toEqual(CT);
  });

  it('a tampered ciphertext does not pass the hash check', async () => {
    const tampered = [11n, 22n, 33n, 45n];
    await rejectsWith(Promise.resolve().then(() => pick(outer(frame(registerInput({ ciphertext: tampered }))))), 'CIPHERTEXT_MISMATCH');
    const err = await rejectsWith(Promise.resolve().then(() => ciphertextOfCalls(log, [{ from: WALLET, call: { roundId: 3n, ephemeralKey: [1n, 2n], ciphertext: tampered } }], 'x')), 'CIPHERTEXT_MISMATCH');
    expect(err.message).toContain('none of the 1 matching deliver call(s)');
  });

  it('among several calls with the log fields, the one whose hash matches', () => {
    expect(pick(outer(frame(registerInput({ ciphertext: [9n, 9n, 9n, 9n] })), frame(registerInput())))).toEqual(CT);
  });

  it('skips calls of another sender, round or ephemeral key, register calls, reverted frames, other targets and delegate calls', async () => {
    const none = [
      outer(frame(registerInput(), { from: OTHER })),
      outer(frame(registerInput({ roundId: 4n }))),
      outer(frame(registerInput({ ephemeralX: 70n }))),
      outer(frame(commitInput())),
      outer(frame(registerInput(), { error: 'execution reverted' })),
      outer({ ...frame('0x'), error: 'execution reverted', calls: [frame(registerInput())] }),
      outer(frame(registerInput(), { to: OTHER })),
      outer(frame(registerInput(), { type: 'DELEGATECALL' })),
      outer(frame('0xdeadbeef')),
    ];
    for (const t of none) {
      const err = await rejectsWith(Promise.resolve().then(() => pick(t)), 'CIPHERTEXT_MISMATCH');
      expect(err.message).toMatch(/no deliver call from 0x1111111111111111111111111111111111111111|none of the/);
    }
  });

  it('the hash is keccak256 of the 32-byte words (abi.encodePacked of uint256[])', () => {
    expect(ciphertextHash([1n])).toBe('0xb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf6');
  });
});
