/** Signed distance (negative inside) at a point, model units: what implicit solids are made of. */
export type Field = (x: number, y: number, z: number) => number;
