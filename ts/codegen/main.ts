/**
 * `npm run build`: compiles every circuit under noir/ (toy and the default zkml as they are; the
 * settlement and registration circuits once per shipped shape), derives each one's verification
 * key and Solidity verifiers, writes the deployment script's shape list (`script/shapes.json`),
 * regenerates the contract's TypeScript ABI, and proves the test fixtures. Every output is committed; `test/vitest/consistency/drift.test.ts`
 * fails when a committed copy differs from what this script produces.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { startProvingBarretenberg } from '../toolchain/barretenberg.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { CIRCUITS, PACKAGE_ROOT } from './circuits.js';
import { generateCircuitFiles, writeGenerated, type GeneratedFile } from './generate.js';
import { generateFixtures } from './fixtures.js';
import { readmeWithTables } from './readme-tables.js';
import { layoutSolidity } from './layout-sol.js';
import { requireSuccess, runFoundrySync } from '../toolchain/foundry.js';
import { writeAbiModule } from './abi.js';
import { generateShapeFiles, shapeArgs } from './shapes.js';
import { DEFAULT_REGISTER_CIRCUIT, generateRegisterShapeFiles } from './register-shapes.js';
import { shapesConfig } from './shapes-config.js';
import { DEFAULT_SHAPE, SHAPES } from '../protocol/shapes.js';

const log = (line: string) => process.stderr.write(line + '\n');

const write = (file: GeneratedFile) => writeGenerated(file, log);

let api: Barretenberg | undefined;

async function main(): Promise<void> {
  write(layoutSolidity());
  write(readmeWithTables());
  api = await startProvingBarretenberg({ log });
  const artifacts = new Map<string, CircuitArtifact>();
  for (const spec of CIRCUITS) {
    const t0 = Date.now();
    log(`[build] ${spec.name}: compiling, computing the verification key and verifiers...`);
    const files = await generateCircuitFiles(api, spec);
    files.forEach(write);
    artifacts.set(spec.name, JSON.parse(files[0]!.content) as CircuitArtifact);
    log(`[build] ${spec.name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // `npm run build -- --shape k5d4n200` also builds shapes that are not shipped (beyond 2^15 rows
  // this needs a larger CRS: bb.js downloads it where there is network, else a clear error).
  const extra = shapeArgs(process.argv.slice(2)).filter((s) => !SHAPES.some((x) => x.name === s.name));
  for (const shape of [...SHAPES, ...extra]) {
    const t0 = Date.now();
    log(`[build] settlement shape ${shape.name}: compiling, computing the verification key and verifiers...`);
    (await generateShapeFiles(api, shape, log)).forEach(write);
    log(`[build] registration shape ${shape.name}: compiling, computing the verification key and verifiers...`);
    const register = await generateRegisterShapeFiles(api, shape, log);
    register.files.forEach(write);
    if (shape.name === DEFAULT_SHAPE.name) artifacts.set(DEFAULT_REGISTER_CIRCUIT, register.artifact);
    log(`[build] ${shape.name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // The deployment script's shape list: every shipped shape with both verifiers.
  write(shapesConfig());
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
