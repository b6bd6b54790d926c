import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapesConfig, shapesConfigEntries } from '../../../ts/codegen/shapes-config.js';
import { buildPaths } from '../../../ts/codegen/builds.js';
import { SHAPES } from '../../../ts/protocol/shapes/index.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

// script/shapes.json (read by script/Deploy.s.sol) lists every shipped shape, in order, with the
// verifiers `npm run build` generates for it.
describe('script/shapes.json', () => {
  it('is what npm run build writes', () => {
    const file = shapesConfig(SHAPES);
    expect(readFileSync(file.path, 'utf8') === file.content, 'script/shapes.json differs: run npm run build and commit').toBe(true);
  });

  it('lists every shipped shape with both verifiers, each a generated contract', () => {
    const entries = shapesConfigEntries(SHAPES);
    expect(entries.map((e) => e.name)).toEqual(SHAPES.map((s) => s.name));
    SHAPES.forEach((s, i) => {
      const e = entries[i]!;
      expect([e.k, e.d, e.nTrain, e.nVal]).toEqual([s.k, s.d, s.nTrain, s.nVal]);
      expect(e.registrationVerifier.endsWith(':' + buildPaths.verifier({ circuit: 'register', shape: s }, true).split('/').pop()!.replace(/\.sol$/, ''))).toBe(true);
      for (const artifact of [e.settlementVerifier, e.registrationVerifier]) {
        const [file, contract] = artifact.split(':');
        const path = join(PACKAGE_ROOT, 'contracts', 'generated', 'verifiers', file!);
        expect(existsSync(path), path).toBe(true);
        expect(readFileSync(path, 'utf8')).toContain(`contract ${contract} `);
      }
    });
    expect(entries[0]!.settlementVerifier).toBe('ZkmlK8d1n128HonkVerifierOptimized.sol:ZkmlK8d1n128HonkVerifierOptimized');
    expect(entries[1]!.settlementVerifier).toBe(`${buildPaths.verifier({ circuit: 'zkml', shape: SHAPES[1]! }, true).split('/').pop()}:ZkmlK7d2n132HonkVerifierOptimized`);
  });
});
