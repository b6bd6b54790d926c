import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildName, circuitBuilds, generateBuild } from '../../../ts/codegen/builds.js';
import { FIXTURE_SHAPE, fixturePath, type ProofFixture } from '../../../ts/codegen/fixture-round.js';
import { layoutSolidity } from '../../../ts/codegen/layout-sol.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { readVk } from '../../../ts/prover/artifacts.js';
import { SHAPES, registerCircuitName, settlementCircuitName } from '../../../ts/protocol/shapes/index.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { verifyEvm } from '../../../ts/toolchain/honk.js';

// Every generated file that is committed must be exactly what `npm run build` produces now.
// If this fails: run `npm run build` and commit the result.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

describe('committed generated files match `npm run build`', () => {
  it('contracts/generated/ZkmlLayout.sol', () => {
    const file = layoutSolidity();
    expect(readFileSync(file.path, 'utf8') === file.content, 'ZkmlLayout.sol differs: run npm run build and commit').toBe(true);
  });

  // The one pipeline: the toy slice, then each shipped shape's settlement and registration circuit
  // (noir_wasm compile, VK, verifiers: a few seconds each).
  for (const build of circuitBuilds(SHAPES)) {
    it(`${buildName(build)}: artifact, verification key and verifiers`, { timeout: 300_000 }, async () => {
      const { files } = await generateBuild(api, build);
      for (const file of files) {
        const rel = relative(PACKAGE_ROOT, file.path);
        expect(existsSync(file.path), `${rel} is missing: run npm run build`).toBe(true);
        expect(readFileSync(file.path, 'utf8') === file.content, `${rel} differs from npm run build output: run npm run build and commit`).toBe(true);
      }
    });
  }

  it('proof fixtures verify against the committed verification keys', async () => {
    const fixtures = [
      ['toy_proof', 'toy'],
      ['zkml_round', settlementCircuitName(FIXTURE_SHAPE)],
      ['register_k8d1n128', registerCircuitName(FIXTURE_SHAPE)],
    ] as const;
    for (const [name, circuit] of fixtures) {
      const path = fixturePath(name);
      const fixture = JSON.parse(readFileSync(path, 'utf8')) as ProofFixture;
      const proof = { proof: Uint8Array.from(Buffer.from(fixture.proof.slice(2), 'hex')), publicInputs: fixture.publicInputs };
      expect(await verifyEvm(api, readVk(circuit), proof), `${relative(PACKAGE_ROOT, path)} is stale: run npm run build`).toBe(true);
    }
  });
});
