import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMesh, renderPoints } from '../../src/render/renderMesh.ts';
import type { Mesh } from '../../src/geometry/Mesh.ts';

/** Axis-aligned box [lo, hi]^3 as 12 outward triangles. */
function box(lo: [number, number, number], hi: [number, number, number]): Mesh {
  const [a, b, c] = lo,
    [d, e, f] = hi;
  const pos = [a, b, c, d, b, c, d, e, c, a, e, c, a, b, f, d, b, f, d, e, f, a, e, f];
  const faces = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3];
  return { positions: Float32Array.from(pos), faces: Uint32Array.from(faces) };
}

const WHITE = [255, 255, 255, 255];
const covered = (rgba: Uint8Array, x: number, y: number, w: number) => {
  const o = 4 * (y * w + x);
  return !(rgba[o] === 255 && rgba[o + 1] === 255 && rgba[o + 2] === 255);
};

test('unit cube, orthographic, face-on, framed by [-1,1]^3 without margin: exactly the 50×50 centre square', () => {
  // 100 px across 2 units → 50 px per unit; the cube's front face [-0.5, 0.5]² maps to pixels [25, 75)².
  const W = 100,
    H = 100;
  const rgba = renderMesh(box([-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]), {
    width: W,
    height: H,
    view: { azimuth: 0, elevation: 0 },
    projection: 'orthographic',
    bounds: { min: [-1, -1, -1], max: [1, 1, 1] },
    margin: 0,
    background: WHITE,
  });
  let n = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const inside = x >= 25 && x < 75 && y >= 25 && y < 75;
      assert.equal(covered(rgba, x, y, W), inside, `pixel (${x}, ${y})`);
      if (inside) n++;
    }
  assert.equal(n, 2500);
});

test('a non-square image keeps the aspect: 200×100 image, cube fills the central 50×50 px', () => {
  // Limiting side is the height: 100 px over 2 units = 50 px/unit → cube is 50 px wide, centred at x = 100.
  const rgba = renderMesh(box([-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]), {
    width: 200,
    height: 100,
    view: { azimuth: 0, elevation: 0 },
    bounds: { min: [-1, -1, -1], max: [1, 1, 1] },
    margin: 0,
    background: WHITE,
  });
  let n = 0,
    minX = 999,
    maxX = -1;
  for (let y = 0; y < 100; y++)
    for (let x = 0; x < 200; x++)
      if (covered(rgba, x, y, 200)) {
        n++;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
      }
  assert.equal(n, 2500);
  assert.deepEqual([minX, maxX], [75, 124]);
});

test('perspective, face-on: the cube covers the hand-computed 46×46 px square', () => {
  // Camera distance D = R / sin(fov/2) with R = √3 (half-diagonal of [-1,1]^3), fov 30°: D = 6.6921.
  // The fit puts the bounds' nearest corners (z = 1, x = ±1) at the image edge: focal f = 50 (D − 1).
  // The cube's front face (z = 0.5) then has half-width f · 0.5 / (D − 0.5) = 22.98 px, i.e. it spans
  // x ∈ [27.02, 72.98]: pixel centres 27.5 … 72.5, 46 of them per side. The other faces are behind it.
  const D = Math.sqrt(3) / Math.sin((15 * Math.PI) / 180);
  const half = (50 * (D - 1) * 0.5) / (D - 0.5);
  assert.ok(Math.abs(half - 22.98) < 0.01);
  const rgba = renderMesh(box([-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]), {
    width: 100,
    height: 100,
    view: { azimuth: 0, elevation: 0 },
    projection: 'perspective',
    fovDeg: 30,
    bounds: { min: [-1, -1, -1], max: [1, 1, 1] },
    margin: 0,
    background: WHITE,
  });
  let n = 0;
  for (let y = 0; y < 100; y++)
    for (let x = 0; x < 100; x++) {
      const inside = x >= 27 && x <= 72 && y >= 27 && y <= 72;
      assert.equal(covered(rgba, x, y, 100), inside, `pixel (${x}, ${y})`);
      if (inside) n++;
    }
  assert.equal(n, 46 * 46);
});

