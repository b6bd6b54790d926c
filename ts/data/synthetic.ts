/**
 * The paper's synthetic dataset, generated deterministically from a seed.
 *
 * - x ~ Uniform(0, 1). The paper only says "one feature"; a unit interval keeps every value well
 *   inside the circuit's range and makes the intercept and slope equally identifiable.
 * - y = 2x + 1 + 0.1·ε with ε ~ N(0, 1) drawn by Box–Muller from a seeded mulberry32 PRNG.
 * - Values are rounded to 4 decimals (the circuit's input scale 10^4), so the CSV holds exactly
 *   what the circuit sees.
 * - Training rows (100 by default) are split among P = 4..8 providers, round-robin or with given
 *   sizes; one provider can be poisoned (labels reversed y → −y, or heavy extra noise).
 * - A validation set (32 rows by default) is drawn from the same clean distribution with its own
 *   stream, so changing the training options never changes the validation data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors/index.js';
import { INPUT_SCALE, K, N_TRAIN, N_VAL } from '../protocol/layout.js';
import { formatTrainingCsv, formatValidationCsv, type DecimalValue, type Sample, type TrainingRow, type TrainingSet, type ValidationSet } from './csv.js';
import { fromFixed } from './fixed-point.js';

/** Fewest providers the demo splits data among. */
export const MIN_PROVIDERS = 4;
/** Most providers (the circuit's capacity K = 8). */
export const MAX_PROVIDERS = Math.min(8, K);

/** How a poisoned provider's labels are corrupted. */
export type PoisonMode = 'reverse' | 'noise';

/** Options of {@link generateSynthetic}. */
export interface SyntheticOptions {
  /** Seed (an integer 0..2^32−1); default 1. */
  seed?: number;
  /** Training rows; default 100 (the paper's). */
  rows?: number;
  /** Number of providers P (4..8); default 5, or `sizes.length`. */
  providers?: number;
  /** Rows per provider (sums to `rows`, each ≥ 1); default round-robin. */
  sizes?: number[];
  /** Provider names; default `provider1..providerP`. */
  names?: string[];
  /** Poison one provider (0-based index): `reverse` sets y → −y, `noise` adds σ·N(0,1) (σ default 3). */
  poison?: { provider: number; mode: PoisonMode; sigma?: number };
  /** Validation rows; default 32 (the paper's), at most the default shape's N_VAL. */
  validationRows?: number;
}

/** A generated dataset, in the same shapes the CSV loader returns. */
export interface SyntheticDataset {
  seed: number;
  training: TrainingSet;
  validation: ValidationSet;
  /** Rows per provider, aligned with `training.providers`. */
  sizes: number[];
  /** Index of the poisoned provider, if any. */
  poisoned?: { provider: number; mode: PoisonMode; sigma?: number };
}

/**
 * mulberry32: a tiny 32-bit PRNG (public domain, Tommy Ettinger). Returns a function giving
 * uniform numbers in [0, 1) with 32 bits of resolution. Deterministic for a seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal samples by the Box–Muller transform on a uniform source: each pair of uniforms
 * gives two independent N(0, 1) values (the second is kept for the next call).
 */
