/**
 * The input cloud of one prepared shape with a k-d tree over it, for the query features that
 * look at a query's nearest input points (the local branch, the plane features). Built once per
 * cloud and shared by both, for every query batch of that cloud.
 */
import { KdTree } from '../../geometry/KdTree.ts';

export class CloudNeighbourhood {
  /** xyz of the N0 input points (unit-cube frame). */
  readonly input: Float32Array;
  readonly n: number;
  /** Offset scale s = √N0 (1 / unit-cube units): offsets × s are in units of the mean point spacing. */
  readonly scale: number;
  readonly tree: KdTree;
  constructor(input: Float32Array) {
    this.input = input;
    this.n = input.length / 3;
    this.scale = Math.sqrt(this.n);
    this.tree = new KdTree(input);
  }
}
