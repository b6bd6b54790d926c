/**
 * The CLI's words for SDK errors. Library messages name SDK inputs ("the rpcUrl option", "the
 * round's status"), never flags; where the CLI renders a typed error (`zkml.ts`, once for every
 * command) it adds the flag or command to use, chosen by the error's code and `details`.
 * Loaded by every command, so it reads errors structurally and imports no layer (no viem).
 */
import type { ZkmlError } from '../errors/index.js';

/** Default node of `--rpc-url` (the same as chain-common's, kept here to load no chain code). */
const RPC_DEFAULT = 'default $ETH_RPC_URL, else http://127.0.0.1:8545';

type Hint = (details: Readonly<Record<string, string>>, err: ZkmlError) => string | undefined;

/** The decoded arguments of a contract revert (`ContractRevertError.args`), if any. */
const revertArgs = (err: ZkmlError): readonly unknown[] => ('args' in err && Array.isArray(err.args) ? (err.args as unknown[]) : []);
/** The round id of a contract revert whose first argument is one. */
const revertRound = (err: ZkmlError) => {
  const [id] = revertArgs(err);
  return typeof id === 'bigint' ? String(id) : '<id>';
};
/** The hash a transaction error names. */
const hashOf = (err: ZkmlError) => ('hash' in err && typeof err.hash === 'string' ? err.hash : undefined);
const round = (d: Readonly<Record<string, string>>) => d['roundId'] ?? '<id>';

const HINTS: Record<string, Hint> = {
  RPC_UNREACHABLE: () => `Check --rpc-url (${RPC_DEFAULT}).`,
  WRONG_CHAIN: (d) => (d['option'] === 'rpcUrl' ? `Point --rpc-url at a node of chain ${d['expectedChainId']}, or change --chain-id.` : undefined),
  LOG_RANGE_REFUSED: () => 'Check --rpc-url.',
  TRACE_UNAVAILABLE: () => 'Pass --rpc-url of a node with debug_traceTransaction (anvil, geth or reth with the debug API, or an archive provider with tracing).',
  CIPHERTEXT_MISMATCH: () => 'Try another node with --rpc-url.',
  NOT_DEPLOYED: () => 'Run `zkml deploy --rpc-url <url>`, or pass --contract.',
  NO_CONTRACT: () => 'Run `zkml deploy`, or check --contract.',
  PROOF_WRONG_ROUND: (d) => {
    const status = `\`zkml status --round ${round(d)}\``;
    switch (d['mismatch']) {
      case 'context':
        return `Prove with \`zkml prove --context ${d['expected']} ...\` (the context ${status} prints), or with \`zkml prove --round ${round(d)}\`.`;
      case 'payees':
        return `Pass \`zkml prove\` --payees (${status} lists each provider's address), or prove with --round ${round(d)}.`;
      case 'commitments':
      case 'providers':
        return `${status} lists the providers in registration order.`;
      case 'lambda':
        return `Prove with --lambda ${d['expected']}.`;
      default:
        return undefined;
    }
  },
  BAD_PROOF_FILE: () => '`zkml prove --out FILE` writes a proof file.',
  SINGULAR: () => 'Pass --lambda 0.01 (or larger).',
  SECRETS_NOT_FOUND: () => 'Pass --secrets the file `zkml create-round --secrets` wrote.',
  ALREADY_SETTLED: (d) => `\`zkml status --round ${round(d)}\` shows the settlement.`,
  NO_PROVIDERS: (d) => `The owner reclaims it with \`zkml reclaim --round ${round(d)}\`.`,
  SUBMISSION_CLOSED: (d) => `Providers claim with \`zkml claim --round ${round(d)} --all\`.`,
  DELIVERY_NOT_OPEN: (d) => `\`zkml deliver --round ${round(d)} --wait\` waits for it.`,
  DELIVERY_MISMATCH: () => 'Pass --delivery the file `zkml register` kept for this round and account.',
  TX_UNKNOWN: (_, err) => {
    const hash = hashOf(err);
    return hash ? `Look it up with \`cast receipt ${hash} --rpc-url <node>\` or \`zkml status\` before running the command again.` : '`zkml status` shows whether it took effect; check it before running the command again.';
  },
  TX_DROPPED: () => '`zkml status` shows the round; then run the command again.',
  TX_REPLACED: () => '`zkml status` shows the round.',
  PROVE_FAILED: (d) => (d['option'] === 'crsPath' ? 'Pass --crs-path (or set CRS_PATH).' : undefined),
  CRS_MISSING: () => 'Pass --crs-path (or set CRS_PATH).',
  CRS_TOO_SMALL: () => 'Pass --crs-path (or set CRS_PATH).',
  CONTRACT_ShapeNotFound: () => '`zkml status` lists the shapes.',
  CONTRACT_RoundNotFound: () => '`zkml status` shows the latest round.',
  CONTRACT_SubmissionClosed: (_, err) => `Providers claim with \`zkml claim --round ${revertRound(err)} --all\`.`,
  CONTRACT_AlreadyClaimed: () => 'Withdraw it with `zkml withdraw`.',
  CONTRACT_RoundHasProviders: () => 'After expiry, they claim it with `zkml claim`.',
  CONTRACT_RoundNotExpired: (_, err) => `\`zkml status --round ${revertRound(err)}\` shows its deadlines.`,
  CONTRACT_NothingToWithdraw: () => 'Credits come from `zkml claim` or `zkml reclaim`.',
};

/** The flags and commands a hint names: a message that names them all already needs no hint. */
const named = (hint: string) => hint.match(/--[a-z][a-z-]*|zkml [a-z-]+/g) ?? [];

/** The CLI hint for a typed error (the flag or command to use), undefined when it has none. */
export function cliHint(err: ZkmlError): string | undefined {
  const hint = Object.hasOwn(HINTS, err.code) ? HINTS[err.code]!(err.details ?? {}, err) : undefined;
  if (hint === undefined) return undefined;
  const tokens = named(hint);
  return tokens.length > 0 && tokens.every((t) => err.message.includes(t)) ? undefined : hint;
}

/** The message the CLI prints for a typed error: the SDK's message, then the CLI hint. */
export function cliMessage(err: ZkmlError): string {
  const hint = cliHint(err);
  return hint ? `${err.message} ${hint}` : err.message;
}
