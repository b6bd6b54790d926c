/**
 * Witness builder for the zkml circuit: checks the round's inputs, computes every quantity in
 * exact fixed point (`model.ts`), the statistics of each provider and of the validation set and
 * their commitments (`stats-commitment.ts`), and lays them out as the
 * circuit's inputs (noir_js `InputMap`). Refuses bad input with an {@link InputError} before any
 * proving starts.
 */
import type { Barretenberg } from '@aztec/bb.js';
import type { InputMap } from '@noir-lang/noir_js';
import { InputError } from '../errors/index.js';
import { FIELD_MODULUS, toField } from '../protocol/layout.js';
import { statsOf, valuate, zeroStats, type FixedRow, type Stats, type Valuation } from './model.js';
import { statsCommitment, validationCommitment } from './stats-commitment.js';
import { LAMBDA_BITS, MIN_LAMBDA, type CircuitShape } from './params.js';

/** One provider's private data. */
export interface ProviderData {
  /** Display name (CSV `provider` column). */
  name: string;
  rows: FixedRow[];
  /** Random salt (a field element) making the commitment hiding. */
  salt: bigint;
  /** The address the provider registers from and is paid at (bound into its commitment). */
  payee: bigint;
}

/** Everything the model owner needs to prove a round. */
export interface RoundData {
  /** Providers in registration order (slot i = i-th registered). */
  providers: ProviderData[];
  validation: { rows: FixedRow[]; salt: bigint };
  /** Λ = λ·10^4. */
  lambda: bigint;
  /** The round's context (`ts/protocol/context.ts`); any field element off-chain. */
  context: bigint;
}

/** Public values of a proof, in layout order (defined once, in `ts/protocol/public-values.ts`). */
export type { PublicValues } from '../protocol/public-values.js';
import type { PublicValues } from '../protocol/public-values.js';

export interface Witness {
  inputs: InputMap;
  publicValues: PublicValues;
  valuation: Valuation;
}

/** The data range of a shape in real units, e.g. `±10^6`. */
export function dataRangeText(shape: CircuitShape): string {
  return `±10^${shape.maxAbsData.toString().length - 1 - 4}`;
}

function checkRows(rows: readonly FixedRow[], what: string, shape: CircuitShape): void {
  const { d, maxAbsData } = shape;
  rows.forEach((row, i) => {
    if (row.x.length !== d) throw new InputError('BAD_COLUMNS', `${what}, row ${i + 1}: expected ${d} feature(s), got ${row.x.length}.`);
    for (const v of [...row.x, row.y]) {
      if (v > maxAbsData || v < -maxAbsData) {
        throw new InputError(
          'INPUT_OUT_OF_RANGE',
          `${what}, row ${i + 1}: value ${v} (fixed point ·10^4) is outside ${dataRangeText(shape)}, the data range of shape ${shape.name}. Rescale the data.`,
        );
      }
    }
  });
}

/** Checks everything the circuit would reject, with messages a user can act on. */
export function checkRound(round: RoundData, shape: CircuitShape): void {
  const { k: K, nTrain: N_TRAIN, nVal: N_VAL } = shape;
  const k = round.providers.length;
  if (k < 1) throw new InputError('NO_PROVIDERS', 'A round needs at least one provider.');
  if (k > K) throw new InputError('TOO_MANY_PROVIDERS', `${k} providers, but the circuit holds at most ${K}.`);
  const names = new Set<string>();
  let total = 0;
  for (const p of round.providers) {
    if (names.has(p.name)) throw new InputError('DUPLICATE_PROVIDER', `Provider "${p.name}" appears twice; each provider registers once.`);
    names.add(p.name);
    if (p.rows.length === 0) throw new InputError('EMPTY_PROVIDER', `Provider "${p.name}" has no rows.`);
    if (p.salt < 0n || p.salt >= FIELD_MODULUS) throw new InputError('BAD_SALT', `Provider "${p.name}": the salt must be a field element.`);
    if (p.payee <= 0n || p.payee >= 1n << 160n) throw new InputError('BAD_PAYEE', `Provider "${p.name}": the payee must be a non-zero address.`);
    if (p.rows.length > shape.nProvider) {
      throw new InputError('TOO_MANY_ROWS', `Provider "${p.name}" has ${p.rows.length} rows, but one registration of shape ${shape.name} holds at most ${shape.nProvider}.`);
    }
    checkRows(p.rows, `provider "${p.name}"`, shape);
    total += p.rows.length;
  }
  if (total > N_TRAIN) throw new InputError('TOO_MANY_ROWS', `${total} training rows, but the circuit holds at most ${N_TRAIN}.`);
  const m = round.validation.rows.length;
  if (m < 1) throw new InputError('EMPTY_VALIDATION', 'The validation set has no rows.');
  if (m > N_VAL) throw new InputError('TOO_MANY_ROWS', `${m} validation rows, but the circuit holds at most ${N_VAL}.`);
  checkRows(round.validation.rows, 'validation set', shape);
  if (round.lambda < MIN_LAMBDA || round.lambda >= 1n << LAMBDA_BITS) {
    throw new InputError('LAMBDA_OUT_OF_RANGE', `λ·10^4 = ${round.lambda} is outside [${MIN_LAMBDA}, 2^40): λ must be at least 0.01.`);
  }
}

