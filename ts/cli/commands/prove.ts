/**
 * `zkml prove`: witness, proof and off-chain check. With `--round ID` the round is read from the
 * chain (context, λ, registration order, payees) and the data is checked against the
 * registrations before anything is proven; without it, the context and λ are flags.
 */
import { accountFromEnv } from '../../chain/index.js';
import type { RoundData } from '../../circuit/index.js';
import { ownerKeyFromSigner } from '../../crypto/index.js';
import { fixedRows, loadTrainingCsv, loadValidationCsv } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { FIELD_MODULUS, type Shape, describeShape, fieldHex } from '../../protocol/index.js';
import { type ProverOptions, ZkmlProver, toProofFile, writeProofFile } from '../../prover/index.js';
import { freshSalts, readPayees, readRoundInPhase, readSalts, requireOwnerSecrets, roundDataFromChain, roundFromDatasets, validationSaltFor, writeSalts } from '../../round/index.js';
import { Progress, formatDuration, parseArgs } from '../../terminal/index.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '../command.js';
import { chooseShape, shapeChoiceLine, shapeFlag } from './shape-flag.js';
import { checkSecretsFile, connectFromFlags, contractFlags, parseRoundId, type ConnectFlags } from './chain-common.js';

/** Flags of every command that starts a prover. */
export const proverFlags = {
  'crs-path': { type: 'string', placeholder: 'DIR', description: 'folder of the BN254 CRS (default $CRS_PATH, else ~/.bb-crs, else a download)' },
  threads: { type: 'integer', placeholder: 'N', description: 'threads for bb (default: all cores)' },
} as const;

/** {@link ProverOptions} from {@link proverFlags}. */
export function proverOptions(f: { 'crs-path'?: string | undefined; threads?: number | undefined }): ProverOptions {
  return { ...(f['crs-path'] !== undefined ? { crsPath: resolve(f['crs-path']) } : {}), ...(f.threads !== undefined ? { threads: f.threads } : {}) };
}

const flags = {
  ...contractFlags,
  ...proverFlags,
  round: { type: 'string', placeholder: 'ID', description: "prove this on-chain round: its registrations are decrypted from the chain with your key (PRIVATE_KEY = the owner); context, λ, order and shape come from the chain" },
  secrets: { type: 'string', placeholder: 'FILE', description: "with --round: the owner's secrets file written by create-round" },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'validation CSV: x1..xd,y' },
  data: { type: 'string', placeholder: 'FILE', description: 'without --round: training CSV provider,x1..xd,y' },
  payees: { type: 'string', placeholder: 'FILE', description: 'without --round: JSON {"provider": "0x…address"}, the address each provider registers from' },
  salts: { type: 'string', placeholder: 'FILE', description: 'without --round: salts JSON (default <out>.salts.json; created with fresh salts)' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ (without --round; default 0.01)' },
  context: { type: 'string', placeholder: 'C', description: 'round context (without --round; default 0)' },
  out: { type: 'string', required: true, placeholder: 'FILE', description: 'where to write the proof JSON (checked before proving; an existing file only with --force)' },
  force: { type: 'boolean', description: 'overwrite an existing --out file' },
  ...shapeFlag,
} as const;

function parseField(text: string, what: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) throw new InputError('ARGS_BAD_VALUE', `${what} must be a decimal or 0x-hex integer, got "${text}".`);
  const v = BigInt(text);
  if (v >= FIELD_MODULUS) throw new InputError('ARGS_BAD_VALUE', `${what} must be below the BN254 field modulus.`);
  return v;
}

