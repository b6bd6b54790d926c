/**
 * The frontier table: for each D and data range |x|, |y| ≤ 10^R, the largest round capacity N
 * every bound allows (`ts/protocol/shapes/capacity.ts`), at each λ cap, as a markdown table for
 * noir/README.md. `npx tsx ts/codegen/frontier-table.ts` prints it.
 */
import { pathToFileURL } from 'node:url';
import { frontier, type FrontierEntry, type RangeCapacity } from '../protocol/shapes/index.js';

const thousands = (n: number) => n.toLocaleString('en-US');
const cell = (c: RangeCapacity) => (c.capped ? `≥ ${thousands(c.maxRows)}` : thousands(c.maxRows));

/** The frontier as a markdown table: one row per (D, R), one N column per λ cap, and what limits N at the first cap. */
export function frontierTable(entries: readonly FrontierEntry[] = frontier()): string {
  const caps = entries[0]?.byLambda.map((b) => b.lambdaBits) ?? [];
  const header = ['D', 'K', 'M', 'range', ...caps.map((b) => `N at Λ < 2^${b}`), `limited by (Λ < 2^${caps[0] ?? 40})`];
  const rows = entries.map((e) => {
    const first = e.byLambda[0]?.capacity;
    const why = !first ? '' : first.capped ? '(search cap)' : [...new Set(first.limitedBy)].join('; ');
    return [String(e.d), String(e.k), thousands(e.m), `10^${e.range}`, ...e.byLambda.map((b) => cell(b.capacity)), why];
  });
  // A `|` inside a cell (|Φ|) would end it: escaped.
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${frontierTable()}\n`);
}
