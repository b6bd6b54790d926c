import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The offline CRS copy beside the repository (CI provides it): tests pass it to bb through
// CRS_PATH, the documented default of the SDK's `crsPath` option. The library itself never
// looks for it.
const sharedCrs = resolve(import.meta.dirname, '..', 'shared', 'crs');
const crsEnv = !process.env.CRS_PATH && existsSync(resolve(sharedCrs, 'bn254_g1.dat')) ? { CRS_PATH: sharedCrs } : {};

export default defineConfig({
  test: {
    include: ['test/vitest/**/*.test.ts'],
    // Proving uses every core through bb; run test files one after another on this 2-core machine.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default'],
    env: crsEnv,
  },
});
