/**
 * Which registration circuit serves a settlement shape, and its register-shape parameters.
 * The shipped registration circuit is the default shape's (`noir/artifacts/register.json`).
 */
import { InputError } from '../errors.js';
import { DEFAULT_SHAPE, type Shape } from '../protocol/shapes.js';
import { registerShape, type RegisterShape } from './register-shape.js';

/** The compiled registration circuit of `shape` (artifact name under noir/artifacts). */
export function registrationCircuitOf(shape: Shape): string {
  if (shape.name !== DEFAULT_SHAPE.name) {
    throw new InputError('NO_REGISTRATION_CIRCUIT', `there is no registration circuit for shape ${shape.name} in this package; use shape ${DEFAULT_SHAPE.name}.`);
  }
  return 'register';
}

/** The registration parameters (D, packing, capacity) of a settlement shape. */
export function registerShapeOf(shape: Shape): RegisterShape {
  return registerShape(shape.d, shape.nTrain);
}
