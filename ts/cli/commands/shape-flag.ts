import type { FixedRow } from '../../circuit/index.js';
import { InputError } from '../../errors/index.js';
import { SHAPES, type Shape, describeShape, rangeText, shapeFits, smallestShapeFor, summarize } from '../../protocol/index.js';
/**
 * `--shape NAME` of the offline commands (`zkml commit`, `prove` without `--round`, `value`): the
 * CLI resolves the shape once — the named shipped shape, else the smallest one that holds the
 * data — and passes it down. Chain commands take the round's shape instead (`ts/round/shape-of-round.ts`).
 */

/** The flag (spread into a command's flags). */
export const shapeFlag = {
  shape: {
    type: 'string',
    placeholder: 'NAME',
    description: `circuit shape, one of ${SHAPES.map((s) => s.name).join(', ')} (default: the smallest that holds the data)`,
  },
} as const;

/**
 * The shape for `providers`' rows and `validation`: `name` if given (a shipped shape that holds
 * the data), else the smallest shipped shape that does.
 * @throws InputError `ARGS_BAD_VALUE` for an unknown name, `SHAPE_TOO_SMALL` when the named shape
 *   cannot hold the data, `NO_SHAPE_FITS` when none can
 */
export function chooseShape(name: string | undefined, providers: readonly (readonly FixedRow[])[], validation: readonly FixedRow[]): Shape {
  if (name === undefined) return smallestShapeFor(providers, validation);
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new InputError('ARGS_BAD_VALUE', `--shape ${name} is not a shipped shape; choose one of ${SHAPES.map((s) => s.name).join(', ')}.`);
  const data = summarize(providers, validation);
  if (!shapeFits(shape, data)) {
    const outOfRange = data.maxAbsValue > shape.maxAbsData ? `, values beyond its range ${rangeText(shape.maxAbsData)}` : '';
    throw new InputError(
      'SHAPE_TOO_SMALL',
      `--shape ${name} (K=${shape.k}, D=${shape.d}, N=${shape.nTrain}, ${shape.nVal} validation rows, ${rangeText(shape.maxAbsData)}) does not hold ${data.providers} provider(s) with ` +
        `${data.trainRows} training rows of ${data.features} feature(s) and ${data.validationRows} validation rows${outOfRange}; drop --shape to use the smallest shape that does.`,
    );
  }
  return shape;
}

/**
 * The line an offline command prints about its shape:
 * `shape k8d1n128 (8 providers, 1 feature, 128 rows, |x|, |y| ≤ 10^6), the smallest that holds the data`
 * (`…, chosen with --shape` when named).
 */
export function shapeChoiceLine(shape: Shape, named: boolean): string {
  return `shape ${describeShape(shape)}, ${named ? 'chosen with --shape' : 'the smallest that holds the data'}`;
}
