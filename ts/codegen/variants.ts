/**
 * Circuit variants for benchmarks: compatibility names for `ts/codegen/shapes.ts` (a variant is
 * a shape; only `params.nr` changes).
 */
export { compileShape as compileVariant, shapeParams as variantParams } from './shapes.js';
