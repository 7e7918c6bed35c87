/**
 * Orbit camera for the software renderer, fitted to a bounding box.
 *
 * View angles (degrees), with y up as in ShapeNet: azimuth 0 looks at the object's front from +z
 * (towards −z); positive azimuth moves the camera towards +x. Elevation is the angle above the
 * horizontal plane (positive: looking down).
 *
 * Screen coordinates: x to the right and y downwards in pixels, pixel (i, j) covering
 * [i, i+1) × [j, j+1) with its centre at (i + ½, j + ½). `project` also returns a "nearness"
 * value that is linear in screen space (camera-space depth towards the viewer for orthographic,
 * the reciprocal distance for perspective), so it can be interpolated across a triangle and
 * compared in a z-buffer: larger is nearer.
 */
import type { Bounds } from './Bounds.ts';

export interface View {
  /** Degrees about the y axis; 0 = front (camera on +z). */
  azimuth: number;
  /** Degrees above the horizon. */
  elevation: number;
}

export type Projection = 'orthographic' | 'perspective';

export interface CameraOptions {
  /** Default 'orthographic'. */
  projection?: Projection;
  /** Vertical field of view for perspective, degrees (default 30, range (0, 170)). */
  fovDeg?: number;
  /** Empty border on each side as a fraction of the image size (default 0.04, range [0, 0.5)). */
  margin?: number;
}

const DEG = Math.PI / 180;

export class Camera {
  readonly width: number;
  readonly height: number;
  readonly perspective: boolean;
  /** Right, up and towards-viewer unit vectors of the camera, in world coordinates. */
  readonly right: [number, number, number];
  readonly up: [number, number, number];
  readonly toViewer: [number, number, number];
  /** World point at the image centre (bounding box centre). */
  readonly target: [number, number, number];
  /** Orthographic: pixels per model unit. Perspective: focal length in pixels. */
  readonly scale: number;
  /** Perspective only: distance from the eye to the target, model units. */
  readonly distance: number;

  private constructor(
    width: number,
    height: number,
    perspective: boolean,
    right: [number, number, number],
    up: [number, number, number],
    toViewer: [number, number, number],
    target: [number, number, number],
    scale: number,
    distance: number,
  ) {
    this.width = width;
    this.height = height;
    this.perspective = perspective;
    this.right = right;
    this.up = up;
    this.toViewer = toViewer;
    this.target = target;
    this.scale = scale;
    this.distance = distance;
  }

  /**
   * Camera looking at the centre of `bounds` from `view`, with the scale chosen so the eight
   * corners of `bounds` fit inside the image less the margin.
   * @param bounds box to frame (model units)
   * @param view azimuth/elevation in degrees
   * @param width image width in pixels (≥ 1)
   * @param height image height in pixels (≥ 1)
   */
  static fit(bounds: Bounds, view: View, width: number, height: number, opts: CameraOptions = {}): Camera {
    const az = view.azimuth * DEG,
      el = view.elevation * DEG;
    const ca = Math.cos(az),
      sa = Math.sin(az),
      ce = Math.cos(el),
      se = Math.sin(el);
    const toViewer: [number, number, number] = [ce * sa, se, ce * ca];
    const right: [number, number, number] = [ca, 0, -sa];
    // up = toViewer × right
    const up: [number, number, number] = [
      toViewer[1] * right[2] - toViewer[2] * right[1],
      toViewer[2] * right[0] - toViewer[0] * right[2],
      toViewer[0] * right[1] - toViewer[1] * right[0],
    ];
    const target: [number, number, number] = [
      (bounds.min[0] + bounds.max[0]) / 2,
      (bounds.min[1] + bounds.max[1]) / 2,
      (bounds.min[2] + bounds.max[2]) / 2,
    ];
    const margin = opts.margin ?? 0.04;
    const availX = (width / 2) * (1 - 2 * margin),
      availY = (height / 2) * (1 - 2 * margin);
    const perspective = (opts.projection ?? 'orthographic') === 'perspective';
    const hx = (bounds.max[0] - bounds.min[0]) / 2,
      hy = (bounds.max[1] - bounds.min[1]) / 2,
      hz = (bounds.max[2] - bounds.min[2]) / 2;
    const radius = Math.max(1e-9, Math.sqrt(hx * hx + hy * hy + hz * hz));
    let distance = 0;
    if (perspective) {
      const fov = (opts.fovDeg ?? 30) * DEG;
      distance = radius / Math.sin(fov / 2);
    }
    let scale = Infinity;
    for (let c = 0; c < 8; c++) {
      const px = c & 1 ? hx : -hx,
        py = c & 2 ? hy : -hy,
        pz = c & 4 ? hz : -hz;
      const xc = px * right[0] + py * right[1] + pz * right[2];
      const yc = px * up[0] + py * up[1] + pz * up[2];
      const zc = px * toViewer[0] + py * toViewer[1] + pz * toViewer[2];
      const w = perspective ? distance - zc : 1;
      if (Math.abs(xc) > 1e-12) scale = Math.min(scale, (availX * w) / Math.abs(xc));
      if (Math.abs(yc) > 1e-12) scale = Math.min(scale, (availY * w) / Math.abs(yc));
    }
    if (!Number.isFinite(scale)) scale = Math.min(availX, availY) / radius;
    return new Camera(width, height, perspective, right, up, toViewer, target, scale, distance);
  }

  /**
   * Projects a world point; writes screen x, screen y (pixels) and nearness into `out[0..2]`.
   * Returns false for a point behind a perspective eye.
   */
  project(x: number, y: number, z: number, out: Float64Array): boolean {
    const px = x - this.target[0],
      py = y - this.target[1],
      pz = z - this.target[2];
    const xc = px * this.right[0] + py * this.right[1] + pz * this.right[2];
    const yc = px * this.up[0] + py * this.up[1] + pz * this.up[2];
    const zc = px * this.toViewer[0] + py * this.toViewer[1] + pz * this.toViewer[2];
    if (this.perspective) {
      const w = this.distance - zc;
      if (w <= 1e-9) return false;
      out[0] = this.width / 2 + (this.scale * xc) / w;
      out[1] = this.height / 2 - (this.scale * yc) / w;
      out[2] = 1 / w;
    } else {
      out[0] = this.width / 2 + this.scale * xc;
      out[1] = this.height / 2 - this.scale * yc;
      out[2] = zc;
    }
    return true;
  }

  /** Pixels per model unit at the depth of world point (x, y, z) (for splat sizes). */
  pixelsPerUnitAt(x: number, y: number, z: number): number {
    if (!this.perspective) return this.scale;
    const zc = (x - this.target[0]) * this.toViewer[0] + (y - this.target[1]) * this.toViewer[1] + (z - this.target[2]) * this.toViewer[2];
    return this.scale / Math.max(1e-9, this.distance - zc);
  }
}
