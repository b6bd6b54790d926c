/**
 * The public-input tables of `contracts/README.md`, generated from the one layout definition
 * (`ts/protocol/layout.ts`, `ts/crypto/register-shape.ts`) for every shipped shape, so the auditors'
 * table cannot drift from the circuits (`test/vitest/consistency/readme.test.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerPublicInputCount, registerPublicInputs } from '../crypto/register-shape.js';
import { PACKAGE_ROOT } from '../files/package-root.js';
import { numPublicInputs, publicInputs } from '../protocol/layout.js';
import { DEFAULT_SHAPE, SHAPES } from '../protocol/shapes/index.js';
import type { GeneratedFile } from './generate.js';

export const README_PATH = join(PACKAGE_ROOT, 'contracts', 'README.md');
const BEGIN = '<!-- BEGIN GENERATED public-input tables: npm run build (ts/codegen/readme-tables.ts); do not edit -->';
const END = '<!-- END GENERATED public-input tables -->';

/** `K`, `D`, `C` or a number: a field's length written in the shape's letters. */
function symbolic(length: number, shape: typeof DEFAULT_SHAPE, name: string): string {
  if (name === 'weights') return 'D';
  if (length === 1) return '1';
  if (length === shape.k) return 'K';
  if (length === shape.d) return 'D';
  if (length === shape.ciphertextLength) return 'C';
  return String(length);
}

/** The generated section (between its markers). */
export function publicInputTables(): string {
  const shape = DEFAULT_SHAPE;
  let offset = 0;
  const settlement = publicInputs(shape).map((f) => {
    const row = `| ${offset} | \`${f.name}\` | ${symbolic(f.length, shape, f.name)} | ${f.signed ? 'yes' : ''} | ${f.doc} |`;
    offset += f.length;
    return row;
  });
  offset = 0;
  const registration = registerPublicInputs(shape).map((f) => {
    const row = `| ${offset} | \`${f.name}\` | ${symbolic(f.length, shape, f.name)} | ${f.doc} |`;
    offset += f.length;
    return row;
  });
  return [
    BEGIN,
    '',
    `Settlement circuit, in order (offsets for the default shape ${shape.name}: K = ${shape.k}, D = ${shape.d}):`,
    '',
    '| offset | input | length | signed | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...settlement,
    '',
    `Registration circuit, in order (C = 3·NCP + 1 ciphertext elements; ${shape.name}: C = ${shape.ciphertextLength}):`,
    '',
    '| offset | input | length | meaning |',
    '| --- | --- | --- | --- |',
    ...registration,
    '',
    'Entries per shipped shape:',
    '',
    '| shape | K | D | settlement (6 + 3K + D) | registration (9 + C) |',
    '| --- | --- | --- | --- | --- |',
    ...SHAPES.map((s) => `| \`${s.name}\` | ${s.k} | ${s.d} | ${numPublicInputs(s)} | ${registerPublicInputCount(s)} |`),
    '',
    END,
  ].join('\n');
}

/** contracts/README.md with the generated section replaced. */
export function readmeWithTables(text: string = readFileSync(README_PATH, 'utf8')): GeneratedFile {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a === -1 || b === -1 || b < a) throw new Error(`${README_PATH} has no generated public-input section (markers ${BEGIN} … ${END})`);
  return { path: README_PATH, content: text.slice(0, a) + publicInputTables() + text.slice(b + END.length) };
}
