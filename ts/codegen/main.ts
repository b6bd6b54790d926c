/**
 * `npm run build`: compiles every circuit through the one pipeline (`./builds.ts`: the toy slice,
 * and the settlement and registration circuit of every shipped shape), derives each one's
 * verification key and Solidity verifiers, writes the deployment script's shape list
 * (`script/shapes.json`), regenerates the contract's TypeScript ABI, and proves the test fixtures.
 * Every output is committed; `test/vitest/consistency/drift.test.ts` fails when a committed copy
 * differs from what this script produces.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { requireSuccess, runFoundrySync } from '../dev/foundry.js';
import { PACKAGE_ROOT } from '../files/package-root.js';
import { SHAPES } from '../protocol/shapes/index.js';
import { startProvingBarretenberg } from '../toolchain/barretenberg.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { writeAbiModule } from './abi.js';
import { buildName, circuitBuilds, generateBuild } from './builds.js';
import { generateFixtures } from './fixtures.js';
import { writeGenerated, type GeneratedFile } from './generate.js';
import { layoutSolidity } from './layout-sol.js';
import { readmeWithTables } from './readme-tables.js';
import { SHAPE_TABLE_FILES, withShapesTable } from './shape-tables.js';
import { shapeArgs } from './shape-args.js';
import { shapesConfig } from './shapes-config.js';

const log = (line: string) => process.stderr.write(line + '\n');

const write = (file: GeneratedFile) => writeGenerated(file, log);

let api: Barretenberg | undefined;

async function main(): Promise<void> {
  write(layoutSolidity());
  write(readmeWithTables());
  for (const file of SHAPE_TABLE_FILES) write(withShapesTable(file));
  api = await startProvingBarretenberg({ log });
  const artifacts = new Map<string, CircuitArtifact>();
  // `npm run build -- --shape k9d1n64` also builds shapes that are not shipped (beyond 2^15 rows
  // this needs a larger CRS: bb.js downloads it where there is network, else a clear error).
  const extra = shapeArgs(process.argv.slice(2)).filter((s) => !SHAPES.some((x) => x.name === s.name));
  for (const build of circuitBuilds([...SHAPES, ...extra])) {
    const t0 = Date.now();
    const name = buildName(build);
    log(`[build] ${name}: compiling, computing the verification key and verifiers...`);
    const out = await generateBuild(api, build, log);
    out.files.forEach(write);
    artifacts.set(name, out.artifact);
    log(`[build] ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // The deployment script's shape list: every shipped shape with both verifiers.
  write(shapesConfig(SHAPES));
  log('[build] forge build, then the TypeScript ABI of ZKMLIncentives...');
  requireSuccess(runFoundrySync('forge', ['build']), 'forge build');
  log(`  ts/generated/abi.ts ${writeAbiModule() ? 'written' : 'unchanged'}`);
  if (!process.argv.includes('--no-fixtures')) {
    log('[build] proving fixtures...');
    (await generateFixtures(api, artifacts)).forEach(write);
  }
}

main()
  .catch((err: unknown) => {
    log(`build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  })
  .finally(() => api?.destroy());
