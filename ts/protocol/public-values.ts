/**
 * Public values ⇄ the flat public-input vector, driven by the one layout definition
 * (`PUBLIC_INPUTS` in `layout.ts`): the witness, proof files, fixtures and the chain client all
 * encode and decode through here, none writes the layout out by hand.
 */
import { FIELD_MODULUS, fromFieldSigned, toField, type PublicInputField } from './layout.js';

/** The public values of a settlement proof, named as in the layout (camelCase). */
export interface PublicValues {
  context: bigint;
  statsCommitments: bigint[];
  payees: bigint[];
  validationCommitment: bigint;
  numProviders: number;
  lambda: bigint;
  weights: bigint[];
  intercept: bigint;
  trainLoss: bigint;
  shapley: bigint[];
}

/** `validation_commitment` → `validationCommitment`. */
export const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const scalarNumber = new Set(['num_providers']);
/** Layout fields that are single values; every other field is a vector (even of length 1). */
export const SCALAR_FIELDS: ReadonlySet<string> = new Set(['context', 'validation_commitment', 'num_providers', 'lambda', 'intercept', 'train_loss']);

/** Decodes a flat public-input vector (bigints or 0x-hex) into named values; signed fields become signed integers. */
export function decodePublicInputs(inputs: readonly (bigint | string)[], layout: readonly PublicInputField[]): PublicValues {
  const total = layout.reduce((n, f) => n + f.length, 0);
  if (inputs.length !== total) throw new RangeError(`expected ${total} public inputs, got ${inputs.length}`);
  const out: Record<string, unknown> = {};
  let i = 0;
  for (const f of layout) {
    const values = inputs.slice(i, i + f.length).map((x) => {
      const v = typeof x === 'bigint' ? x : BigInt(x);
      if (v < 0n || v >= FIELD_MODULUS) throw new RangeError(`public input ${i} is not a field element`);
      return f.signed ? fromFieldSigned(v) : v;
    });
    i += f.length;
    const key = camelCase(f.name);
    // Vectors stay vectors even at length 1 (weights with D = 1); scalars are single values.
    const isVector = !SCALAR_FIELDS.has(f.name);
    out[key] = isVector ? values : scalarNumber.has(f.name) ? Number(values[0]) : values[0];
  }
  return out as unknown as PublicValues;
}

/** Encodes named values as the flat vector of field elements, in layout order. */
export function encodePublicValues(values: PublicValues, layout: readonly PublicInputField[]): bigint[] {
  const record = values as unknown as Record<string, bigint | number | bigint[]>;
  const out: bigint[] = [];
  for (const f of layout) {
    const v = record[camelCase(f.name)];
    const list = Array.isArray(v) ? v : [BigInt(v as bigint | number)];
    if (list.length !== f.length) throw new RangeError(`${f.name} has ${list.length} values, the layout ${f.length}`);
    out.push(...list.map((x) => toField(BigInt(x))));
  }
  return out;
}
