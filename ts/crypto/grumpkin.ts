/**
 * Grumpkin, BN254's embedded curve: y² = x³ − 17 over the BN254 scalar field F_p, of prime order
 * n (BN254's base-field modulus), cofactor 1, generator (1, √−16) — the curve of Noir's
 * `std::embedded_curve_ops` (`EmbeddedCurvePoint::generator()`).
 *
 * The arithmetic is @noble/curves' audited short-Weierstrass implementation
 * (`weierstrassPoints`) instantiated with Grumpkin's parameters: synchronous, pure, with
 * point validation, and no Barretenberg instance needed (bb.js `grumpkinMul` is async and needs
 * one). `test/vitest/unit/grumpkin.test.ts` checks it against bb.js `grumpkinMul`, and the
 * registration circuit tests check it against Noir's own scalar multiplication.
 */
import { Field } from '@noble/curves/abstract/modular';
import { weierstrassPoints } from '@noble/curves/abstract/weierstrass';
import { InputError } from '../errors/index.js';
import { FIELD_MODULUS } from '../protocol/layout.js';

/** An affine Grumpkin point (never the identity in this protocol). */
export interface GrumpkinPoint {
  x: bigint;
  y: bigint;
}

/** Order of Grumpkin's group (= the BN254 base-field modulus q); prime, cofactor 1. */
export const GRUMPKIN_ORDER = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** The generator, as in Noir's `EmbeddedCurvePoint::generator()`. */
export const GRUMPKIN_GENERATOR: GrumpkinPoint = {
  x: 1n,
  y: 17631683881184975370165255887551781615748388533673675138860n,
};

const Fp = Field(FIELD_MODULUS);
const { ProjectivePoint } = weierstrassPoints({
  Fp,
  n: GRUMPKIN_ORDER,
  h: 1n,
  a: 0n,
  b: Fp.create(-17n),
  Gx: GRUMPKIN_GENERATOR.x,
  Gy: GRUMPKIN_GENERATOR.y,
});

/** True when (x, y) satisfies y² = x³ − 17 with both coordinates in [0, p). */
export function isOnCurve(point: GrumpkinPoint): boolean {
  const { x, y } = point;
  if (x < 0n || y < 0n || x >= FIELD_MODULUS || y >= FIELD_MODULUS) return false;
  return Fp.eql(Fp.sqr(y), Fp.sub(Fp.mul(Fp.sqr(x), x), 17n));
}

/**
 * Refuses a point that is not an affine Grumpkin point (the identity, which Noir encodes as
 * (0, 0), is not one).
 * @throws InputError `BAD_CURVE_POINT`
 */
export function assertOnCurve(point: GrumpkinPoint, what: string): void {
  if (!isOnCurve(point)) {
    throw new InputError('BAD_CURVE_POINT', `${what} (${point.x}, ${point.y}) is not a point of Grumpkin (y² = x³ − 17).`);
  }
}

/** True when k is a usable secret scalar: 1 ≤ k < n. */
export function isScalar(k: bigint): boolean {
  return k >= 1n && k < GRUMPKIN_ORDER;
}

function toAffine(p: InstanceType<typeof ProjectivePoint>): GrumpkinPoint {
  const { x, y } = p.toAffine();
  return { x, y };
}

/**
 * k·P for an affine point P and a scalar 1 ≤ k < n (constant-time ladder of @noble/curves).
 * @throws InputError `BAD_CURVE_POINT`, `BAD_SCALAR`
 */
export function multiply(point: GrumpkinPoint, k: bigint): GrumpkinPoint {
  assertOnCurve(point, 'The point');
  if (!isScalar(k)) throw new InputError('BAD_SCALAR', 'A Grumpkin secret scalar must satisfy 1 ≤ k < n.');
  return toAffine(ProjectivePoint.fromAffine(point).multiply(k));
}

/** k·G for a scalar 1 ≤ k < n. */
export function multiplyGenerator(k: bigint): GrumpkinPoint {
  return multiply(GRUMPKIN_GENERATOR, k);
}
