/**
 * The one home of circuit shapes: what a shape is (`spec.ts`), how one is built and bounded
 * (`make-shape.ts`, `bounds.ts`), the rows a data range allows (`capacity.ts`), the shipped list (`shipped.ts`), choosing one for data
 * (`select.ts`) and the names of its generated artifacts and contracts (`names.ts`).
 */
export type { Shape, ShapeSpec } from './spec.js';
export { DATA_RANGES, FULL_DATA_RANGE, makeShape, shapeName, type ShapeOptions } from './make-shape.js';
export { LAMBDA_BITS, MIN_LAMBDA, VALUE_BITS, bitlen, boundsFor, shapeBounds, sqrtCeil, type BoundsParams, type ShapeBounds } from './bounds.js';
export {
  FRONTIER_PROVIDERS,
  FRONTIER_VALIDATION_ROWS,
  MAX_ROWS_SEARCHED,
  dataValueText,
  frontier,
  maxAbsDataOfRange,
  maxRowsForRange,
  rangeOfMaxAbsData,
  rangeText,
  rescaleExponent,
  type FrontierEntry,
  type FrontierOptions,
  type RangeCapacity,
  type RangeCapacityParams,
} from './capacity.js';
export { DEFAULT_SHAPE, DEFAULT_SHAPE_NAME, REGISTER_GATES, SHAPES, SHAPE_GATES, VALIDATION_GATES, shapeByName } from './shipped.js';
export { describeShape, shapeFits, shapesBySize, smallestShapeFor, summarize, type DatasetSummary } from './select.js';
export {
  SHAPES_CONFIG_FILE,
  VERIFIERS_DIR,
  circuitName,
  forgeArtifactId,
  registerCircuitName,
  registerVerifierName,
  settlementCircuitName,
  settlementVerifierName,
  SHAPE_CIRCUITS,
  validationCircuitName,
  validationVerifierName,
  verifierFile,
  verifierName,
  type ShapeCircuit,
} from './names.js';
