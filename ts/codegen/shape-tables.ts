/**
 * The shipped-shapes tables of `README.md` and `noir/README.md`, generated from the shapes' home
 * (`ts/protocol/shapes/`: capacities, data range and the measured gates of each circuit) between
 * markers, so the documentation cannot drift from the circuits (`test/vitest/consistency/readme.test.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../files/package-root.js';
import { DEFAULT_SHAPE_NAME, REGISTER_GATES, SHAPES, SHAPE_GATES, VALIDATION_GATES, rangeText, type Shape } from '../protocol/shapes/index.js';
import type { GeneratedFile } from './generate.js';

/** The files that carry the table. */
export const SHAPE_TABLE_FILES = [join(PACKAGE_ROOT, 'README.md'), join(PACKAGE_ROOT, 'noir', 'README.md')] as const;
const BEGIN = '<!-- BEGIN GENERATED shapes table: npm run build (ts/codegen/shape-tables.ts); do not edit -->';
const END = '<!-- END GENERATED shapes table -->';

const n = (v: number) => v.toLocaleString('en-US');
/** `21,935 (2^15)`: measured gates and the dyadic circuit size they need. */
const gates = (g: number | undefined) => (g === undefined ? '—' : `${n(g)} (2^${Math.ceil(Math.log2(g + 1))})`);

/** The generated section (between its markers). */
export function shapesTable(shapes: readonly Shape[] = SHAPES): string {
  return [
    BEGIN,
    '',
    '| shape | K | D | rows per provider | rows per round | validation rows | data range | settlement gates | registration gates | validation gates |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...shapes.map(
      (s) =>
        `| \`${s.name}\`${s.name === DEFAULT_SHAPE_NAME ? ' (default)' : ''} | ${s.k} | ${s.d} | ${n(s.nProvider)} | ${n(s.nTrain)} | ${n(s.nVal)} | ${rangeText(s.maxAbsData).replace(/\|/g, '\\|')} | ${gates(SHAPE_GATES[s.name])} | ${gates(REGISTER_GATES[s.name])} | ${gates(VALIDATION_GATES[s.name])} |`,
    ),
    '',
    END,
  ].join('\n');
}

/** `file` with its generated shapes section replaced. */
export function withShapesTable(file: string, text: string = readFileSync(file, 'utf8')): GeneratedFile {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a === -1 || b === -1 || b < a) throw new Error(`${file} has no generated shapes section (markers ${BEGIN} … ${END})`);
  return { path: file, content: text.slice(0, a) + shapesTable() + text.slice(b + END.length) };
}
