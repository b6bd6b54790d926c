/**
 * The layer rules (`.dependency-cruiser.cjs`, run by `npm run lint`) hold on the tree, and they can
 * fail: in a temporary copy of `ts/`, one arrow that runs back up (protocol → chain, closing no
 * cycle), one CLI import past a door, and one door re-exporting another layer are each reported.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

const depcruise = join(PACKAGE_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** depcruise over `targets` (default the whole of ts/; named files only one level deep, which is all a rule about their own imports needs). */
function cruise(root: string, targets: string[] = ['ts']): { status: number | null; out: string } {
  const depth = targets[0] === 'ts' ? [] : ['--max-depth', '1'];
  const r = spawnSync(process.execPath, [depcruise, ...targets, ...depth, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('layer rules', () => {
  it('the tree keeps them (npm run lint)', () => {
    const r = cruise(PACKAGE_ROOT);
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  describe('in a copy with violations', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'zkml-layers-'));
      for (const f of ['ts', 'package.json', 'tsconfig.json', '.dependency-cruiser.cjs']) cpSync(join(PACKAGE_ROOT, f), join(dir, f), { recursive: true });
      symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(dir, 'node_modules'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports an arrow that runs back up, though it closes no cycle', () => {
      writeFileSync(join(dir, 'ts', 'protocol', 'upward.ts'), "import { connect } from '../chain/client.js';\nexport const c = connect;\n");
      const r = cruise(dir, ['ts/protocol/upward.ts']);
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/layer-protocol: ts\/protocol\/upward\.ts → ts\/chain\/client\.ts/);
      expect(r.out).not.toMatch(/no-cycle: ts\/protocol\/upward/);
      rmSync(join(dir, 'ts', 'protocol', 'upward.ts'));
    });

    it('reports a CLI import past a door, and a door re-exporting another layer', () => {
      writeFileSync(join(dir, 'ts', 'cli', 'past-door.ts'), "import { connect } from '../chain/client.js';\nexport const c = connect;\n");
      writeFileSync(join(dir, 'ts', 'data', 'index.ts'), "export { connect } from '../chain/client.js';\n", { flag: 'a' });
      const r = cruise(dir, ['ts/cli/past-door.ts', 'ts/data/index.ts']);
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/cli-through-doors: ts\/cli\/past-door\.ts → ts\/chain\/client\.ts/);
      expect(r.out).toMatch(/door-own-layer: ts\/data\/index\.ts → ts\/chain\/client\.ts/);
    });
  });
});
