/**
 * `zkml create-round`: the model owner opens a round and escrows its reward. The validation set is
 * committed with a fresh salt (recorded in the owner's secrets file before anything is sent), and
 * the round's encryption key is derived from the owner's signature: nothing else to keep safe.
 *
 * A retry is idempotent: the attempt (sender, nonce, transaction hash) is recorded in the secrets
 * file before the transaction reaches the node and forgotten once the round is known. A run with
 * an attempt in flight for the same validation data, account, chain and contract reuses its salt
 * (so the same commitment) and first finds what that attempt did (`findEarlierRound`): it names the
 * round the earlier attempt opened instead of escrowing again, waits for its pending transaction,
 * or sends with the same nonce (which can only replace it). The round named is the one the earlier
 * attempt opened, with its parameters as stored (whatever other flags the retry was given).
 */
import { type RoundInfo, type ZkmlClient, accountFromEnv } from '../../chain/index.js';
import { validationCommitment } from '../../circuit/index.js';
import { ownerKeyFromSigner, randomSalt } from '../../crypto/index.js';
import { checkDataRange, fixedRows, fromFixed, lambdaFixed, loadValidationCsv } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { zkmlIncentivesAbi } from '../../generated/index.js';
import { ZkmlProver } from '../../prover/index.js';
import { INPUT_SCALE, SHAPES, type Shape } from '../../protocol/index.js';
import { type EarlierOutcome, clearRoundAttempt, earlierAttemptFor, findEarlierRound, recordRoundAttempt, recordValidationSalt, shapeOfId, validationDigest } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import { parseEventLogs, zeroAddress, type Address, type Hex } from 'viem';
import type { Command } from '../command.js';
import { checkRange, connectFromFlags, contractFlags, parseAddress, parseEthAmount, parseTokenAmount } from './chain-common.js';
import { proverFlags, proverOptions } from './prove.js';
import { hex, opts, txStep } from './shared.js';

