import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, readmeWithTables } from '../../../ts/codegen/readme-tables.js';
import { numPublicInputs } from '../../../ts/protocol/layout.js';
import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';

// contracts/README.md's public-input tables are generated from the layout definitions; if this
// fails, run `npm run build` (or `npx tsx ts/codegen/main.ts --no-fixtures`) and commit the README.
describe('contracts/README.md', () => {
  it('has the generated public-input tables of the current layouts', () => {
    const committed = readFileSync(README_PATH, 'utf8');
    expect(committed === readmeWithTables(committed).content, 'contracts/README.md public-input tables are stale: run npm run build').toBe(true);
    expect(committed).toContain(`| \`${DEFAULT_SHAPE.name}\` | ${DEFAULT_SHAPE.k} | ${DEFAULT_SHAPE.d} | ${numPublicInputs(DEFAULT_SHAPE)} |`);
  });

  it('detects a hand edit of the table (the check can fail)', () => {
    const committed = readFileSync(README_PATH, 'utf8');
    const edited = committed.replace('| `k8d1n128` | 8 | 1 | 31 |', '| `k8d1n128` | 8 | 1 | 23 |');
    expect(edited).not.toBe(committed);
    expect(edited === readmeWithTables(edited).content).toBe(false);
  });
});
