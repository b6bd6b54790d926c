import { readFileSync } from 'node:fs';
import { BN254_FR_MODULUS } from '@aztec/bb.js';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { DEFAULT_SHAPE, settlementCircuitName } from '../../../ts/protocol/shapes/index.js';
import { readArtifact } from '../../../ts/prover/artifacts.js';
import * as params from '../../../ts/circuit/params.js';
import { FIELD_MODULUS, NUM_PUBLIC_INPUTS, PUBLIC_INPUTS } from '../../../ts/protocol/layout.js';

// The public-input layout and the circuit constants are defined once (ts/protocol/layout.ts,
// ts/circuit/params.ts) and must match the Noir source and its compiled ABI.
const artifact = readArtifact(settlementCircuitName(DEFAULT_SHAPE));

type AbiType = { kind: string; length?: number; type?: AbiType };
const size = (t: AbiType): number => (t.kind === 'array' ? t.length! * size(t.type!) : 1);

describe('public-input layout', () => {
  it('the circuit declares exactly the layout, in order', () => {
    const pub = artifact.abi.parameters.filter((p) => p.visibility === 'public');
    expect(pub.map((p) => p.name)).toEqual(PUBLIC_INPUTS.map((f) => f.name));
    expect(pub.map((p) => size(p.type as AbiType))).toEqual(PUBLIC_INPUTS.map((f) => f.length));
    expect(pub.reduce((n, p) => n + size(p.type as AbiType), 0)).toBe(NUM_PUBLIC_INPUTS);
  });

  it('the field modulus is the BN254 scalar field of bb.js', () => {
    expect(FIELD_MODULUS).toBe(BN254_FR_MODULUS);
  });
});

describe('circuit constants', () => {
  const source = ['zkml/src/params.nr', 'zkml/src/fixed.nr', 'zkml/src/ridge.nr', 'commitment/src/lib.nr', 'commitment/src/stats.nr', 'validation/src/params.nr']
    .map((f) => readFileSync(`${PACKAGE_ROOT}/noir/${f}`, 'utf8'))
    .join('\n');
  const global = (name: string): bigint => {
    const m = new RegExp(`global ${name}: \\w+ = (0x[0-9a-f]+|\\d+);`).exec(source);
    if (!m) throw new Error(`global ${name} not found in noir/zkml/src, noir/commitment/src or noir/validation/src/params.nr`);
    return BigInt(m[1]!);
  };

  it('params.nr matches ts/circuit/params.ts', () => {
    expect(global('K')).toBe(BigInt(params.K));
    expect(global('NS')).toBe(BigInt(params.NS));
    expect(global('D')).toBe(BigInt(params.D));
    expect(global('P')).toBe(BigInt(params.P));
    expect(global('N_TRAIN')).toBe(BigInt(params.N_TRAIN));
    expect(global('N_VAL')).toBe(BigInt(params.N_VAL));
    expect(global('NCV')).toBe(BigInt(params.NCV));
    expect(global('K_FACT')).toBe(params.K_FACT);
    expect(global('S')).toBe(params.S);
    expect(global('S_THETA')).toBe(params.S_THETA);
    expect(global('S_V')).toBe(params.S_V);
    expect(global('DATA_OFFSET')).toBe(params.DATA_OFFSET);
    expect(global('TAG_PROVIDER')).toBe(params.TAG_PROVIDER);
    expect(global('TAG_VALIDATION_STATS')).toBe(params.TAG_VALIDATION_STATS);
    expect(global('TAG_STATS')).toBe(params.TAG_STATS);
    expect(global('W_BITS')).toBe(params.W_BITS);
    expect(global('B_BITS')).toBe(params.B_BITS);
  });

  it('capacity: N_VAL rows fit in NCV chunks', () => {
    expect(params.NCV * params.R).toBeGreaterThanOrEqual(params.N_VAL);
    expect(params.P * params.ROW_BITS).toBeLessThanOrEqual(253);
  });
});

describe('circuit variants (benchmarks)', () => {
  it('the default shape rebuilds the shipped params.nr exactly', async () => {
    const { shapeParams } = await import('../../../ts/codegen/params.js');
    expect(shapeParams(DEFAULT_SHAPE)).toBe(readFileSync(`${PACKAGE_ROOT}/noir/zkml/src/params.nr`, 'utf8'));
    expect(params.shapeFor(params.K, params.N_TRAIN, params.N_VAL)).toEqual(DEFAULT_SHAPE);
  });
});
