import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWithParams } from '../../../ts/codegen/compile.js';
import { registerParams } from '../../../ts/codegen/params.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { shapeByName } from '../../../ts/protocol/shapes/index.js';

// noir/commitment is a path dependency of both circuits; that every shape build (a temporary copy
// with params.nr rewritten) resolves it and reproduces the committed artifacts is the drift test's
// and the shape tests' job. Here: the library refuses parameters that break its packing.
const registerDir = join(PACKAGE_ROOT, 'noir', 'register');

describe('noir/commitment library', () => {
  it('refuses at compile time a P that is not floor(253 / ROW_BITS) of D', async () => {
    // D = 1 packs 3 rows of 71 bits per element; P = 2 (chunks of 6 rows) is consistent in size only.
    const params = registerParams(shapeByName('k8d1n128'))
      .replace('pub global P: u32 = 3;', 'pub global P: u32 = 2;')
      .replace('pub global R: u32 = 9;', 'pub global R: u32 = 6;');
    expect(params).toContain('pub global P: u32 = 2;');
    expect(params).toContain('pub global R: u32 = 6;');
    await expect(compileWithParams(registerDir, params, 'register-bad-p')).rejects.toThrow(/P must be floor\(253 \/ ROW_BITS\)/);
  });
});
