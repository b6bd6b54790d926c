/**
 * The chain commands of the `zkml` CLI: `deploy`, `create-round`, `commit`, `register`, `submit`,
 * `withdraw`, `status`.
 *
 * - Keys come only from the environment (PRIVATE_KEY), never from argv.
 * - Results go to stdout as JSON (one line; `status` pretty-printed), except `commit` asked for one
 *   commitment, which prints it alone (`0x…`). Progress goes to stderr.
 * - Everything that can be checked is checked before a transaction is sent (input, chain id,
 *   contract, funds, simulation, and for `submit` the proof against the round), so a refused
 *   command changes nothing on chain.
 */
import { relative } from 'node:path';
import { formatEther, getAddress, zeroAddress, type Address } from 'viem';
import { PACKAGE_ROOT } from '../../package-root.js';
import { accountFromEnv, privateKeyFromEnv, type IncentivesEvent, type TxResult, type ZkmlClient } from '../../chain/client.js';
import { DEFAULT_VERIFIER_ARTIFACT, deploy } from '../../chain/deploy.js';
import { providerCommitment, validationCommitment } from '../../circuit/commitment.js';
import { NCV } from '../../circuit/params.js';
import { loadTrainingCsv, loadValidationCsv, rowsOf, type TrainingSet } from '../../data/csv.js';
import { fromFixed } from '../../data/fixed-point.js';
import { InputError } from '../../errors.js';
import { proofBytes, publicValuesOf, readProofFile } from '../../prover/proof-file.js';
import { INPUT_SCALE, K, MODEL_SCALE, VALUE_SCALE, fieldHex } from '../../protocol/layout.js';
import { fixedRows, lambdaFixed } from '../../round/dataset.js';
import { readPayees } from '../../round/salts.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress } from '../../terminal/progress.js';
import {
  KEY_HINTS,
  checkRange,
  connectFromFlags,
  contractFlags,
  nodeChainId,
  nodeFlags,
  parseAddress,
  parseEthAmount,
  parseFieldElement,
  parseRoundId,
  parseTokenAmount,
  printJson,
  rpcUrlOf,
  saltsFor,
  withBarretenberg,
} from './chain-common.js';

const opts = (command: string) => ({ command: `zkml ${command}`, hints: KEY_HINTS });
const gas = (g: bigint) => `gas ${g.toLocaleString('en-US')}`;
const hex = (v: bigint) => fieldHex(v);

/** One transaction as a progress step ("simulate, send, confirm"), noting its gas. */
async function txStep<T>(progress: Progress, label: string, fn: () => Promise<TxResult<T>>): Promise<TxResult<T>> {
  const step = progress.start(`${label} (simulate, send, confirm)`);
  try {
    const tx = await fn();
    step.done(gas(tx.gasUsed));
    return tx;
  } catch (err) {
    step.fail();
    throw err;
  }
}

/** Amounts credited by a round's settlement (or reclaim), per account, from its `Credited` events. */
function creditedIn(events: readonly IncentivesEvent[], roundId: bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const e of events) {
    if (e.eventName !== 'Credited') continue;
    const { roundId: r, account, amount } = e.args;
    if (r !== roundId || account === undefined || amount === undefined) continue;
    out.set(account, (out.get(account) ?? 0n) + amount);
  }
  return out;
}

function exclusive(a: unknown, b: unknown, message: string): void {
  if ((a === undefined) === (b === undefined)) throw new InputError('ARGS_CONFLICT', message);
}

/** The providers of a training CSV to commit for: `--provider`, all, or the file's only provider. */
function selectProviders(training: TrainingSet, provider: string | undefined, all: boolean, command: string): string[] {
  if (provider !== undefined) {
    if (!training.providers.includes(provider)) {
      throw new InputError('INPUT_UNKNOWN_PROVIDER', `${training.file} has no rows of provider ${JSON.stringify(provider)}; its providers are ${training.providers.join(', ')}.`);
    }
    return [provider];
  }
  if (all || training.providers.length === 1) return [...training.providers];
  throw new InputError(
    'ARGS_MISSING_FLAG',
    `${training.file} holds ${training.providers.length} providers (${training.providers.join(', ')}); choose yours with --provider NAME${command === 'commit' ? ' (or --all for every one)' : ''}.`,
  );
}

