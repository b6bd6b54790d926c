/**
 * Per-row values of one provider's rows (off-chain, float64, not proven): exact enumeration where
 * it is cheaper, stratified Monte Carlo above that.
 */
export { providerRowValues, type ProviderRowValues, type ValuedRow } from './provider-row-values.js';
export { estimateRowValues } from './estimate-row-values.js';
export { exactRowValues, MAX_EXACT_ROWS } from './exact-row-values.js';
export type { EstimateOptions, ExactRowValues, Row, RowValueEstimate, RowValueInput, RowValueProgress } from './types.js';
export { DEFAULT_MAX_PERMUTATIONS, DEFAULT_RELATIVE_TOLERANCE } from './estimate-row-values.js';
