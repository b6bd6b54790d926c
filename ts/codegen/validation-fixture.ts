/**
 * `test/fixtures/validation_k8d1n128.json`: a real validation proof (shape k8d1n128) of the fixture
 * round's validation set, for the Foundry tests that create rounds with the real verifiers. Its
 * statistics commitment is the zkml fixture's `validationCommitment`.
 *
 * Format: `circuit` ("validation"), `proof` (0x hex), `publicInputs` (2 × bytes32 hex: the
 * statistics commitment, the row count m), `shape`, `statsCommitment` (bytes32 hex), `numRows`,
 * `rows` [{x: [decimal], y: decimal}] and `salt` (decimal): the reveal anyone can check.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { buildValidationWitness } from '../circuit/validation-witness.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { FIXTURE_SHAPE, fixturePath, fixtureRound, proveFixture } from './fixture-round.js';
import type { GeneratedFile } from './generate.js';

/** The fixture, proven with `artifact`, the validation circuit of {@link FIXTURE_SHAPE}. */
export async function validationFixture(api: Barretenberg, artifact: CircuitArtifact): Promise<GeneratedFile> {
  const { rows, salt } = fixtureRound().validation;
  const { inputs, publicValues } = await buildValidationWitness(api, rows, salt, FIXTURE_SHAPE);
  const proof = await proveFixture(api, 'validation', artifact, inputs);
  const fixture = {
    ...proof,
    shape: FIXTURE_SHAPE.name,
    statsCommitment: '0x' + publicValues.statsCommitment.toString(16).padStart(64, '0'),
    numRows: publicValues.numRows,
    rows: rows.map((r) => ({ x: r.x.map(String), y: String(r.y) })),
    salt: String(salt),
  };
  return { path: fixturePath(`validation_${FIXTURE_SHAPE.name}`), content: JSON.stringify(fixture, null, 2) + '\n' };
}
