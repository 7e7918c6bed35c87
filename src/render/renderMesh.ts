/**
 * One-call offscreen rendering of a mesh (and, in `renderPoints`, a point cloud) to RGBA pixels.
 */
import type { Mesh } from '../geometry/Mesh.ts';
import { boundsOf, type Bounds } from './Bounds.ts';
import { Camera, type Projection, type View } from './Camera.ts';
import { drawMesh, type Shading } from './drawMesh.ts';
import { drawPoints } from './drawPoints.ts';
import { Raster } from './Raster.ts';

export interface RenderOptions {
  /** Image width in pixels (positive integer). */
  width: number;
  /** Image height in pixels (positive integer). */
  height: number;
  /** Viewing direction in degrees (default azimuth 35, elevation 25: front-right, from above). */
  view?: View;
  /** Default 'orthographic'. */
  projection?: Projection;
  /** Perspective field of view, degrees (default 30). */
  fovDeg?: number;
  /** Box to frame (default: the geometry's own bounding box). Pass the same box to several
   *  renders (input points, reconstruction, ground truth) to frame them identically. */
  bounds?: Bounds;
  /** Empty border per side as a fraction of the image (default 0.04). */
  margin?: number;
  /** RGBA background 0–255 (default opaque white). */
  background?: readonly number[];
}

export interface RenderMeshOptions extends RenderOptions {
  /** 'flat' (default) or 'smooth'. */
  shading?: Shading;
  /** Per-vertex RGB 0–255 (length 3·V), e.g. error colours; overrides `mesh.colors`. */
  colors?: Uint8Array;
  /** Uniform RGB when there are no vertex colours. */
  color?: readonly [number, number, number];
}

export interface RenderPointsOptions extends RenderOptions {
  /** Splat radius in pixels (default 2). */
  radius?: number;
  /** Per-point RGB 0–255 (length 3·N). */
  colors?: Uint8Array;
  /** Uniform RGB when there are no per-point colours. */
  color?: readonly [number, number, number];
}

export const DEFAULT_VIEW: View = { azimuth: 35, elevation: 25 };

function cameraFor(xyz: Float32Array | Float64Array, o: RenderOptions): Camera {
  return Camera.fit(o.bounds ?? boundsOf(xyz), o.view ?? DEFAULT_VIEW, o.width, o.height, {
    projection: o.projection,
    fovDeg: o.fovDeg,
    margin: o.margin,
  });
}

/** Renders a mesh; returns RGBA bytes (4·width·height, rows top to bottom). */
export function renderMesh(mesh: Mesh, o: RenderMeshOptions): Uint8Array {
  const raster = new Raster(o.width, o.height, o.background);
  drawMesh(raster, cameraFor(mesh.positions, o), mesh, { shading: o.shading, colors: o.colors, color: o.color });
  return raster.rgba;
}

/** Renders a point cloud (xyz, length 3·N) as shaded splats; returns RGBA bytes. */
export function renderPoints(points: Float32Array | Float64Array, o: RenderPointsOptions): Uint8Array {
  const raster = new Raster(o.width, o.height, o.background);
  drawPoints(raster, cameraFor(points, o), points, { radius: o.radius, colors: o.colors, color: o.color });
  return raster.rgba;
}
