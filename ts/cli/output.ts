/**
 * Output of the `zkml` CLI. With `--json` every command prints one JSON document on stdout:
 * `{"ok":true,"command":…,"result":…}` or `{"ok":false,"command":…,"error":{"code":…,"message":…}}`.
 * Integers (wei, token units, gas, ids) are decimal strings, fixed-point values are decimal strings
 * (e.g. `"0.27343824"`), field elements are 0x-hex, addresses are checksummed. A command that sent
 * transactions adds `"sent":[{"hash":…,"action":…}]` to either document.
 */

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
