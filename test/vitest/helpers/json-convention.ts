/**
 * The field-type convention of every `zkml --json` document (ts/cli/output.ts), as a checker:
 * walks a document and returns one line per field that breaks it (empty when it holds).
 * - a JSON number must be a safe integer under a key of a small bounded quantity;
 * - amounts, gas, round ids, block numbers and times must be decimal strings;
 * - fixed-point and real values must be plain decimal strings (no exponent);
 * - field elements must be 0x-hex of 64 digits; addresses EIP-55 checksummed.
 */
import { getAddress } from 'viem';

/** Keys whose values may be JSON numbers (small bounded integers). */
const NUMBER_KEYS = new Set(['rows', 'index', 'k', 'd', 'nTrain', 'nProvider', 'nVal', 'validationRows', 'id', 'maxProviders', 'numProviders', 'numDelivered', 'deliveredRows', 'maxRowsPerProvider', 'rowShareBps', 'settlementIndex', 'chainId', 'seed', 'permutations', 'line', 'witnessMs', 'proveMs', 'ms', 'version']);
/** Keys of integers that must be decimal strings. */
const INTEGER_STRING_KEYS = new Set(['amount', 'gasUsed', 'credited', 'claimable', 'claimed', 'withdrawable', 'paidOut', 'roundId', 'roundCount', 'deposit', 'reservePerRow', 'ownerRefund', 'registrationDeadline', 'deliveryDeadline', 'submissionDeadline', 'chainTime', 'blockNumber']);
/** Keys of fixed-point or real values: plain decimal strings. */
const DECIMAL_KEYS = new Set(['shapley', 'w', 'b', 'trainLoss', 'lambda', 'value', 'sum', 'standardError', 'maxStandardError', 'amountEth']);
/** Keys of field elements. */
const FIELD_KEYS = new Set(['commitment', 'validationCommitment', 'context', 'x', 'y']);

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** The fields of `doc` that break the convention, as `path: why`. */
export function jsonConventionErrors(doc: unknown, path = '$', key = ''): string[] {
  if (Array.isArray(doc)) return doc.flatMap((v, i) => jsonConventionErrors(v, `${path}[${i}]`, key));
  if (doc !== null && typeof doc === 'object') return Object.entries(doc).flatMap(([k, v]) => jsonConventionErrors(v, `${path}.${k}`, k));
  const bad = (why: string) => [`${path}: ${why} (${JSON.stringify(doc)})`];
  if (typeof doc === 'number') {
    if (!Number.isSafeInteger(doc)) return bad('a JSON number that is not a safe integer');
    if (!NUMBER_KEYS.has(key)) return bad(`a JSON number under "${key}", which is not a small bounded quantity: use a decimal string`);
    return [];
  }
  if (typeof doc !== 'string') return [];
  if (INTEGER_STRING_KEYS.has(key) && !INTEGER.test(doc)) return bad('an integer that is not a decimal string');
  if (DECIMAL_KEYS.has(key) && !DECIMAL.test(doc)) return bad('a real value that is not a plain decimal string');
  if (FIELD_KEYS.has(key) && !/^0x[0-9a-f]{64}$/.test(doc)) return bad('a field element that is not 0x-hex of 64 digits');
  if (/^0x[0-9a-fA-F]{40}$/.test(doc) && doc !== getAddress(doc)) return bad('an address that is not checksummed');
  if (/^-?\d+(\.\d+)?e[+-]?\d+$/i.test(doc)) return bad('a number in exponent notation');
  return [];
}
