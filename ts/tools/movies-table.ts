/**
 * `npx tsx ts/tools/movies-table.ts <movies.json> <movies.csv>`: derives the shipped table
 * `ts/data/tables/movies.csv` from `data/movies.json` of the npm package vega-datasets 3.2.1
 * (ts/data/tables/README.md says how to get it and which SHA-256 to expect).
 *
 * The rule: keep every record, in file order, whose `IMDB Rating` and `Rotten Tomatoes Rating`
 * are both present (not null), and write the columns {@link MOVIES_COLUMNS} of it. Values are
 * written exactly as the JSON has them: strings as they are, numbers as their JSON tokens, null as
 * an empty cell (the source has no empty strings, so an empty cell always means null). A cell is
 * quoted (RFC 4180) when it holds a comma, a quote, a line break or surrounding spaces.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../files/atomic-write.js';
import { MOVIES_COLUMNS } from '../data/tables/movies.js';

/** Source key of each column of {@link MOVIES_COLUMNS}, in order. */
export const SOURCE_KEYS = ['Title', 'Release Date', 'Distributor', 'Major Genre', 'IMDB Rating', 'IMDB Votes', 'Rotten Tomatoes Rating'] as const;

function cell(value: unknown, key: string, record: number): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value); // canonical tokens only: checked on the raw text below
  if (typeof value !== 'string') throw new Error(`record ${record}: "${key}" is ${JSON.stringify(value)}, neither a string, a number nor null`);
  if (value === '') throw new Error(`record ${record}: "${key}" is an empty string, which the CSV could not tell from null`);
  return /[",\n\r]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Every number token of the kept keys in the raw JSON must be one that `String(Number(token))`
 * writes back unchanged (no `7.0`, `1e2` or `-0`), so the CSV keeps it exactly as written.
 */
function checkTokens(text: string): void {
  const keys = SOURCE_KEYS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  for (const m of text.matchAll(new RegExp(`"(${keys})"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`, 'g'))) {
    const token = m[2]!;
    if (String(Number(token)) !== token) throw new Error(`"${m[1]}": the number ${token} would not be written back as it is in the source`);
  }
}

/** The CSV text of `movies.json` (its text), with the counts it was made from. */
export function moviesCsvFromJson(text: string): { csv: string; records: number; rows: number } {
  const records = JSON.parse(text) as unknown;
  if (!Array.isArray(records)) throw new Error('movies.json must be a JSON array of records');
  checkTokens(text);
  const lines = [MOVIES_COLUMNS.join(',')];
  records.forEach((r: unknown, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error(`record ${i}: not an object`);
    const rec = r as Record<string, unknown>;
    for (const k of SOURCE_KEYS) if (!(k in rec)) throw new Error(`record ${i}: no key "${k}"`);
    if (rec['IMDB Rating'] === null || rec['Rotten Tomatoes Rating'] === null) return;
    lines.push(SOURCE_KEYS.map((k) => cell(rec[k], k, i)).join(','));
  });
  return { csv: `${lines.join('\n')}\n`, records: records.length, rows: lines.length - 1 };
}

function main(argv: string[]): number {
  if (argv.length !== 2) {
    process.stderr.write('usage: npx tsx ts/tools/movies-table.ts <vega-datasets data/movies.json> <out movies.csv>\n');
    return 2;
  }
  const { csv, records, rows } = moviesCsvFromJson(readFileSync(argv[0]!, 'utf8'));
  writeFileAtomic(argv[1]!, csv);
  process.stdout.write(`${argv[1]}: ${rows} of ${records} records have both ratings\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
