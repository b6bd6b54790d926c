/**
 * The proving toolchain: where the CRS is, Barretenberg and Noir execution.
 */
export { resolveCrs, SHIPPED_CIRCUIT_POINTS, type CrsLocation, type ResolveCrsOptions } from './crs.js';
export { startBarretenberg } from './barretenberg.js';
