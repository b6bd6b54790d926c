/**
 * `zkml-incentives/data`: CSV datasets, exact decimal fixed point, shapes, off-chain valuation
 * (the exact numbers the circuit proves) and per-row values (estimated, not proven).
 */
export {
  formatTrainingCsv,
  formatValidationCsv,
  loadDatasets,
  loadTrainingCsv,
  loadValidationCsv,
  parseTrainingCsv,
  parseValidationCsv,
  rowsOf,
  type DecimalValue,
  type ParseOptions,
  type Sample,
  type TrainingRow,
  type TrainingSet,
  type ValidationParseOptions,
  type ValidationSet,
} from './csv.js';
export { MAX_ABS_VALUE, fromFixed, parseDecimal, toFixed, type ParsedDecimal, type ToFixedOptions } from './fixed-point.js';
export { generateSynthetic, writeSyntheticCsv, type SyntheticDataset, type SyntheticOptions, type PoisonMode } from './synthetic.js';
export { loadPenguins, writePenguinsCsv, PENGUINS_CSV_PATH, type PenguinsOptions, type PenguinsSplit } from './tables/penguins.js';
export { fixedRows, lambdaFixed, roundFromDatasets } from '../round/dataset.js';
export { freshSalts, randomSalt, readPayees, readSalts, writeSalts, type Salts } from '../round/salts.js';
export { valuate, type FixedRow, type Model, type Valuation } from '../circuit/model.js';
export { smallestShapeFor } from '../protocol/shapes/index.js';
export { DEFAULT_SHAPE, SHAPES, makeShape, shapeByName, type Shape, type ShapeSpec } from '../protocol/shapes/index.js';
export { providerRowValues, type ProviderRowValues, type ValuedRow } from '../valuation/provider-row-values.js';
export { estimateRowValues } from '../valuation/estimate-row-values.js';
export { exactRowValues, MAX_EXACT_ROWS } from '../valuation/exact-row-values.js';
export type { EstimateOptions, ExactRowValues, Row, RowValueEstimate, RowValueInput, RowValueProgress } from '../valuation/types.js';
