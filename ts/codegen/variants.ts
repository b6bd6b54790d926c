/**
 * Circuit variants for benchmarks: the zkml source with another capacity. Only `params.nr`
 * changes (K, NS, N_TRAIN, NC, NCV, K_FACT); everything else is the shipped circuit's code.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CircuitShape } from '../circuit/params.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { compileCircuit } from './compile.js';
import { PACKAGE_ROOT } from './circuits.js';

const factorial = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * factorial(n - 1));

/** `params.nr` of the shipped circuit with the capacity of `shape`. */
export function variantParams(shape: CircuitShape): string {
  const set = (src: string, name: string, value: string) => {
    const re = new RegExp(`(pub global ${name}: \\w+ = )[^;]+;`);
    if (!re.test(src)) throw new Error(`params.nr has no global ${name}`);
    return src.replace(re, `$1${value};`);
  };
  let src = readFileSync(join(PACKAGE_ROOT, 'noir', 'zkml', 'src', 'params.nr'), 'utf8');
  src = set(src, 'K', String(shape.k));
  src = set(src, 'NS', String(1 << shape.k));
  src = set(src, 'N_TRAIN', String(shape.nTrain));
  src = set(src, 'NC', String(shape.nc));
  src = set(src, 'NCV', String(shape.ncv));
  src = set(src, 'K_FACT', String(factorial(shape.k)));
  return src;
}

/** Compiles the zkml circuit with the capacity of `shape` (in a temporary package). */
export async function compileVariant(shape: CircuitShape): Promise<CircuitArtifact> {
  const dir = mkdtempSync(join(tmpdir(), 'zkml-variant-'));
  try {
    cpSync(join(PACKAGE_ROOT, 'noir', 'zkml'), dir, { recursive: true });
    writeFileSync(join(dir, 'src', 'params.nr'), variantParams(shape));
    return await compileCircuit(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