// ------------------------------------------------------------------------------------------------
// deploy
// ------------------------------------------------------------------------------------------------

export const deployFlags = {
  ...nodeFlags,
  verifier: {
    type: 'string',
    placeholder: 'FILE.sol:NAME',
    description: `verifier artifact (default ${DEFAULT_VERIFIER_ARTIFACT}; or ZkmlHonkVerifier.sol:ZkmlHonkVerifier)`,
  },
} as const;

/** `zkml deploy`: the verifier and ZKMLIncentives through script/Deploy.s.sol; records deployments/<chainId>.json. */
export async function runDeploy(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, deployFlags, opts('deploy'));
  const privateKey = privateKeyFromEnv();
  const rpcUrl = rpcUrlOf(flags['rpc-url']);
  const verifierArtifact = flags.verifier ?? DEFAULT_VERIFIER_ARTIFACT;
  if (!/^[\w.-]+\.sol:\w+$/.test(verifierArtifact)) throw new InputError('INPUT_BAD_OPTION', `--verifier must be File.sol:Contract, e.g. ${DEFAULT_VERIFIER_ARTIFACT}.`);
  const progress = new Progress({ quiet: flags.quiet, total: 2 });
  const chainId = await progress.step('connecting', () => nodeChainId(rpcUrl, flags['chain-id']));
  const d = await progress.step('deploying with script/Deploy.s.sol (compile, send, confirm)', () =>
    deploy({ rpcUrl, privateKey, verifierArtifact, deploymentsDir: flags.deployments ?? 'deployments' }),
  );
  printJson({ chainId, ZKMLIncentives: d.incentives, verifier: d.verifier, verifierArtifact, deployer: d.extra['deployer'], file: relative(PACKAGE_ROOT, d.file) });
}

// ------------------------------------------------------------------------------------------------
// commit
// ------------------------------------------------------------------------------------------------

