import type { Command } from '../command.js';
/** `zkml create-round` (see `zkml create-round --help`). */
import { accountFromEnv } from '../../chain/client.js';
import { validationCommitment } from '../../circuit/commitment.js';
import { NCV } from '../../circuit/params.js';
import { loadValidationCsv } from '../../data/csv.js';
import { fromFixed } from '../../data/fixed-point.js';
import { InputError } from '../../errors.js';
import { INPUT_SCALE, K } from '../../protocol/layout.js';
import { fixedRows, lambdaFixed } from '../../round/dataset.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress } from '../../terminal/progress.js';
import { checkRange, connectFromFlags, contractFlags, parseAddress, parseEthAmount, parseFieldElement, parseTokenAmount, printJson, saltsFor, withBarretenberg } from './chain-common.js';
import { txStep, exclusive, opts, hex } from './shared.js';

export const createRoundFlags = {
  ...contractFlags,
  reward: { type: 'string', required: true, placeholder: 'AMOUNT', description: 'reward pool: ETH (e.g. 10, 0.5), or token units with --token' },
  token: { type: 'string', placeholder: 'ADDRESS', description: 'pay in this ERC20 instead of ETH (approved automatically)' },
  validation: { type: 'string', placeholder: 'FILE', description: 'validation CSV to commit to (with --salts)' },
  salts: { type: 'string', placeholder: 'FILE', description: 'salts JSON for --validation (created if missing)' },
  'validation-commitment': { type: 'string', placeholder: 'C', description: 'the validation commitment itself (from `zkml commit --validation`)' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ ≥ 0 (default 0); the prover must use the same' },
  'max-providers': { type: 'integer', placeholder: 'N', description: `most providers that may register, 1..${K} (default ${K})` },
  'registration-seconds': { type: 'integer', placeholder: 'S', description: 'registration closes S seconds from now (chain time; default 3600)' },
  'submission-seconds': { type: 'integer', placeholder: 'S', description: 'submission closes S seconds after registration (default 86400)' },
} as const;

/** `zkml create-round`: opens a round and escrows the reward (PRIVATE_KEY = the model owner). */
async function runCreateRound(argv: string[]): Promise<unknown> {
  const { flags } = parseArgs(argv, createRoundFlags, opts('create-round'));
  const account = accountFromEnv();
  exclusive(flags.validation, flags['validation-commitment'], 'zkml create-round: give --validation FILE (with --salts FILE) or --validation-commitment C, exactly one.');
  if (flags.validation !== undefined && flags.salts === undefined) throw new InputError('ARGS_MISSING_FLAG', 'zkml create-round: --validation needs --salts FILE (the salt of the validation set; created if missing).');
  const token = flags.token !== undefined ? parseAddress(flags.token, '--token') : undefined;
  const amount = token ? parseTokenAmount(flags.reward, '--reward') : parseEthAmount(flags.reward, '--reward');
  const lambdaText = flags.lambda ?? '0';
  const lambda = lambdaFixed(lambdaText);
  if (lambda >= 1n << 40n) throw new InputError('INPUT_OUT_OF_RANGE', `--lambda ${lambdaText} is too large: λ·10^4 must be below 2^40.`);
  const maxProviders = checkRange(flags['max-providers'] ?? K, '--max-providers', 1, K);
  const regSeconds = checkRange(flags['registration-seconds'] ?? 3600, '--registration-seconds', 1, 10 * 365 * 86400);
  const subSeconds = checkRange(flags['submission-seconds'] ?? 86400, '--submission-seconds', 1, 10 * 365 * 86400);
  const progress = new Progress({ quiet: flags.quiet });

  let validationC: bigint;
  if (flags.validation !== undefined) {
    const validation = loadValidationCsv(flags.validation);
    const salts = saltsFor(flags.salts!, [], progress);
    validationC = await withBarretenberg(progress, (api) =>
      progress.step('committing to the validation set (Poseidon2)', () => validationCommitment(api, fixedRows(validation.rows), salts.validation, NCV)),
    );
  } else {
    validationC = parseFieldElement(flags['validation-commitment']!, '--validation-commitment');
  }

  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  const deadlines = await client.deadlinesFromNow(regSeconds, subSeconds);
  const tx = await txStep(progress, 'creating the round', () =>
    client.createRound({ ...(token ? { asset: token } : {}), amount, validationCommitment: validationC, lambda, maxProviders, ...deadlines }),
  );
  const roundId = tx.result.roundId;
  const context = await client.roundContext(roundId);
  return {
    roundId,
    chainId: client.chainId,
    contract: client.contract,
    owner: account.address,
    asset: token ?? 'ETH',
    amount,
    validationCommitment: hex(validationC),
    lambda: fromFixed(lambda, INPUT_SCALE),
    maxProviders,
    registrationDeadline: deadlines.registrationDeadline,
    submissionDeadline: deadlines.submissionDeadline,
    context: hex(context),
    tx: tx.hash,
    gasUsed: tx.gasUsed,
  };
}

/** `zkml create-round`. */
export const command: Command = {
  name: 'create-round',
  summary: 'open a round and escrow its reward (the model owner)',
  examples: [
    'PRIVATE_KEY=0x… zkml create-round --reward 10 --validation val.csv --salts owner.salts.json --lambda 0.01',
    'PRIVATE_KEY=0x… zkml create-round --reward 1000 --token 0xToken… --validation-commitment 0x1c…',
  ],
  flags: createRoundFlags,
  run: runCreateRound,
};
