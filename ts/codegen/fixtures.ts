/**
 * The proof fixtures `npm run build` writes (ZK proofs are randomised: they are checked for
 * validity, not byte equality): the toy slice's, the settlement proof of the fixture round, a
 * registration proof and the validation proof of its validation set, each proven with the artifact the build just compiled.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { registerCircuitName, settlementCircuitName, validationCircuitName } from '../protocol/shapes/index.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { FIXTURE_SHAPE, TOY_INPUTS, fixturePath, proveFixture } from './fixture-round.js';
import type { GeneratedFile } from './generate.js';
import { registerFixture } from './register-fixture.js';
import { validationFixture } from './validation-fixture.js';
import { zkmlFixture } from './zkml-fixture.js';

/** The fixtures, from the compiled artifacts by build name (`toy`, `zkml-k8d1n128`, `register-k8d1n128`). */
export async function generateFixtures(api: Barretenberg, artifacts: ReadonlyMap<string, CircuitArtifact>): Promise<GeneratedFile[]> {
  const artifact = (name: string) => {
    const a = artifacts.get(name);
    if (!a) throw new Error(`the fixtures need the artifact ${name}, which the build did not produce`);
    return a;
  };
  const toy = await proveFixture(api, 'toy', artifact('toy'), TOY_INPUTS);
  return [
    { path: fixturePath('toy_proof'), content: JSON.stringify(toy, null, 2) + '\n' },
    await zkmlFixture(api, artifact(settlementCircuitName(FIXTURE_SHAPE))),
    await registerFixture(api, artifact(registerCircuitName(FIXTURE_SHAPE))),
    await validationFixture(api, artifact(validationCircuitName(FIXTURE_SHAPE))),
  ];
}
