/**
 * Output of the `zkml` CLI. With `--json` every command prints one JSON document on stdout:
 * `{"ok":true,"command":…,"result":…}` or `{"ok":false,"command":…,"error":{"code":…,"message":…}}`.
 * Field types, the same in every command:
 * - integers that are uint256 on chain or unbounded (wei and token amounts, gas, round ids, block
 *   numbers, timestamps and deadlines) are decimal strings (`"2500000000000000000"`);
 * - fixed-point and real values (λ, weights, losses, Shapley and row values, standard errors) are
 *   plain decimal strings, never in exponent notation (`"0.27343824"`, `"-0.0000012345678"`);
 * - field elements (commitments, contexts, key coordinates) are 0x-hex of 64 digits;
 * - addresses are EIP-55 checksummed; transaction hashes are 0x-hex;
 * - JSON numbers are only small bounded integers: counts, indexes and sizes (rows, slots, K, D, N,
 *   shape ids, max providers), the chain id, seeds and permutation counts, durations in ms.
 * A command that sent transactions adds `"sent":[{"hash":…,"action":…}]` to either document.
 */

/**
 * `x` as a plain decimal string of `significant` significant digits: `toPrecision` without its
 * exponent notation (`1.2345678e-7` → `"0.00000012345678"`), for real values in JSON and tables.
 */
export function decimalString(x: number, significant: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const p = x.toPrecision(significant);
  if (!p.includes('e')) return p;
  const v = Number(p);
  const exponent = Math.floor(Math.log10(Math.abs(v)));
  return v.toFixed(Math.min(100, Math.max(0, significant - 1 - exponent)));
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}

/** The `--json` success document. */
export function jsonResult(command: string, result: unknown, sent: readonly unknown[] = []): string {
  return `${toJson({ ok: true, command, result, ...(sent.length > 0 ? { sent } : {}) })}\n`;
}

/** The `--json` error document. */
export function jsonError(command: string | undefined, code: string, message: string, sent: readonly unknown[] = []): string {
  return `${toJson({ ok: false, command: command ?? null, error: { code, message }, ...(sent.length > 0 ? { sent } : {}) })}\n`;
}

/** A readable rendering: nested `key: value` lines, arrays of objects as indented blocks. */
export function renderHuman(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}-\n`;
  if (typeof value !== 'object') return `${indent}${String(value)}\n`;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return `${indent}${value.map(String).join(', ')}\n`;
    return value.map((v, i) => `${indent}- [${i}]\n${renderHuman(v, `${indent}    `)}`).join('');
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => {
      if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null))) return `${indent}${k}:\n${renderHuman(v, `${indent}  `)}`;
      return `${indent}${k}: ${renderHuman(v).trimEnd()}\n`;
    })
    .join('');
}
