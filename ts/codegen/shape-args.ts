/** Shapes named on the build's command line (`npm run build -- --shape k9d1n64`). */
import { SHAPES, makeShape, maxAbsDataOfRange, type Shape } from '../protocol/shapes/index.js';

/**
 * A shape named on the command line: a shipped shape's name, any `k{K}d{D}n{N}[p{P}][e{R}]`
 * (N_VAL = 32; P rows per provider, range |x|, |y| ≤ 10^R), or `K,D,N[,NVAL]`.
 * @throws RangeError for anything else or a shape with no sound data range
 */
export function parseShapeArg(spec: string): Shape {
  const shipped = SHAPES.find((s) => s.name === spec);
  if (shipped) return shipped;
  const m = /^k(\d+)d(\d+)n(\d+)(?:p(\d+))?(?:e(\d+))?$/.exec(spec);
  if (m) {
    return makeShape(Number(m[1]), Number(m[2]), Number(m[3]), {
      ...(m[4] !== undefined ? { nProvider: Number(m[4]) } : {}),
      ...(m[5] !== undefined ? { maxAbsData: maxAbsDataOfRange(Number(m[5])) } : {}),
    });
  }
  const parts = spec.split(',').map(Number);
  if (parts.length < 3 || parts.some((v) => !Number.isInteger(v))) throw new RangeError(`"${spec}" is not a shape (k{K}d{D}n{N}[p{P}][e{R}] or K,D,N[,NVAL])`);
  return makeShape(parts[0]!, parts[1]!, parts[2]!, { nVal: parts[3] ?? 32 });
}

/** The shapes of `--shape X` arguments (see {@link parseShapeArg}). */
export function shapeArgs(args: readonly string[]): Shape[] {
  const out: Shape[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--shape') {
      const spec = args[++i];
      if (!spec) throw new RangeError('--shape needs a value (k{K}d{D}n{N} or K,D,N[,NVAL])');
      out.push(parseShapeArg(spec));
    }
  }
  return out;
}
