/**
 * The protocol's definitions: the field and fixed-point scales, shapes (spec, bounds, the shipped
 * list, selection, names), the public-input layouts and values, the round context, the registration record.
 */
export { FIELD_MODULUS, INPUT_SCALE, MODEL_SCALE, VALUE_SCALE, fieldHex, fromFieldSigned, numPublicInputs, publicInputs, toField, type PublicInputField } from './layout.js';
export { decodePublicInputs, encodePublicValues, type PublicValues } from './public-values.js';
export { roundContext } from './context.js';
export type { Registration, SealedRegistration } from './registration.js';
export { DEFAULT_SHAPE, SHAPES, makeShape, shapeByName, smallestShapeFor, type Shape, type ShapeSpec } from './shapes/index.js';
export { DEFAULT_SHAPE_NAME, describeShape, rangeText, shapeFits, summarize } from './shapes/index.js';