export const commitFlags = {
  data: { type: 'string', placeholder: 'FILE', description: 'training CSV provider,x1,y (the provider\'s rows)' },
  provider: { type: 'string', placeholder: 'NAME', description: 'whose rows to commit to (needed when the CSV holds several providers)' },
  all: { type: 'boolean', description: 'commit for every provider of --data (prints JSON)' },
  validation: { type: 'string', placeholder: 'FILE', description: 'validation CSV x1,y: the validation set\'s commitment (for create-round)' },
  salts: { type: 'string', required: true, placeholder: 'FILE', description: 'salts JSON (as for `zkml prove`); missing salts are created' },
  payee: { type: 'string', placeholder: 'ADDRESS', description: 'the address that will register these rows and be paid (bound into the commitment; default: the PRIVATE_KEY account)' },
  payees: { type: 'string', placeholder: 'FILE', description: 'or: JSON {"provider": "0x…"} of every provider\'s address (as for `zkml prove --payees`)' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
} as const;

/** The payee (registering address) of each provider to commit for, from --payee, --payees or PRIVATE_KEY. */
function payeesFor(names: readonly string[], payee: string | undefined, payeesFile: string | undefined): Record<string, bigint> {
  if (names.length === 0) return {};
  if (payee !== undefined && payeesFile !== undefined) throw new InputError('ARGS_CONFLICT', 'zkml commit: give --payee ADDRESS or --payees FILE, not both.');
  if (payeesFile !== undefined) return readPayees(payeesFile, names);
  if (payee === undefined && !process.env['PRIVATE_KEY']?.trim()) {
    throw new InputError(
      'ARGS_MISSING_FLAG',
      'zkml commit: a provider\'s commitment binds the address it registers from; give --payee ADDRESS (or --payees FILE), or set PRIVATE_KEY to the registering account.',
    );
  }
  if (names.length > 1) throw new InputError('ARGS_MISSING_FLAG', 'zkml commit: with several providers give --payees FILE (every provider\'s address), not one address for all.');
  const address = payee !== undefined ? parseAddress(payee, '--payee') : accountFromEnv().address;
  if (BigInt(address) === 0n) throw new InputError('INPUT_BAD_ADDRESS', '--payee must not be the zero address.');
  return { [names[0]!]: BigInt(address) };
}

/** `zkml commit`: a provider's data commitment (what it registers), or the validation set's. */
export async function runCommit(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, commitFlags, opts('commit'));
  if (flags.data === undefined && flags.validation === undefined) {
    throw new InputError('ARGS_MISSING_FLAG', 'zkml commit: give --data FILE (a provider\'s commitment) or --validation FILE (the validation set\'s).');
  }
  if (flags.data === undefined && (flags.provider !== undefined || flags.all || flags.payee !== undefined || flags.payees !== undefined)) {
    throw new InputError('ARGS_CONFLICT', 'zkml commit: --provider, --all, --payee and --payees need --data FILE.');
  }
  if (flags.provider !== undefined && flags.all) throw new InputError('ARGS_CONFLICT', 'zkml commit: give --provider NAME or --all, not both.');
  const progress = new Progress({ quiet: flags.quiet });
  const training = flags.data !== undefined ? loadTrainingCsv(flags.data) : undefined;
  const names = training ? selectProviders(training, flags.provider, flags.all, 'commit') : [];
  const payees = payeesFor(names, flags.payee, flags.payees);
  const validation = flags.validation !== undefined ? loadValidationCsv(flags.validation, training ? { d: training.d } : {}) : undefined;
  const salts = saltsFor(flags.salts, names, progress);
  const result = await withBarretenberg(progress, async (api) =>
    progress.step('computing commitments (Poseidon2)', async () => ({
      providers: await Promise.all(
        names.map(async (name) => {
          const rows = fixedRows(rowsOf(training!, name));
          const payee = payees[name]!;
          return { provider: name, rows: rows.length, payee: getAddress(`0x${payee.toString(16).padStart(40, '0')}`), commitment: hex(await providerCommitment(api, rows, salts.providers[name]!, payee)) };
        }),
      ),
      validation: validation
        ? { rows: validation.rows.length, commitment: hex(await validationCommitment(api, fixedRows(validation.rows), salts.validation, NCV)) }
        : undefined,
    })),
  );
  const single = result.providers.length + (result.validation ? 1 : 0) === 1 && !flags.all;
  if (single) {
    process.stdout.write(`${result.providers[0]?.commitment ?? result.validation!.commitment}\n`);
    return;
  }
  printJson(result.validation ? result : { providers: result.providers });
}

// ------------------------------------------------------------------------------------------------
// create-round
// ------------------------------------------------------------------------------------------------

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
export async function runCreateRound(argv: string[]): Promise<void> {
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
  printJson({
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
  });
}

// ------------------------------------------------------------------------------------------------
// register
// ------------------------------------------------------------------------------------------------

export const registerFlags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  commitment: { type: 'string', placeholder: 'C', description: 'your data commitment (from `zkml commit` with --payee = this account)' },
  data: { type: 'string', placeholder: 'FILE', description: 'or: your training CSV, committed here (with --salts)' },
  provider: { type: 'string', placeholder: 'NAME', description: 'your name in --data, if it holds several providers' },
  salts: { type: 'string', placeholder: 'FILE', description: 'salts JSON for --data (created if missing)' },
} as const;

