/** Reads of the deployment's circuit shapes (shape id = index). */
import { chainRead } from './read.js';
import { incentivesAbi } from './errors.js';
import type { ChainContext, ShapeInfo } from './types.js';

/** Number of shapes registered in the deployment. */
export async function readShapeCount(ctx: ChainContext): Promise<number> {
  return Number(await chainRead('reading the shape count', () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'shapeCount' })));
}

/** A shape of the deployment. @throws ContractRevertError `ShapeNotFound` */
export async function readShape(ctx: ChainContext, shapeId: number): Promise<ShapeInfo> {
  const s = await chainRead(`reading shape ${shapeId}`, () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'getShape', args: [BigInt(shapeId)] }));
  return {
    id: shapeId,
    k: Number(s.k),
    d: Number(s.d),
    nTrain: Number(s.nTrain),
    nVal: Number(s.nVal),
    ciphertextLength: Number(s.ciphertextLength),
    settlementVerifier: s.settlementVerifier,
    registrationVerifier: s.registrationVerifier,
    validationVerifier: s.validationVerifier,
  };
}

/** Every shape of the deployment, by id. */
export async function readShapes(ctx: ChainContext): Promise<ShapeInfo[]> {
  const n = await readShapeCount(ctx);
  return Promise.all(Array.from({ length: n }, (_, i) => readShape(ctx, i)));
}
