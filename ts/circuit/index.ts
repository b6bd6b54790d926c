/**
 * Bit-exact TypeScript mirrors of the circuits: the fixed-point model and valuation, witnesses.
 */
export { valuate, type FixedRow, type Model, type Valuation } from './model.js';
export type { ProviderData, RoundData } from './witness.js';
export { providerCommitment } from './commitment.js';
export { checkValidationReveal, statsCommitment, validationCommitment } from './stats-commitment.js';