test('z-buffer: of two overlapping squares the nearer one wins, from either side', () => {
  // Square A (red) in the plane z = 0 over [-0.5, 0.3]²; square B (green) in z = 0.4 over [-0.3, 0.5]².
  const positions = Float32Array.from([
    -0.5, -0.5, 0, 0.3, -0.5, 0, 0.3, 0.3, 0, -0.5, 0.3, 0, -0.3, -0.3, 0.4, 0.5, -0.3, 0.4, 0.5, 0.5, 0.4, -0.3, 0.5, 0.4,
  ]);
  const faces = Uint32Array.from([0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7]);
  const colors = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0]);
  const mesh: Mesh = { positions, faces, colors };
  const bounds = { min: [-1, -1, -1] as [number, number, number], max: [1, 1, 1] as [number, number, number] };
  const pix = (rgba: Uint8Array, x: number, y: number) => [rgba[4 * (y * 100 + x)], rgba[4 * (y * 100 + x) + 1]];
  // From the front (camera on +z): B (z = 0.4) is nearer. The overlap [-0.3, 0.3]² is around the centre.
  const front = renderMesh(mesh, { width: 100, height: 100, view: { azimuth: 0, elevation: 0 }, bounds, margin: 0 });
  const [r1, g1] = pix(front, 50, 50);
  assert.ok(g1 > 0 && r1 === 0, `front: centre should be green, got r=${r1} g=${g1}`);
  // From behind (azimuth 180): A is nearer; screen x is mirrored but the centre pixel is still in the overlap.
  const back = renderMesh(mesh, { width: 100, height: 100, view: { azimuth: 180, elevation: 0 }, bounds, margin: 0 });
  const [r2, g2] = pix(back, 50, 50);
  assert.ok(r2 > 0 && g2 === 0, `back: centre should be red, got r=${r2} g=${g2}`);
  // Only-A corner (x, y ∈ [-0.5, -0.3]) is red from the front: world (-0.4, -0.4) → pixel (30, 70).
  const [r3, g3] = pix(front, 30, 70);
  assert.ok(r3 > 0 && g3 === 0);
});

test('point splats: one point of radius 2 px covers the 12 pixel centres within 2 px of it', () => {
  // Pixel centres at offsets ±0.5, ±1.5 from the splat centre: 0.5²+0.5² and 0.5²+1.5² are ≤ 4 (4 + 8
  // pixels); 1.5²+1.5² = 4.5 is not.
  const rgba = renderPoints(Float32Array.from([0, 0, 0]), {
    width: 100,
    height: 100,
    view: { azimuth: 0, elevation: 0 },
    bounds: { min: [-1, -1, -1], max: [1, 1, 1] },
    margin: 0,
    radius: 2,
    background: WHITE,
  });
  let n = 0;
  for (let i = 0; i < 100 * 100; i++) if (covered(rgba, i % 100, Math.floor(i / 100), 100)) n++;
  assert.equal(n, 12);
  assert.ok(covered(rgba, 49, 49, 100) && covered(rgba, 50, 50, 100) && covered(rgba, 48, 49, 100) && !covered(rgba, 48, 48, 100));
});

test('smooth and flat shading cover the same pixels; vertex colours are interpolated', () => {
  const cube = box([-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]);
  const o = { width: 64, height: 64, view: { azimuth: 30, elevation: 20 }, background: WHITE };
  const flat = renderMesh(cube, { ...o, shading: 'flat' }),
    smooth = renderMesh(cube, { ...o, shading: 'smooth' });
  for (let i = 0; i < 64 * 64; i++)
    assert.equal(covered(flat, i % 64, Math.floor(i / 64), 64), covered(smooth, i % 64, Math.floor(i / 64), 64));
  assert.notDeepEqual(flat, smooth);
  assert.throws(() => renderMesh(cube, { ...o, colors: new Uint8Array(3) }), RangeError);
});