/** Refuses an --out (or other `flag`) the proof could not be written to, before minutes of proving. */
export function checkOut(out: string, force: boolean, flag = '--out'): void {
  const dir = dirname(resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('ARGS_BAD_VALUE', `${flag} ${out}: the folder ${dir} does not exist; create it first. Nothing was proven.`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new InputError('ARGS_BAD_VALUE', `${flag} ${out} is a folder; give a file name. Nothing was proven.`);
  if (existsSync(out) && !force) throw new InputError('OUT_EXISTS', `${flag} ${out} already exists; pass --force to overwrite it, or choose another file. Nothing was proven.`);
}

/** The on-chain round of `--round`: connected, read once, in its submission window. @throws PhaseError */
async function roundOnChain(f: ConnectFlags & { round?: string | undefined }) {
  const account = accountFromEnv();
  const client = await connectFromFlags(f, { withAccount: true, account });
  const roundId = parseRoundId(f.round!);
  const { view } = await readRoundInPhase(client, roundId, 'submission');
  return { client, roundId, view, account };
}

/**
 * The round of the offline `prove` (no --round): salts (fresh ones written), payees, the round data
 * and its shape, printed as the smallest that holds the data (or --shape's).
 * @throws InputError for data no shape holds or that the named shape does not
 */
function offlineRound(
  f: { data?: string | undefined; payees?: string | undefined; salts?: string | undefined; out: string; lambda?: string | undefined; context?: string | undefined; shape?: string | undefined },
  validation: ReturnType<typeof loadValidationCsv>,
  progress: Progress,
): { round: RoundData; shape: Shape } {
  const training = loadTrainingCsv(f.data!);
  const saltsPath = f.salts ?? `${f.out}.salts.json`;
  const payees = readPayees(f.payees!, training.providers);
  const context = parseField(f.context ?? '0', '--context');
  const fresh = !existsSync(saltsPath);
  const salts = fresh ? freshSalts(training.providers) : readSalts(saltsPath, training.providers);
  const round = roundFromDatasets(training, validation, { lambda: f.lambda ?? '0.01', context, salts, payees });
  const shape = chooseShape(f.shape, round.providers.map((p) => p.rows), round.validation.rows);
  // Fresh salts are written only for data a shape holds (a refusal leaves nothing behind).
  if (fresh) {
    writeSalts(saltsPath, salts);
    progress.info(`wrote fresh salts to ${saltsPath} (keep it: the providers' commitments depend on it)`);
  }
  progress.info(shapeChoiceLine(shape, f.shape !== undefined));
  return { round, shape };
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, { command: 'zkml prove' });
  checkOut(f.out, f.force);
  const onChain = f.round !== undefined;
  const need = (ok: boolean, msg: string) => {
    if (!ok) throw new InputError('ARGS_CONFLICT', `zkml prove: ${msg}`);
  };
  if (onChain) {
    need(f.lambda === undefined && f.context === undefined, 'with --round, λ and the context come from the chain; drop --lambda and --context.');
    need(f.shape === undefined, 'with --round, the shape is the round\'s (from the chain); drop --shape.');
    need(f.data === undefined && f.payees === undefined && f.salts === undefined, "with --round, the providers' rows and salts come from the chain (decrypted); drop --data, --payees and --salts.");
    need(f.secrets !== undefined, "--round needs --secrets FILE (the owner's secrets file written by create-round).");
    requireOwnerSecrets(f.secrets!);
  } else {
    need(f.data !== undefined && f.payees !== undefined, 'without --round, give --data FILE and --payees FILE (or prove an on-chain round with --round ID).');
    need(f.secrets === undefined, '--secrets goes with --round.');
  }
  const progress = new Progress({ quiet: f.quiet, total: onChain ? 6 : 5 });
  if (f.secrets !== undefined) checkSecretsFile(f.secrets);
  const validation = loadValidationCsv(f.validation);
  // With --round, the round is read once and its phase checked before anything is started or proven.
  const chain = onChain ? await roundOnChain(f) : undefined;
  // Without it, the data and its shape are settled (and refused) before Barretenberg starts.
  const offline = chain ? undefined : offlineRound(f, validation, progress);
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    let round: RoundData;
    let shape: Shape;
    if (chain) {
      const { client, roundId, view, account } = chain;
      const salt = validationSaltFor(f.secrets!, view.info.validationCommitment);
      const key = await ownerKeyFromSigner(account, client.chainId, client.contract);
      ({ round, shape } = await progress.step('decrypting the registrations from the chain', () =>
        roundDataFromChain(prover.barretenberg, client, roundId, { ownerSecret: key.secret, validation: { rows: fixedRows(validation.rows), salt } }, undefined, view),
      ));
      progress.info(`shape ${describeShape(shape)}, the round's`);
    } else {
      ({ round, shape } = offline!);
    }
    let step = progress.start('building the witness');
    const result = await prover.prove(round, shape, (s) => {
      if (s === 'prove') {
        step.done();
        step = progress.start('proving (UltraHonk, evm target)');
      }
    });
    step.done(`${(result.proof.length / 1024).toFixed(1)} KiB`);
    const file = toProofFile(round.providers.map((p) => p.name), result, shape);
    const ok = await progress.step('verifying off-chain', () => prover.verify(result.proof, result.publicInputs, shape));
    if (!ok) throw new InputError('PROOF_INVALID', 'The fresh proof did not verify: please report this.');
    writeProofFile(f.out, file);
    return {
      out: f.out,
      shape: shape.name,
      providers: file.providers,
      context: fieldHex(round.context),
      witnessMs: Math.round(result.timings.witnessMs),
      proveMs: Math.round(result.timings.proveMs),
    };
  } finally {
    await prover.destroy();
  }
}

/** `zkml prove`. */
export const command: Command = {
  name: 'prove',
  summary: 'prove training and Shapley values (--round ID reads the round from the chain)',
  examples: [
    'PRIVATE_KEY=0x… zkml prove --round 1 --validation val.csv --secrets owner.json --out proof.json',
    'zkml prove --data all.csv --validation val.csv --payees payees.json --lambda 0.01 --context 0x… --out proof.json',
  ],
  flags,
  run,
  human: (r: { out: string; witnessMs: number; proveMs: number }) => `${r.out}\n(witness ${formatDuration(r.witnessMs)}, proof ${formatDuration(r.proveMs)})\n`,
};
