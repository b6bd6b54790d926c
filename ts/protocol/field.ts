/**
 * The field and the fixed-point scales of the protocol: a leaf every layer imports (the public-input
 * layout, the circuit's bounds, the witness, the crypto).
 */

/** BN254 scalar field modulus: public inputs are elements of this field. */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Fixed-point scale of data (x, y) and of the ridge parameter λ: real = integer / 10^4. */
export const INPUT_SCALE = 10_000n;
/** Fixed-point scale of the model (w, b): real = integer / 10^8. */
export const MODEL_SCALE = 100_000_000n;
/** Fixed-point scale of losses and Shapley values: real = integer / 10^8. */
export const VALUE_SCALE = 100_000_000n;
