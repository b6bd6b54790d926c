import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBuild, localCrsPoints } from '../../../ts/codegen/builds.js';
import { parseShapeArg } from '../../../ts/codegen/shape-args.js';
import { ToolchainError } from '../../../ts/errors/index.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';

// Shapes beyond 2^15 rows: the build compiles them and would generate their verifiers wherever
// bb can reach a larger CRS; with the offline CRS (32,769 points) and no network it must stop
// with a message naming the CRS and the points needed.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

describe('a shape beyond the offline CRS', () => {
  it('the offline CRS holds 32,769 points', () => {
    expect(localCrsPoints()?.points).toBe(32_769);
  });

  it('k9d1n64 (2^16) fails with a clear CRS message instead of a verifier', { timeout: 180_000 }, async () => {
    const shape = parseShapeArg('k9d1n64');
    const err = await generateBuild(api, { circuit: 'zkml', shape }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ToolchainError);
    expect((err as ToolchainError).code).toBe('CRS_TOO_SMALL');
    expect((err as Error).message).toMatch(/k9d1n64 needs a CRS of 65,537 points \(circuit size 2\^16\)/);
    expect((err as Error).message).toMatch(/has 32,769 points/);
    expect((err as Error).message).toMatch(/CRS_PATH/);
  });
});