/** Statistics as the circuits read them (`commitment::stats::Stats`), each entry a field element. */
export function statsInput(st: Stats): InputMap {
  const f = (v: bigint) => toField(v).toString();
  return { n: f(st.n), sx: st.sx.map(f), sy: f(st.sy), sxx: st.sxx.map(f), sxy: st.sxy.map(f), syy: f(st.syy) };
}

/** Computes the whole witness of a round for a circuit of `shape` (throws {@link InputError} on bad input). */
export async function buildWitness(api: Barretenberg, round: RoundData, shape: CircuitShape): Promise<Witness> {
  checkRound(round, shape);
  const { k: K, d } = shape;
  const NS = 1 << K;
  const k = round.providers.length;
  const valuation = valuate(
    round.providers.map((p) => p.rows),
    round.validation.rows,
    round.lambda,
    shape,
    round.providers.map((p) => p.name),
  );

  // Each provider's sufficient statistics, opened by the circuit from the statistics commitment
  // its registration proved from its rows (same salt, payee and round context).
  const stats = round.providers.map((p) => statsOf(p.rows, d));
  const statsCommitments: bigint[] = [];
  for (const [j, p] of round.providers.entries()) statsCommitments.push(await statsCommitment(api, stats[j]!, p.salt, p.payee, round.context));
  while (statsCommitments.length < K) statsCommitments.push(0n);
  while (stats.length < K) stats.push(zeroStats(d));
  const payees = Array.from({ length: K }, (_, j) => round.providers[j]?.payee ?? 0n);
  const validationStats = statsOf(round.validation.rows, d);
  const validationCom = await validationCommitment(api, round.validation.rows, round.validation.salt, d);

  const publicValues: PublicValues = {
    context: round.context,
    statsCommitments,
    payees,
    validationCommitment: validationCom,
    numProviders: k,
    lambda: round.lambda,
    weights: valuation.model.w,
    intercept: valuation.model.b,
    trainLoss: valuation.trainLoss,
    shapley: valuation.shapley,
  };
  const f = (v: bigint) => toField(v).toString();
  const inputs: InputMap = {
    context: f(round.context),
    stats_commitments: statsCommitments.map(f),
    payees: payees.map(f),
    validation_commitment: f(validationCom),
    num_providers: String(k),
    lambda: f(round.lambda),
    weights: publicValues.weights.map(f),
    intercept: f(publicValues.intercept),
    train_loss: f(publicValues.trainLoss),
    shapley: publicValues.shapley.map(f),
    provider_stats: stats.map(statsInput),
    active: Array.from({ length: K }, (_, j) => (j < k ? '1' : '0')),
    salts: Array.from({ length: K }, (_, j) => f(round.providers[j]?.salt ?? 0n)),
    validation_stats: statsInput(validationStats),
    validation_salt: f(round.validation.salt),
    models: Array.from({ length: NS }, (_, s) => ({ w: valuation.models[s]!.w.map(f), b: f(valuation.models[s]!.b) })),
  };
  return { inputs, publicValues, valuation };
}

/** The public values as the flat field-element vector of the layout (what the verifier checks). */
export function publicInputVector(v: PublicValues): bigint[] {
  return [
    v.context,
    ...v.statsCommitments,
    ...v.payees,
    v.validationCommitment,
    BigInt(v.numProviders),
    v.lambda,
    ...v.weights,
    v.intercept,
    v.trainLoss,
    ...v.shapley,
  ].map(toField);
}
