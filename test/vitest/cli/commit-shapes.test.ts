/**
 * `zkml commit` for every shipped shape: a provider's CSV of that shape's feature count is committed
 * by the real CLI with `--shape NAME`, and the printed commitment is the TypeScript mirror's
 * (`ts/circuit/commitment.ts`) for that shape. Without `--shape` the CLI takes the smallest shape
 * that holds the data (a two-feature CSV used to fail with the one-feature default), and a named
 * shape that cannot hold the data, or an unknown name, is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVIL_ACCOUNTS } from '../../../ts/dev/anvil.js';
import { providerCommitment } from '../../../ts/circuit/commitment.js';
import { validationCommitment } from '../../../ts/circuit/stats-commitment.js';
import type { FixedRow } from '../../../ts/circuit/model.js';
import { SHAPES, shapeByName, type Shape } from '../../../ts/protocol/shapes/index.js';
import { fieldHex } from '../../../ts/protocol/layout.js';
import { writeSalts } from '../../../ts/round/salts.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { cliIn, refused, result } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-commit-'));
const zkml = cliIn(dir);
const PAYEE = ANVIL_ACCOUNTS[1]!.address;
const SALTS = { providers: { alice: 0x1234n }, validation: 0x5678n };
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
  writeSalts(join(dir, 'salts.json'), SALTS);
});
afterAll(async () => {
  await api?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** `n` rows of `d` features (values ≤ 9, inside every shape's data range), as CSV text and fixed point. */
function rowsOf(d: number, n: number, provider?: string): { csv: string; rows: FixedRow[] } {
  const header = [...(provider ? ['provider'] : []), ...Array.from({ length: d }, (_, j) => `x${j + 1}`), 'y'].join(',');
  const rows: FixedRow[] = [];
  const lines = [header];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, (_, j) => ((i + 2 * j) % 9) + 0.5);
    const y = x.reduce((a, v) => a + v, 1) / 2;
    lines.push([...(provider ? [provider] : []), ...x.map(String), String(y)].join(','));
    rows.push({ x: x.map((v) => BigInt(Math.round(v * 1e4))), y: BigInt(Math.round(y * 1e4)) });
  }
  return { csv: lines.join('\n') + '\n', rows };
}

function files(shape: Pick<Shape, 'd' | 'name'>) {
  const training = rowsOf(shape.d, 12, 'alice');
  const validation = rowsOf(shape.d, 5);
  const data = join(dir, `${shape.name}-d${shape.d}.csv`);
  const val = join(dir, `${shape.name}-d${shape.d}-val.csv`);
  writeFileSync(data, training.csv);
  writeFileSync(val, validation.csv);
  return { data, val, training: training.rows, validation: validation.rows };
}

type Committed = { shape: string; providers: { provider: string; rows: number; commitment: string }[]; validation?: { rows: number; commitment: string } };

describe('zkml commit --shape, for every shipped shape', () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: ${shape.d}-feature rows commit as the TypeScript mirror of that shape computes`, { timeout: 120_000 }, async () => {
      const f = files(shape);
      const r = await zkml(['commit', '--json', '--quiet', '--data', f.data, '--validation', f.val, '--salts', join(dir, 'salts.json'), '--payee', PAYEE, '--shape', shape.name]);
      const out = result<Committed>(r, 'commit');
      expect(out.shape).toBe(shape.name);
      expect(out.providers).toEqual([expect.objectContaining({ provider: 'alice', rows: 12, commitment: fieldHex(await providerCommitment(api, f.training, SALTS.providers.alice, BigInt(PAYEE), shape)) })]);
      expect(out.validation).toEqual({ rows: 5, commitment: fieldHex(await validationCommitment(api, f.validation, SALTS.validation, shape.d)) });
    });
  }

  it('without --shape, takes the smallest shape that holds the data and says which (two features: k7d2n132)', { timeout: 120_000 }, async () => {
    const shape = shapeByName('k7d2n132');
    const f = files({ d: 2, name: 'default' });
    const r = await zkml(['commit', '--data', f.data, '--salts', join(dir, 'salts.json'), '--payee', PAYEE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shape k7d2n132 (7 providers, 2 features, 132 rows, |x|, |y| ≤ 10^6), the smallest that holds the data\n');
    expect(r.stdout.trim()).toBe(fieldHex(await providerCommitment(api, f.training, SALTS.providers.alice, BigInt(PAYEE), shape)));
  });

  it('refuses a named shape that cannot hold the data, and an unknown name', { timeout: 120_000 }, async () => {
    const f = files({ d: 2, name: 'refused' });
    const salts = join(dir, 'salts.json');
    refused(await zkml(['commit', '--data', f.data, '--salts', salts, '--payee', PAYEE, '--shape', 'k8d1n128']), 1, /--shape k8d1n128 .* does not hold 1 provider\(s\) with 12 training rows of 2 feature\(s\)/);
    refused(await zkml(['commit', '--data', f.data, '--salts', salts, '--payee', PAYEE, '--shape', 'k9d9n9']), 2, /--shape k9d9n9 is not a shipped shape; choose one of k8d1n128, /);
  });
});
