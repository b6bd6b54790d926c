/**
 * The circuit shape of an on-chain round: the deployment registers shapes by id, and the package
 * ships the same list (`ts/generated/bytecode.ts` `shapeDeployments`, from `script/shapes.json`).
 */
import type { ZkmlClient } from '../chain/client.js';
import type { RoundView, ShapeInfo } from '../chain/types.js';
import { ChainError } from '../errors/index.js';
import { makeShape, SHAPES, type Shape } from '../protocol/shapes/index.js';

/**
 * The {@link Shape} (with its data range) of a shape read from a deployment: the shipped shape
 * with the same K, D, N_TRAIN, N_PROVIDER, N_VAL and ciphertext length. A shape that is not
 * shipped but where one provider may hold every row is rebuilt (its range the widest its bounds
 * allow, as when it was built); any other is refused (the chain does not store the range).
 * @throws ChainError `UNKNOWN_SHAPE`
 */
export function shapeOfInfo(s: ShapeInfo, contract: string): Shape {
  const known = SHAPES.find(
    (x) => x.k === s.k && x.d === s.d && x.nTrain === s.nTrain && x.nProvider === s.maxProviderRows && x.nVal === s.nVal && x.ciphertextLength === s.ciphertextLength,
  );
  if (known) return known;
  const unknown = () =>
    new ChainError(
      'UNKNOWN_SHAPE',
      `shape ${s.id} of ${contract} (K=${s.k}, D=${s.d}, N=${s.nTrain}, ${s.maxProviderRows} rows per provider) is not one this package ships; upgrade zkml-incentives.`,
    );
  if (s.maxProviderRows !== s.nTrain) throw unknown();
  let made: Shape;
  try {
    made = makeShape(s.k, s.d, s.nTrain, { nVal: s.nVal });
  } catch {
    throw unknown();
  }
  if (made.ciphertextLength !== s.ciphertextLength) throw unknown();
  return made;
}

/** The {@link Shape} (with its data range) of shape id `shapeId` of the client's deployment. */
export async function shapeOfId(client: ZkmlClient, shapeId: number): Promise<Shape> {
  return shapeOfInfo(await client.getShape(shapeId), client.contract);
}

/** A round read once (`ZkmlClient.roundView`) with its package {@link Shape}. */
export interface RoundWithShape extends RoundView {
  circuitShape: Shape;
}

/** Reads round `roundId` once, with its shape and providers, and resolves the package shape. */
export async function readRoundWithShape(client: ZkmlClient, roundId: bigint): Promise<RoundWithShape> {
  const view = await client.roundView(roundId);
  return { ...view, circuitShape: shapeOfInfo(view.shape, client.contract) };
}

/** The shape of round `roundId`. */
export async function shapeOfRound(client: ZkmlClient, roundId: bigint): Promise<Shape> {
  return shapeOfId(client, (await client.getRound(roundId)).shapeId);
}
