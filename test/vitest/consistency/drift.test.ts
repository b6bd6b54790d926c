import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRCUITS, PACKAGE_ROOT, paths } from '../../../ts/codegen/circuits.js';
import { generateCircuitFiles } from '../../../ts/codegen/generate.js';
import { readVk } from '../../../ts/prover/artifacts.js';
import type { ProofFixture } from '../../../ts/codegen/fixtures.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { verifyEvm } from '../../../ts/toolchain/honk.js';
import { layoutSolidity } from '../../../ts/codegen/layout-sol.js';
import { generateRegisterShapeFiles } from '../../../ts/codegen/register-shapes.js';
import { registerCircuitName } from '../../../ts/crypto/register-shape.js';
import { SHAPES } from '../../../ts/protocol/shapes.js';

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

  for (const spec of CIRCUITS) {
    it(`${spec.name}: artifact, verification key and verifiers`, async () => {
      const files = await generateCircuitFiles(api, spec);
      for (const file of files) {
        const rel = relative(PACKAGE_ROOT, file.path);
        expect(existsSync(file.path), `${rel} is missing: run npm run build`).toBe(true);
        const committed = readFileSync(file.path, 'utf8');
        expect(committed === file.content, `${rel} differs from npm run build output: run npm run build and commit`).toBe(true);
      }
    });
  }

  // The registration circuit of every shipped shape (about 2 s each: noir_wasm compile, VK, verifiers).
  for (const shape of SHAPES) {
    it(`${registerCircuitName(shape)}: artifact, verification key and verifiers`, async () => {
      const { files } = await generateRegisterShapeFiles(api, shape);
      for (const file of files) {
        const rel = relative(PACKAGE_ROOT, file.path);
        expect(existsSync(file.path), `${rel} is missing: run npm run build`).toBe(true);
        expect(readFileSync(file.path, 'utf8') === file.content, `${rel} differs from npm run build output: run npm run build and commit`).toBe(true);
      }
    });
  }

  it('proof fixtures verify against the committed verification keys', async () => {
    for (const spec of CIRCUITS) {
      const fixturePath = paths.fixture(`${spec.name}_proof`);
      if (!existsSync(fixturePath)) continue;
      const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as ProofFixture;
      const proof = { proof: Uint8Array.from(Buffer.from(fixture.proof.slice(2), 'hex')), publicInputs: fixture.publicInputs };
      expect(await verifyEvm(api, readVk(spec), proof), `${relative(PACKAGE_ROOT, fixturePath)} is stale: run npm run build`).toBe(true);
    }
  });
});