const flags = {
  ...contractFlags,
  ...proverFlags,
  reward: { type: 'string', required: true, placeholder: 'AMOUNT', description: 'reward pool: ETH (e.g. 10, 0.5), or token units with --token' },
  token: { type: 'string', placeholder: 'ADDRESS', description: 'pay in this ERC20 instead of ETH (approved automatically)' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'validation CSV x1..xd,y to commit to' },
  secrets: { type: 'string', required: true, placeholder: 'FILE', description: "the owner's secrets file (validation salts; created if missing, keep it)" },
  shape: { type: 'string', placeholder: 'ID', description: "shape id of the deployment (default: the smallest shape with the validation set's feature count; `zkml status` lists them)" },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ ≥ 0.01 (default 0.01)' },
  'max-providers': { type: 'integer', placeholder: 'N', description: "most providers that may register, 1..K (default the shape's K)" },
  allowlist: { type: 'string', placeholder: 'ADDRS', description: 'comma-separated addresses that alone may register (consortium round; default open)' },
  'registration-seconds': { type: 'integer', placeholder: 'S', description: 'registration closes S seconds from now (chain time; default and minimum 3600, at most 30 days)' },
  'delivery-seconds': { type: 'integer', placeholder: 'S', description: 'delivery closes S seconds after registration (default and minimum 3600, at most 7 days)' },
  'submission-seconds': { type: 'integer', placeholder: 'S', description: 'submission closes S seconds after delivery (default and minimum 86400, at most 30 days)' },
  deposit: { type: 'string', placeholder: 'AMOUNT', description: 'deposit of every registration, in the reward asset: back to providers who deliver, forfeited into the pool otherwise (default reward / (10 × max providers))' },
  'max-rows-per-provider': { type: 'integer', placeholder: 'N', description: "most rows one provider may register (default the fair share: the shape's rows / max providers)" },
  'row-share-bps': { type: 'integer', placeholder: 'BPS', description: 'share of the pool paid by delivered rows whatever the Shapley values, in basis points 0..10000 (default 0)' },
  'reserve-per-row': { type: 'string', placeholder: 'AMOUNT', description: 'when no Shapley value is positive, pay at most this per delivered row and return the rest to you (default: no reserve, the whole pool by rows)' },
} as const;

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('create-round'));
  const account = accountFromEnv();
  const token = f.token !== undefined ? parseAddress(f.token, '--token') : undefined;
  const amount = token ? parseTokenAmount(f.reward, '--reward') : parseEthAmount(f.reward, '--reward');
  const lambdaText = f.lambda ?? '0.01';
  const lambda = lambdaFixed(lambdaText);
  if (lambda < 100n || lambda >= 1n << 40n) throw new InputError('ARGS_BAD_VALUE', `--lambda ${lambdaText}: λ must be at least 0.01 (no round can then be singular) and λ·10^4 below 2^40.`);
  const allowlist = f.allowlist !== undefined ? f.allowlist.split(',').map((a, i) => parseAddress(a.trim(), `--allowlist entry ${i + 1}`)) : [];
  const regSeconds = checkRange(f['registration-seconds'] ?? 3600, '--registration-seconds', 3600, 30 * 86400);
  const delSeconds = checkRange(f['delivery-seconds'] ?? 3600, '--delivery-seconds', 3600, 7 * 86400);
  const subSeconds = checkRange(f['submission-seconds'] ?? 86400, '--submission-seconds', 86400, 30 * 86400);
  // 0 is a valid deposit (allowlisted rounds) and reserve per row (all of the value pool back to the owner).
  const parseAmount = (text: string, flag: string) => (/^\s*0+(\.0*)?\s*$/.test(text) ? 0n : token ? parseTokenAmount(text, flag) : parseEthAmount(text, flag));
  const depositFlag = f.deposit !== undefined ? parseAmount(f.deposit, '--deposit') : undefined;
  if (depositFlag !== undefined && depositFlag > amount) throw new InputError('ARGS_BAD_VALUE', `--deposit ${f.deposit} is more than the reward ${f.reward}: the deposit of a registration is at most the reward.`);
  if (depositFlag === 0n && allowlist.length === 0) throw new InputError('ARGS_BAD_VALUE', '--deposit 0 needs --allowlist: an open round needs a deposit (it prices the slots a squatter would take).');
  const reservePerRow = f['reserve-per-row'] !== undefined ? parseAmount(f['reserve-per-row'], '--reserve-per-row') : undefined;
  const rowShareBps = checkRange(f['row-share-bps'] ?? 0, '--row-share-bps', 0, 10_000);
  if (f['max-rows-per-provider'] !== undefined) checkRange(f['max-rows-per-provider'], '--max-rows-per-provider', 1, Math.max(...SHAPES.map((s) => s.nProvider)));
  // The deployment's shape may allow fewer; above every shipped shape's K is a bad command line already.
  if (f['max-providers'] !== undefined) checkRange(f['max-providers'], '--max-providers', 1, Math.max(...SHAPES.map((s) => s.k)));
  const progress = new Progress({ quiet: f.quiet });
  const validation = loadValidationCsv(f.validation);
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  const shapes = await client.shapes();
  let shapeId: number;
  if (f.shape !== undefined) {
    shapeId = checkRange(Number(f.shape), '--shape', 0, shapes.length - 1);
  } else {
    const fitting = shapes.filter((s) => s.d === validation.d);
    if (fitting.length === 0) throw new InputError('NO_SHAPE_FITS', `no shape of this deployment trains on ${validation.d} feature(s); its shapes: ${shapes.map((s) => `${s.id} (K=${s.k}, D=${s.d}, N=${s.nTrain})`).join(', ')}.`);
    shapeId = fitting.reduce((a, b) => (SHAPES.findIndex((s) => s.k === a.k && s.d === a.d && s.nTrain === a.nTrain) <= SHAPES.findIndex((s) => s.k === b.k && s.d === b.d && s.nTrain === b.nTrain) ? a : b)).id;
  }
  const shape = await shapeOfId(client, shapeId);
  if (validation.d !== shape.d) throw new InputError('BAD_COLUMNS', `${f.validation} has ${validation.d} feature(s) but shape ${shapeId} (${shape.name}) trains on ${shape.d}.`);
  const maxProviders = checkRange(f['max-providers'] ?? shape.k, '--max-providers', 1, shape.k);
  const rows = fixedRows(validation.rows);
  // Out-of-range validation rows would commit, and then no settlement could ever be proven.
  checkDataRange(rows, shape, { where: f.validation });
  const who = { chainId: client.chainId, contract: client.contract, sender: account.address };
  const digest = validationDigest(shapeId, rows);
  const earlier = earlierAttemptFor(f.secrets, who, digest);
  const salt = earlier?.salt ?? randomSalt();
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    return await open(prover);
  } finally {
    await prover.destroy();
  }

  async function open(prover: ZkmlProver) {
    const commitment = await progress.step('committing to the validation set (Poseidon2)', () => validationCommitment(prover.barretenberg, rows, salt, shape.d));
    recordValidationSalt(f.secrets, commitment, salt);
    let outcome: EarlierOutcome = { kind: 'fresh' };
    if (earlier) {
      progress.info(`an earlier attempt to open this round (nonce ${earlier.attempt.nonce}${earlier.attempt.hash ? `, tx ${earlier.attempt.hash}` : ''}) is recorded in ${f.secrets}`);
      outcome = await progress.step('looking for the round of your earlier attempt', () =>
        findEarlierRound(client, earlier.attempt, commitment, (hash) => progress.info(`your earlier transaction ${hash} is still pending: waiting for it instead of sending again`)),
      );
    }
    if (outcome.kind === 'opened') {
      const { roundId, receipt } = outcome;
      clearRoundAttempt(f.secrets, commitment);
      progress.info(`round ${roundId} was already opened by your earlier attempt, tx ${receipt.transactionHash}; nothing was sent again`);
      const round = await client.getRound(roundId);
      // The earlier attempt's allowlist (the contract stores only whether there is one).
      const [created] = parseEventLogs({ abi: zkmlIncentivesAbi, logs: receipt.logs, eventName: 'RoundCreated', args: { roundId } });
      return resultOf(client, round, shape, commitment, { hash: receipt.transactionHash, gasUsed: receipt.gasUsed }, created?.args.params.allowlist ?? [], true);
    }
    const proof = await progress.step(`proving the validation set's statistics (${rows.length} rows)`, () => prover.proveValidation(rows, salt, shape));
    const ownerKey = await progress.step('deriving the round encryption key from your signature', () =>
      ownerKeyFromSigner(account, client.chainId, client.contract),
    );
    const deadlines = await client.deadlinesFromNow(regSeconds, delSeconds, subSeconds);
    const fairDeposit = amount / BigInt(10 * maxProviders);
    const deposit = depositFlag ?? (fairDeposit > 0n ? fairDeposit : 1n);
    const sealing = {
      deposit,
      rowShareBps,
      ...(f['max-rows-per-provider'] !== undefined ? { maxRowsPerProvider: f['max-rows-per-provider'] } : {}),
      ...(reservePerRow !== undefined ? { reservePerRow } : {}),
    };
    const send = {
      ...(outcome.kind === 'resend' ? { nonce: outcome.nonce } : {}),
      onSigned: (signed: { hash: Hex; nonce: number }) => recordRoundAttempt(f.secrets, commitment, { ...who, nonce: signed.nonce, hash: signed.hash, validation: digest }),
    };
    const params = { shapeId, ...(token ? { asset: token } : {}), amount, validationCommitment: commitment, validationRows: proof.numRows, validationProof: proof.proof, lambda, maxProviders, ...deadlines, ...sealing, ownerKey: ownerKey.publicKey, allowlist };
    const tx = await txStep(progress, 'creating the round', () => client.createRound(params, send));
    clearRoundAttempt(f.secrets, commitment);
    const round = await client.getRound(tx.result.roundId);
    return resultOf(client, round, shape, commitment, tx, allowlist, false);
  }
}

