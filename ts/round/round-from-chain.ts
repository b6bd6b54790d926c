/**
 * The round to prove, read from the chain: context, λ, registration order and payees come from the
 * contract; rows and salts from the owner's files. Providers are matched to registrations by
 * payee address, so the CSV need not follow the registration order; every mismatch is named.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { getAddress } from 'viem';
import type { ZkmlClient } from '../chain/client.js';
import { providerCommitment } from '../circuit/commitment.js';
import type { RoundData } from '../circuit/witness.js';
import { rowsOf, type TrainingSet, type ValidationSet } from '../data/csv.js';
import { InputError } from '../errors.js';
import { fieldHex } from '../protocol/layout.js';
import { fixedRows } from './dataset.js';
import type { Salts } from './salts.js';

/** What the owner holds off-chain for {@link roundFromChain}. */
export interface OffChainRoundInputs {
  training: TrainingSet;
  validation: ValidationSet;
  salts: Salts;
  /** Each provider's registering address (CSV name → address). */
  payees: Record<string, bigint>;
}

/**
 * Builds the {@link RoundData} of on-chain round `roundId`. Refuses, before any proving, a dataset
 * that does not match the registrations: a registration with no rows, rows of an unregistered
 * provider, or rows and salt that do not open the registered commitment.
 * @throws InputError `ROUND_DATA_MISMATCH`
 */
export async function roundFromChain(api: Barretenberg, client: ZkmlClient, roundId: bigint, inputs: OffChainRoundInputs): Promise<RoundData> {
  const [round, registered, context] = await Promise.all([client.getRound(roundId), client.getProviders(roundId), client.roundContext(roundId)]);
  const mismatch = (m: string) => new InputError('ROUND_DATA_MISMATCH', `round ${roundId}: ${m} Nothing was proven.`);
  if (registered.length === 0) throw mismatch('no provider registered, so there is nothing to prove.');
  const byAddress = new Map<string, string>();
  for (const name of inputs.training.providers) {
    const payee = inputs.payees[name];
    if (payee === undefined) throw mismatch(`provider "${name}" of ${inputs.training.file} has no address in the payees file.`);
    byAddress.set(getAddress(`0x${payee.toString(16).padStart(40, '0')}`), name);
  }
  const providers = [];
  for (const p of registered) {
    const name = byAddress.get(p.account);
    if (name === undefined) throw mismatch(`slot ${p.index} was registered by ${p.account}, but no provider of ${inputs.training.file} maps to that address in the payees file.`);
    byAddress.delete(p.account);
    const rows = fixedRows(rowsOf(inputs.training, name));
    const salt = inputs.salts.providers[name];
    if (salt === undefined) throw mismatch(`there is no salt for provider "${name}".`);
    const commitment = await providerCommitment(api, rows, salt, BigInt(p.account));
    if (commitment !== p.commitment) {
      throw mismatch(`the ${rows.length} rows and the salt of "${name}" commit to ${fieldHex(commitment)}, but ${p.account} registered ${fieldHex(p.commitment)} in slot ${p.index}: the rows or the salt differ from what was registered.`);
    }
    providers.push({ name, rows, salt, payee: BigInt(p.account) });
  }
  if (byAddress.size > 0) throw mismatch(`${[...byAddress.values()].map((n) => `"${n}"`).join(', ')} did not register; remove their rows or let them register first.`);
  return { providers, validation: { rows: fixedRows(inputs.validation.rows), salt: inputs.salts.validation }, lambda: round.lambda, context };
}
