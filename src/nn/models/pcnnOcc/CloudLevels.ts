/** The query-independent geometry of one cloud: the four levels and the pooling segments. */
export interface CloudLevels {
  /** xyz of the points of X0..X3 (X0 is a copy of the input). */
  points: Float32Array[];
  /** Sizes N0..N3. */
  sizes: number[];
  /** σ_0..σ_3 (unit-cube units). */
  sigmas: number[];
  /** segments[l]: for each point of level l, its nearest point of level l+1 (l = 0, 1, 2). */
  segments: Int32Array[];
}