/** `zkml register`: registers the PRIVATE_KEY account as a provider of a round with its commitment. */
export async function runRegister(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, registerFlags, opts('register'));
  const account = accountFromEnv();
  const roundId = parseRoundId(flags.round);
  exclusive(flags.commitment, flags.data, 'zkml register: give --commitment C or --data FILE (with --salts FILE), exactly one.');
  if (flags.data !== undefined && flags.salts === undefined) throw new InputError('ARGS_MISSING_FLAG', 'zkml register: --data needs --salts FILE (your secret salt; created if missing).');
  if (flags.data === undefined && flags.provider !== undefined) throw new InputError('ARGS_CONFLICT', 'zkml register: --provider needs --data FILE.');
  const progress = new Progress({ quiet: flags.quiet });
  let commitment: bigint;
  if (flags.data !== undefined) {
    const training = loadTrainingCsv(flags.data);
    const [name] = selectProviders(training, flags.provider, false, 'register');
    const salts = saltsFor(flags.salts!, [name!], progress);
    const rows = fixedRows(rowsOf(training, name!));
    commitment = await withBarretenberg(progress, (api) =>
      progress.step(`committing to the ${rows.length} rows of ${name}`, () => providerCommitment(api, rows, salts.providers[name!]!, BigInt(account.address))),
    );
  } else {
    commitment = parseFieldElement(flags.commitment!, '--commitment');
  }
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  const tx = await txStep(progress, `registering in round ${roundId}`, () => client.register(roundId, commitment));
  printJson({ roundId, index: tx.result.index, account: account.address, commitment: hex(commitment), tx: tx.hash, gasUsed: tx.gasUsed });
}

// ------------------------------------------------------------------------------------------------
// submit
// ------------------------------------------------------------------------------------------------

export const submitFlags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  proof: { type: 'string', required: true, placeholder: 'FILE', description: 'proof JSON written by `zkml prove --out`' },
} as const;

/**
 * Checks that a proof file proves this round (context, commitments in registration order, k,
 * validation commitment, λ) and that the contract builds exactly the proof's public inputs.
 * @throws InputError `PROOF_WRONG_ROUND` saying what differs and what to do
 */
async function checkProofAgainstRound(client: ZkmlClient, roundId: bigint, file: ReturnType<typeof readProofFile>, path: string): Promise<void> {
  const v = publicValuesOf(file);
  const wrong = (msg: string) => new InputError('PROOF_WRONG_ROUND', `${path} does not prove round ${roundId}: ${msg} Nothing was sent.`);
  const [round, providers, context] = await Promise.all([client.getRound(roundId), client.getProviders(roundId), client.roundContext(roundId)]);
  if (v.context !== context) {
    throw wrong(
      `it was proven for context ${hex(v.context)}, but round ${roundId} of ${client.contract} on chain ${client.chainId} has context ${hex(context)}. ` +
        `Prove again with \`zkml prove --context ${hex(context)} ...\` (the context \`zkml status --round ${roundId}\` prints).`,
    );
  }
  if (v.numProviders !== providers.length) {
    throw wrong(`it covers ${v.numProviders} provider(s) but ${providers.length} registered; prove with exactly the registered providers' data, in registration order.`);
  }
  for (const p of providers) {
    const payee = v.payees[p.index] ?? 0n;
    if (payee !== BigInt(p.account)) {
      throw wrong(
        `slot ${p.index} (${file.providers[p.index] ?? `slot ${p.index}`}) was proven for payee ${hex(payee)}, but ${p.account} registered it. ` +
          'Prove again with --payees mapping each provider to the address it registered from (see `zkml status`).',
      );
    }
    const proven = v.commitments[p.index] ?? 0n;
    if (proven !== p.commitment) {
      const slot = file.providers[p.index] ?? `slot ${p.index}`;
      throw wrong(
        `slot ${p.index} (${slot}) has commitment ${hex(proven)}, but ${p.account} registered ${hex(p.commitment)}. ` +
          'The CSV must list the providers in registration order (see `zkml status`), with the rows and salts they committed to.',
      );
    }
  }
  if (v.validationCommitment !== round.validationCommitment) {
    throw wrong(`its validation commitment ${hex(v.validationCommitment)} is not the round's ${hex(round.validationCommitment)}; prove with the validation set and salt the round was created with.`);
  }
  if (v.lambda !== round.lambda) {
    throw wrong(`it was proven with λ = ${fromFixed(v.lambda, INPUT_SCALE)} but the round uses λ = ${fromFixed(round.lambda, INPUT_SCALE)}; prove again with --lambda ${fromFixed(round.lambda, INPUT_SCALE)}.`);
  }
  const onChain = await client.publicInputs(roundId, { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley });
  const inFile = file.publicInputs.map((h) => BigInt(h));
  const differs = onChain.findIndex((x, i) => x !== inFile[i]);
  if (differs !== -1 || onChain.length !== inFile.length) {
    throw wrong(`public input ${differs} differs between the file's proof and what the contract builds; the file is inconsistent, prove again.`);
  }
}