/** The result document, from the round as stored (the same whether this run or an earlier attempt opened it). */
async function resultOf(client: ZkmlClient, round: RoundInfo, shape: Shape, commitment: bigint, tx: { hash: Hex; gasUsed: bigint }, allowlist: readonly Address[], alreadyOpened: boolean) {
  return {
    roundId: round.id,
    chainId: client.chainId,
    contract: client.contract,
    owner: round.owner,
    shape: { id: round.shapeId, name: shape.name },
    asset: round.asset === zeroAddress ? 'ETH' : round.asset,
    amount: round.amount,
    validationCommitment: hex(commitment),
    lambda: fromFixed(round.lambda, INPUT_SCALE),
    maxProviders: round.maxProviders,
    maxRowsPerProvider: round.maxRowsPerProvider,
    deposit: round.deposit,
    rowShareBps: round.rowShareBps,
    reservePerRow: round.reservePerRow,
    allowlist,
    registrationDeadline: round.registrationDeadline,
    deliveryDeadline: round.deliveryDeadline,
    submissionDeadline: round.submissionDeadline,
    ownerKey: { x: hex(round.ownerKey.x), y: hex(round.ownerKey.y) },
    context: hex(await client.roundContext(round.id)),
    tx: tx.hash,
    gasUsed: tx.gasUsed,
    alreadyOpened,
  };
}

/** `zkml create-round`. */
export const command: Command = {
  name: 'create-round',
  summary: 'open a round and escrow its reward (the model owner)',
  examples: [
    'PRIVATE_KEY=0x… zkml create-round --reward 10 --validation val.csv --secrets owner.json',
    'PRIVATE_KEY=0x… zkml create-round --reward 1000 --token 0xToken… --validation val.csv --secrets owner.json --lambda 0.5 --allowlist 0xA…,0xB…',
  ],
  flags,
  run,
};
