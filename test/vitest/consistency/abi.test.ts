import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABI_MODULE_PATH, BYTECODE_MODULE_PATH, PACKAGE_ROOT, abiModuleSource, bytecodeModuleSource, readForgeArtifact } from '../../../ts/codegen/abi.js';
import { zkmlIncentivesAbi } from '../../../ts/generated/abi.js';
import { runFoundrySync } from '../../../ts/dev/foundry.js';

// ts/generated/abi.ts must be exactly what the generator makes from the current contracts.
// If this fails: `npm run -s forge -- build && npx tsx ts/codegen/abi.ts`, then commit ts/generated/abi.ts.
beforeAll(() => {
  const build = runFoundrySync('forge', ['build'], { cwd: PACKAGE_ROOT });
  expect(build.status, `forge build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
});

describe('generated ABI', () => {
  it('ts/generated/abi.ts matches the forge build output', () => {
    const committed = readFileSync(ABI_MODULE_PATH, 'utf8');
    expect(committed === abiModuleSource(), 'ts/generated/abi.ts is stale: run `npm run -s forge -- build && npx tsx ts/codegen/abi.ts` and commit it').toBe(true);
  });

  it('ts/generated/bytecode.ts matches the forge build output', () => {
    const committed = readFileSync(BYTECODE_MODULE_PATH, 'utf8');
    expect(committed === bytecodeModuleSource(), 'ts/generated/bytecode.ts is stale: run `npm run build` and commit it').toBe(true);
  });

  it('has every function of ZKMLIncentives the client uses', () => {
    const names = new Set<string>(zkmlIncentivesAbi.filter((x) => x.type === 'function').map((x) => x.name));
    for (const f of ['createRound', 'register', 'submit', 'withdraw', 'reclaim', 'getRound', 'getProviders', 'phase', 'roundContext', 'credits', 'roundCount', 'publicInputs', 'claim', 'getShape', 'shapeCount', 'registrationPublicInputs']) {
      expect(names.has(f), f).toBe(true);
    }
    expect(readForgeArtifact('ZKMLIncentives.sol/ZKMLIncentives.json').bytecode.object).toMatch(/^0x[0-9a-f]+$/);
  });
});