export function normalSampler(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const u1 = 1 - uniform(); // (0, 1], so log(u1) is finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/** Derives an independent 32-bit seed for a sub-stream (splitmix32 finaliser). */
function subSeed(seed: number, stream: number): number {
  let z = (seed + Math.imul(stream, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A value rounded to 4 decimals (half away from zero), as an exact decimal string and number. */
function decimal(v: number): DecimalValue {
  const scaled = Math.sign(v) * Math.round(Math.abs(v) * Number(INPUT_SCALE));
  const raw = fromFixed(BigInt(scaled), INPUT_SCALE);
  return { raw, value: Number(raw) };
}

function bad(message: string): never {
  throw new InputError('INPUT_BAD_OPTION', message);
}

function checkCount(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) bad(`${name} must be an integer from ${min} to ${max}, got ${v}.`);
}

/**
 * Generates the paper's dataset (see the module comment). Same options and seed → same data.
 * @throws InputError `INPUT_BAD_OPTION` for a seed outside 0..2^32−1, P outside 4..8, sizes
 *   that do not add up, a poisoned index outside 0..P−1, or row counts beyond the circuit
 */
export function generateSynthetic(options: SyntheticOptions = {}): SyntheticDataset {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) bad(`seed must be an integer from 0 to 4294967295, got ${seed}.`);
  const rows = options.rows ?? 100;
  checkCount('rows', rows, 1, N_TRAIN);
  const p = options.providers ?? options.sizes?.length ?? 5;
  checkCount('providers', p, MIN_PROVIDERS, MAX_PROVIDERS);
  const validationRows = options.validationRows ?? 32;
  checkCount('validation rows', validationRows, 1, N_VAL);

  let sizes: number[];
  if (options.sizes) {
    sizes = options.sizes;
    if (sizes.length !== p) bad(`sizes has ${sizes.length} entries but there are ${p} providers; give one size per provider.`);
    if (sizes.some((s) => !Number.isInteger(s) || s < 1)) bad(`every provider needs at least one row; sizes were ${sizes.join(', ')}.`);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== rows) bad(`sizes add up to ${total} but there are ${rows} rows; make them add up to ${rows}.`);
  } else {
    if (rows < p) bad(`${rows} rows cannot give each of ${p} providers a row; use at least ${p} rows.`);
    sizes = Array.from({ length: p }, (_, i) => Math.floor(rows / p) + (i < rows % p ? 1 : 0));
  }
  const names = options.names ?? Array.from({ length: p }, (_, i) => `provider${i + 1}`);
  if (names.length !== p) bad(`${names.length} names for ${p} providers; give one name per provider.`);
  if (new Set(names).size !== p || names.some((n) => n.trim() === '' || n !== n.trim())) {
    bad('provider names must be distinct, non-empty and without surrounding spaces.');
  }
  const poison = options.poison;
  if (poison) {
    checkCount('poisoned provider index', poison.provider, 0, p - 1);
    if (poison.sigma !== undefined && !(poison.sigma > 0 && Number.isFinite(poison.sigma))) bad(`poison sigma must be a positive number, got ${poison.sigma}.`);
  }

  // Owner of each row: round-robin interleaves providers; explicit sizes give contiguous blocks.
  const owners: number[] = options.sizes
    ? sizes.flatMap((s, i) => Array.from({ length: s }, () => i))
    : Array.from({ length: rows }, (_, r) => r % p);

  const uniform = mulberry32(subSeed(seed, 1));
  const normal = normalSampler(uniform);
  const poisonNoise = normalSampler(mulberry32(subSeed(seed, 3)));
  const sigma = poison?.mode === 'noise' ? (poison.sigma ?? 3) : undefined;
  const trainingRows: TrainingRow[] = owners.map((owner, r) => {
    const x = uniform();
    let y = 2 * x + 1 + 0.1 * normal();
    if (poison && poison.provider === owner) y = poison.mode === 'reverse' ? -y : y + (sigma ?? 3) * poisonNoise();
    return { provider: names[owner] ?? '', line: r + 2, x: [decimal(x)], y: decimal(y) };
  });

  const vUniform = mulberry32(subSeed(seed, 2));
  const vNormal = normalSampler(vUniform);
  const validationSamples: Sample[] = Array.from({ length: validationRows }, (_, r) => {
    const x = vUniform();
    return { line: r + 2, x: [decimal(x)], y: decimal(2 * x + 1 + 0.1 * vNormal()) };
  });

  return {
    seed,
    training: { file: `synthetic(seed=${seed})`, d: 1, providers: [...names], rows: trainingRows },
    validation: { file: `synthetic-validation(seed=${seed})`, d: 1, rows: validationSamples },
    sizes: [...sizes],
    ...(poison ? { poisoned: sigma === undefined ? { provider: poison.provider, mode: poison.mode } : { provider: poison.provider, mode: poison.mode, sigma } } : {}),
  };
}

/**
 * Writes `training.csv` and `validation.csv` into `dir` (created if needed) and returns their paths.
 * Loading them with the CSV loader gives back the same rows.
 */
export function writeSyntheticCsv(dataset: SyntheticDataset, dir: string): { trainingPath: string; validationPath: string } {
  mkdirSync(dir, { recursive: true });
  const trainingPath = join(dir, 'training.csv');
  const validationPath = join(dir, 'validation.csv');
  writeFileSync(trainingPath, formatTrainingCsv(dataset.training));
  writeFileSync(validationPath, formatValidationCsv(dataset.validation));
  return { trainingPath, validationPath };
}
