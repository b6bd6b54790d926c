/**
 * The circuit shape of an on-chain round: the deployment registers shapes by id, and the package
 * ships the same list (`ts/generated/bytecode.ts` `shapeDeployments`, from `script/shapes.json`).
 */
import type { ZkmlClient } from '../chain/client.js';
import { ChainError } from '../errors.js';
import { makeShape, SHAPES, type Shape } from '../protocol/shapes/index.js';

/** The {@link Shape} (with its data range) of shape id `shapeId` of the client's deployment. */
export async function shapeOfId(client: ZkmlClient, shapeId: number): Promise<Shape> {
  const s = await client.getShape(shapeId);
  const known = SHAPES.find((x) => x.k === s.k && x.d === s.d && x.nTrain === s.nTrain && x.nVal === s.nVal);
  if (known) return known;
  const made = makeShape(s.k, s.d, s.nTrain, s.nVal);
  if (made.ciphertextLength !== s.ciphertextLength) {
    throw new ChainError('UNKNOWN_SHAPE', `shape ${shapeId} of ${client.contract} (K=${s.k}, D=${s.d}, N=${s.nTrain}) is not one this package ships; upgrade zkml-incentives.`);
  }
  return made;
}

/** The shape of round `roundId`. */
export async function shapeOfRound(client: ZkmlClient, roundId: bigint): Promise<Shape> {
  return shapeOfId(client, (await client.getRound(roundId)).shapeId);
}
