import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, readmeWithTables } from '../../../ts/codegen/readme-tables.js';
import { SHAPE_TABLE_FILES, withShapesTable } from '../../../ts/codegen/shape-tables.js';
import { numPublicInputs } from '../../../ts/protocol/layout.js';
import { DEFAULT_SHAPE, SHAPES } from '../../../ts/protocol/shapes/index.js';

// contracts/README.md's public-input tables are generated from the layout definitions; if this
// fails, run `npm run build` (or `npx tsx ts/codegen/main.ts --no-fixtures`) and commit the README.
describe('contracts/README.md', () => {
  it('has the generated public-input tables of the current layouts', () => {
    const committed = readFileSync(README_PATH, 'utf8');
    expect(committed === readmeWithTables(committed).content, 'contracts/README.md public-input tables are stale: run npm run build').toBe(true);
    expect(committed).toContain(`| \`${DEFAULT_SHAPE.name}\` | ${DEFAULT_SHAPE.k} | ${DEFAULT_SHAPE.d} | ${numPublicInputs(DEFAULT_SHAPE)} |`);
  });

  it('README.md and noir/README.md have the generated shapes table of the shipped shapes', () => {
    for (const file of SHAPE_TABLE_FILES) {
      const committed = readFileSync(file, 'utf8');
      expect(committed === withShapesTable(file, committed).content, `${file}: the shapes table is stale: run npm run build`).toBe(true);
      for (const s of SHAPES) expect(committed).toContain(`| \`${s.name}\``);
    }
    // A hand edit is caught.
    const text = readFileSync(SHAPE_TABLE_FILES[0], 'utf8');
    const edited = text.replace(/\| `k8d1n128` \(default\) \| 8 \|/, '| `k8d1n128` (default) | 9 |');
    expect(edited).not.toBe(text);
    expect(edited === withShapesTable(SHAPE_TABLE_FILES[0], edited).content).toBe(false);
  });

  it('detects a hand edit of the table (the check can fail)', () => {
    const committed = readFileSync(README_PATH, 'utf8');
    const edited = committed.replace('| `k8d1n128` | 8 | 1 | 31 |', '| `k8d1n128` | 8 | 1 | 23 |');
    expect(edited).not.toBe(committed);
    expect(edited === readmeWithTables(edited).content).toBe(false);
  });
});
