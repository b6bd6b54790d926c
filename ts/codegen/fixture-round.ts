/**
 * What the proof fixtures (`test/fixtures/*.json`, read by the Foundry tests) share: their format,
 * the round they prove, where it is deployed, and proving one.
 */
import { join } from 'node:path';
import { Noir } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import type { InputMap } from '@noir-lang/noir_js';
import { ANVIL_ACCOUNTS } from '../dev/anvil.js';
import type { FixedRow } from '../circuit/model.js';
import type { RoundData } from '../circuit/witness.js';
import { PACKAGE_ROOT } from '../files/package-root.js';
import { roundContext } from '../protocol/context.js';
import { shapeByName, type Shape } from '../protocol/shapes/index.js';
import { proveEvm } from '../toolchain/honk.js';
import { toCompiledCircuit, type CircuitArtifact } from '../toolchain/noir.js';

/** A proof as stored in `test/fixtures/*.json` and read by the Foundry tests. */
export interface ProofFixture {
  circuit: string;
  /** Public inputs, 0x-prefixed 32-byte hex, in the circuit's order. */
  publicInputs: string[];
  /** The proof bytes, 0x-prefixed hex. */
  proof: string;
}

/** Executes `artifact` on `inputs` with noir_js and proves it for the EVM verifier. */
export async function proveFixture(api: Barretenberg, circuit: string, artifact: CircuitArtifact, inputs: InputMap): Promise<ProofFixture> {
  const { witness } = await new Noir(toCompiledCircuit(artifact)).execute(inputs);
  const proof = await proveEvm(api, artifact, witness);
  return { circuit, publicInputs: proof.publicInputs, proof: '0x' + Buffer.from(proof.proof).toString('hex') };
}

/** The toy circuit's fixture: x = 3, y = 10. */
export const TOY_INPUTS: InputMap = { x: '3', y: '10' };

/**
 * Where the Foundry integration test deploys ZKMLIncentives (with `deployCodeTo`) on chain 31337,
 * and the round it opens: the fixture's context is bound to them.
 */
export const FIXTURE_CHAIN_ID = 31337;
export const FIXTURE_CONTRACT = '0x7a6b6d6c00000000000000000000000000000001' as const;
export const FIXTURE_ROUND_ID = 1;
/** The fixture's providers register from anvil's default accounts 1, 2 and 3. */
export const FIXTURE_PAYEES = ANVIL_ACCOUNTS.slice(1, 4).map((a) => BigInt(a.address)) as [bigint, bigint, bigint];

const rows = (pairs: [number, number][]): FixedRow[] => pairs.map(([x, y]) => ({ x: [BigInt(x)], y: BigInt(y) }));

/** The shape of the fixtures' round (the paper's): its settlement and registration circuits prove them. */
export const FIXTURE_SHAPE: Shape = shapeByName('k8d1n128');

/** Path of `test/fixtures/<name>.json`. */
export const fixturePath = (name: string) => join(PACKAGE_ROOT, 'test', 'fixtures', `${name}.json`);

/**
 * The round of `test/fixtures/zkml_round.json`: three providers on y ≈ 2x + 1 (x, y at scale
 * 10^4), the third with reversed labels (so it gets φ < 0), λ = 0.01.
 */
export function fixtureRound(): RoundData {
  return {
    providers: [
      { name: 'alice', salt: 101n, payee: FIXTURE_PAYEES[0], rows: rows([[1000, 12100], [2000, 13900], [3000, 16050], [4000, 17900]]) },
      { name: 'bob', salt: 202n, payee: FIXTURE_PAYEES[1], rows: rows([[5000, 20100], [6000, 21950], [7000, 24050], [8000, 26000], [9000, 27900]]) },
      { name: 'mallory', salt: 303n, payee: FIXTURE_PAYEES[2], rows: rows([[1500, -13000], [5500, -21000], [8500, -27000]]) },
    ],
    validation: { salt: 404n, rows: rows([[500, 11000], [2500, 15000], [4500, 19000], [6500, 23000], [8000, 26000], [9500, 29000]]) },
    lambda: 100n,
    context: roundContext(FIXTURE_CHAIN_ID, FIXTURE_CONTRACT, FIXTURE_ROUND_ID),
  };
}