/** `zkml submit`: settles a round with a proof file (anyone may submit; PRIVATE_KEY pays the gas). */
export async function runSubmit(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, submitFlags, opts('submit'));
  const account = accountFromEnv();
  const roundId = parseRoundId(flags.round);
  const file = readProofFile(flags.proof);
  let v: ReturnType<typeof publicValuesOf>;
  try {
    v = publicValuesOf(file);
  } catch {
    throw new InputError('BAD_PROOF_FILE', `${flags.proof} has malformed public values (expected the output of \`zkml prove --out\`); prove again.`);
  }
  if (v.weights.length === 0 || v.shapley.length > K || v.commitments.length > K || v.payees.length > K) {
    throw new InputError('BAD_PROOF_FILE', `${flags.proof} has malformed public values (expected the output of \`zkml prove --out\`); prove again.`);
  }
  const progress = new Progress({ quiet: flags.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  await progress.step('checking the proof against the round', () => checkProofAgainstRound(client, roundId, file, flags.proof));
  const tx = await txStep(progress, `submitting the proof for round ${roundId}`, () =>
    client.submit(roundId, { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley, proof: proofBytes(file) }),
  );
  const providers = await client.getProviders(roundId);
  const credited = creditedIn(await client.events({ roundId, fromBlock: tx.blockNumber }), roundId);
  printJson({
    roundId,
    tx: tx.hash,
    gasUsed: tx.gasUsed,
    remainder: tx.result.remainder,
    providers: providers.map((p) => ({
      index: p.index,
      name: file.providers[p.index] ?? null,
      account: p.account,
      shapley: fromFixed(v.shapley[p.index] ?? 0n, VALUE_SCALE),
      credited: credited.get(p.account) ?? 0n,
    })),
  });
}

// ------------------------------------------------------------------------------------------------
// withdraw
// ------------------------------------------------------------------------------------------------

export const withdrawFlags = {
  ...contractFlags,
  token: { type: 'string', placeholder: 'ADDRESS', description: 'withdraw this ERC20 instead of ETH' },
} as const;

/** `zkml withdraw`: pays the PRIVATE_KEY account its whole credit (rewards, remainders, reclaimed escrow). */
export async function runWithdraw(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, withdrawFlags, opts('withdraw'));
  const account = accountFromEnv();
  const asset: Address = flags.token !== undefined ? parseAddress(flags.token, '--token') : zeroAddress;
  const progress = new Progress({ quiet: flags.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  const tx = await txStep(progress, `withdrawing ${asset === zeroAddress ? 'ETH' : asset}`, () => client.withdraw(asset));
  printJson({ account: account.address, asset: asset === zeroAddress ? 'ETH' : asset, amount: tx.result.amount, tx: tx.hash, gasUsed: tx.gasUsed });
}

// ------------------------------------------------------------------------------------------------
// status
// ------------------------------------------------------------------------------------------------

export const statusFlags = {
  ...contractFlags,
  round: { type: 'string', placeholder: 'ID', description: 'round id (default: the latest round)' },
  account: { type: 'string', placeholder: 'ADDRESS', description: 'also show this account\'s withdrawable credit (default: the PRIVATE_KEY account, if set)' },
} as const;

/** The status document of a round: its state, providers, credits, context and settlement. */
export async function roundStatus(client: ZkmlClient, roundId: bigint): Promise<Record<string, unknown>> {
  const [round, providers, phase, context] = await Promise.all([client.getRound(roundId), client.getProviders(roundId), client.phase(roundId), client.roundContext(roundId)]);
  let credited = new Map<string, bigint>();
  let settlement: Record<string, unknown> | null = null;
  if (round.status !== 'Open') {
    const events = await client.events({ roundId });
    credited = creditedIn(events, roundId);
    for (const e of events) {
      if (e.eventName !== 'RoundSettled' || e.args.roundId !== roundId) continue;
      const { submitter, weights, intercept, trainLoss, shapley, remainder } = e.args;
      settlement = {
        submitter,
        tx: e.transactionHash,
        w: (weights ?? []).map((w) => fromFixed(w, MODEL_SCALE)),
        b: intercept === undefined ? null : fromFixed(intercept, MODEL_SCALE),
        trainLoss: trainLoss === undefined ? null : fromFixed(trainLoss, VALUE_SCALE),
        shapley: (shapley ?? []).slice(0, providers.length).map((x) => fromFixed(x, VALUE_SCALE)),
        remainder,
      };
    }
  }
  const withdrawable = await Promise.all(providers.map((p) => client.credits(p.account, round.asset)));
  return {
    id: roundId,
    owner: round.owner,
    asset: round.asset === zeroAddress ? 'ETH' : round.asset,
    amount: round.amount,
    ...(round.asset === zeroAddress ? { amountEth: formatEther(round.amount) } : {}),
    status: round.status,
    phase,
    registrationDeadline: round.registrationDeadline,
    submissionDeadline: round.submissionDeadline,
    lambda: fromFixed(round.lambda, INPUT_SCALE),
    validationCommitment: hex(round.validationCommitment),
    maxProviders: round.maxProviders,
    numProviders: round.numProviders,
    context: hex(context),
    providers: providers.map((p, i) => ({
      index: p.index,
      account: p.account,
      commitment: hex(p.commitment),
      credited: round.status === 'Open' ? null : (credited.get(p.account) ?? 0n),
      withdrawable: withdrawable[i],
    })),
    ownerCredited: round.status === 'Open' ? null : (credited.get(round.owner) ?? 0n),
    settlement,
  };
}

/** `zkml status`: the contract, a round (default the latest) and optionally an account's credit. */
export async function runStatus(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, statusFlags, opts('status'));
  const roundId = flags.round !== undefined ? parseRoundId(flags.round) : undefined;
  const address = flags.account !== undefined ? parseAddress(flags.account, '--account') : process.env['PRIVATE_KEY']?.trim() ? accountFromEnv().address : undefined;
  const client = await connectFromFlags(flags, { withAccount: false });
  const [count, verifier, chainTime] = await Promise.all([client.roundCount(), client.verifier(), client.chainTime()]);
  const id = roundId ?? (count > 0n ? count : undefined);
  const round = id === undefined ? null : await roundStatus(client, id);
  const asset = round && round['asset'] !== 'ETH' ? (round['asset'] as Address) : zeroAddress;
  printJson(
    {
      chainId: client.chainId,
      contract: client.contract,
      verifier,
      chainTime,
      roundCount: count,
      round,
      ...(address ? { account: { address, asset: asset === zeroAddress ? 'ETH' : asset, withdrawable: await client.credits(address, asset) } } : {}),
    },
    true,
  );
}
