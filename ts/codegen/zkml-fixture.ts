import type { Barretenberg } from '@aztec/bb.js';
import { providerCommitment } from '../circuit/commitment.js';
import { buildWitness } from '../circuit/witness.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { FIXTURE_CHAIN_ID, FIXTURE_CONTRACT, FIXTURE_ROUND_ID, FIXTURE_SHAPE, fixturePath, fixtureRound, proveFixture } from './fixture-round.js';
import type { GeneratedFile } from './generate.js';

/** `test/fixtures/zkml_round.json`: a real proof of {@link fixtureRound} (settlement circuit of
 * {@link FIXTURE_SHAPE}) and the values to submit. */
export async function zkmlFixture(api: Barretenberg, artifact: CircuitArtifact): Promise<GeneratedFile> {
  const round = fixtureRound();
  const { inputs, publicValues: v } = await buildWitness(api, round, FIXTURE_SHAPE);
  // The providers' data commitments (what they register besides their statistics commitments).
  const commitments = await Promise.all(round.providers.map((p) => providerCommitment(api, p.rows, p.salt, p.payee, FIXTURE_SHAPE)));
  const proof = await proveFixture(api, 'zkml', artifact, inputs);
  const dec = (x: bigint) => x.toString();
  const hex = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');
  const fixture = {
    ...proof,
    chainId: FIXTURE_CHAIN_ID,
    contract: FIXTURE_CONTRACT,
    roundId: FIXTURE_ROUND_ID,
    lambda: dec(v.lambda),
    numProviders: v.numProviders,
    commitments: commitments.map(hex),
    statsCommitments: v.statsCommitments.slice(0, v.numProviders).map(hex),
    payees: v.payees.slice(0, v.numProviders).map((p) => '0x' + p.toString(16).padStart(40, '0')),
    validationCommitment: hex(v.validationCommitment),
    weights: v.weights.map(dec),
    intercept: dec(v.intercept),
    trainLoss: dec(v.trainLoss),
    shapley: v.shapley.map(dec),
  };
  return { path: fixturePath('zkml_round'), content: JSON.stringify(fixture, null, 2) + '\n' };
}
