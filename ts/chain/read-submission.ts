/** What the contract would hand its verifiers: the public inputs of a settlement and of a registration. */
import type { Address } from 'viem';
import { InputError } from '../errors/index.js';
import { chainRead } from './read.js';
import { incentivesAbi } from './errors.js';
import type { ChainContext, RegistrationArgs, Submission, SubmissionShape } from './types.js';

/** `values` padded with zeros to `length`. @throws InputError `INPUT_TOO_MANY_VALUES` */
export function padValues(values: readonly bigint[], length: number, what: string): bigint[] {
  if (values.length > length) throw new InputError('INPUT_TOO_MANY_VALUES', `${values.length} ${what} given but at most ${length} fit.`);
  return [...values, ...Array.from({ length: length - values.length }, () => 0n)];
}

/** The public inputs `submit` would give the verifier for these numbers (field elements), for a round of `shape`. */
export async function readPublicInputs(ctx: ChainContext, roundId: bigint, s: Omit<Submission, 'proof'>, shape: Pick<SubmissionShape, 'k'>): Promise<bigint[]> {
  const inputs = await chainRead(`computing the public inputs of round ${roundId}`, () =>
    ctx.publicClient.readContract({
      address: ctx.contract,
      abi: incentivesAbi,
      functionName: 'publicInputs',
      args: [roundId, [...s.weights], s.intercept, s.trainLoss, padValues(s.shapley, shape.k, 'Shapley values')],
    }),
  );
  return inputs.map((h) => BigInt(h));
}

/** The public inputs `register` would give the registration verifier for `payee`. */
export async function readRegistrationPublicInputs(ctx: ChainContext, roundId: bigint, payee: Address, r: Omit<RegistrationArgs, 'proof'>): Promise<bigint[]> {
  const inputs = await chainRead(`computing the registration inputs of round ${roundId}`, () =>
    ctx.publicClient.readContract({
      address: ctx.contract,
      abi: incentivesAbi,
      functionName: 'registrationPublicInputs',
      args: [roundId, payee, r.commitment, r.statsCommitment, BigInt(r.numRows), [r.ephemeralKey.x, r.ephemeralKey.y], [...r.ciphertext]],
    }),
  );
  return inputs.map((h) => BigInt(h));
}
