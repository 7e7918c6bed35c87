/**
 * The 3-D view: the input points and the reconstructed mesh in one three.js scene with
 * OrbitControls. Renders on demand (after a change or a camera move), so an idle page costs
 * nothing while the worker computes. Works without WebGL too: then `available` is false and the
 * page says so, but everything else (reconstruction, downloads) still runs.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

export type Shading = 'smooth' | 'flat';

/** Colour of the ground truth the reconstruction misses (CSS: the legend's swatch). */
export const MISSING_COLOR = 0xd81bd8;

export class Viewer {
  /** False when no WebGL context could be made (the canvas then shows nothing). */
  readonly available: boolean;
  private readonly renderer: THREE.WebGLRenderer | null = null;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
  private readonly controls: OrbitControls | null = null;
  private points: THREE.Points | null = null;
  private mesh: THREE.Mesh | null = null;
  private wire: THREE.LineSegments | null = null;
  /** Ground-truth samples the reconstruction misses (error colouring), magenta: a depth-tested
   *  pass and a faint one drawn through the surface. */
  private missing: THREE.Group | null = null;
  private readonly surfaceMaterial = new THREE.MeshStandardMaterial({
    color: 0xd9c7a3,
    roughness: 0.65,
    metalness: 0.05,
    side: THREE.DoubleSide,
  });
  private readonly wireMaterial = new THREE.LineBasicMaterial({ color: 0x1b2a3a, transparent: true, opacity: 0.35 });
  private readonly pointMaterial = new THREE.PointsMaterial({ color: 0x1f6fd1, size: 3, sizeAttenuation: false });
  /** Magenta is not on the jet scale of the reconstruction's colours, so missing ground truth
   *  cannot be read as a distance of the reconstruction. */
  private readonly missingMaterial = new THREE.PointsMaterial({ color: MISSING_COLOR, size: 3, sizeAttenuation: false });
  /** Missing ground truth can lie inside a too-large reconstruction, hidden by it: this pass
   *  draws it through the surface, faint, so the figures never point at nothing visible. */
  private readonly missingXrayMaterial = new THREE.PointsMaterial({
    color: MISSING_COLOR,
    size: 2,
    sizeAttenuation: false,
    transparent: true,
    opacity: 0.3,
    depthTest: false,
    depthWrite: false,
  });
  private shading: Shading = 'smooth';
  private wireOn = false;
  private frame = 0;
  /** The sphere the camera was last framed on, and whether the user moved the camera since
   *  (a resize re-frames only an untouched view). */
  private framed: THREE.Sphere | null = null;
  private userMoved = false;

  /** @param container the element the canvas fills (its size is followed). */
  constructor(private readonly container: HTMLElement) {
    try {
      this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    } catch {
      this.available = false;
      return;
    }
    this.available = true;
    this.renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    this.renderer.setClearColor(0xf4f5f7);
    container.appendChild(this.renderer.domElement);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x667788, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(1, 2, 1.5);
    this.camera.add(sun); // light follows the camera: the side one looks at is always lit
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.addEventListener('start', () => {
      this.userMoved = true;
    });
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  /** Show a cloud (replaces the previous one and the mesh) and frame the camera on it. */
  setPoints(positions: Float32Array, colors?: Uint8Array): void {
    this.clearMesh();
    if (this.points) {
      this.scene.remove(this.points);
      this.points.geometry.dispose();
    }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    if (colors) {
      g.setAttribute('color', new THREE.BufferAttribute(colors, 3, true));
      this.pointMaterial.vertexColors = true;
      this.pointMaterial.color.set(0xffffff);
    } else {
      this.pointMaterial.vertexColors = false;
      this.pointMaterial.color.set(0x1f6fd1);
    }
    this.pointMaterial.needsUpdate = true;
    this.points = new THREE.Points(g, this.pointMaterial);
    this.scene.add(this.points);
    this.frameOn(g);
  }

  /** Show or hide the input points. */
  setPointsVisible(on: boolean): void {
    if (this.points) this.points.visible = on;
    this.requestRender();
  }

  /** Show a mesh (replacing the previous one); `colors` are per-vertex RGB 0–255. */
  setMesh(positions: Float32Array, faces: Uint32Array, colors?: Uint8Array): void {
    this.clearMesh();
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    g.setIndex(new THREE.BufferAttribute(faces, 1));
    g.computeVertexNormals();
    this.mesh = new THREE.Mesh(g, this.surfaceMaterial);
    this.wire = new THREE.LineSegments(new THREE.WireframeGeometry(g), this.wireMaterial);
    this.wire.visible = this.wireOn;
    this.scene.add(this.mesh, this.wire);
    this.setColors(colors);
    this.frameOn(g, this.points?.geometry);
  }

  /**
   * Show ground-truth points the reconstruction misses (input units), in magenta; undefined
   * removes them. The camera is not re-framed (it stays on the reconstruction and the cloud).
   */
  setMissing(positions?: Float32Array): void {
    if (this.missing) {
      this.scene.remove(this.missing);
      (this.missing.children[0] as THREE.Points).geometry.dispose();
      this.missing = null;
    }
    if (positions && positions.length > 0) {
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
      const xray = new THREE.Points(g, this.missingXrayMaterial);
      xray.renderOrder = 1; // after the opaque surface
      this.missing = new THREE.Group().add(new THREE.Points(g, this.missingMaterial), xray);
      this.scene.add(this.missing);
    }
    this.requestRender();
  }

  /** True while a mesh is shown. */
  hasMesh(): boolean {
    return this.mesh !== null;
  }

  /**
   * The rectangle, in CSS pixels of the page (as getBoundingClientRect), that the projection of
   * the mesh's bounding box covers: it contains every pixel of the mesh. Null without a mesh.
   */
  meshScreenRect(): { left: number; top: number; right: number; bottom: number } | null {
    if (!this.mesh || !this.renderer) return null;
    const g = this.mesh.geometry;
    g.computeBoundingBox();
    const b = g.boundingBox!,
      c = this.renderer.domElement.getBoundingClientRect();
    this.camera.updateMatrixWorld();
    let left = Infinity,
      top = Infinity,
      right = -Infinity,
      bottom = -Infinity;
    const v = new THREE.Vector3();
    for (let k = 0; k < 8; k++) {
      v.set(k & 1 ? b.max.x : b.min.x, k & 2 ? b.max.y : b.min.y, k & 4 ? b.max.z : b.min.z).project(this.camera);
      const x = c.left + ((v.x + 1) / 2) * c.width,
        y = c.top + ((1 - v.y) / 2) * c.height;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
    return { left, top, right, bottom };
  }

  /** Per-vertex colours of the current mesh (error colouring), or undefined for the plain material. */
  setColors(colors?: Uint8Array): void {
    if (!this.mesh) return;
    const g = this.mesh.geometry;
    if (colors) g.setAttribute('color', new THREE.BufferAttribute(colors, 3, true));
    else g.deleteAttribute('color');
    this.surfaceMaterial.vertexColors = !!colors;
    this.surfaceMaterial.color.set(colors ? 0xffffff : 0xd9c7a3);
    this.surfaceMaterial.needsUpdate = true;
    this.requestRender();
  }

  /** Smooth (interpolated vertex normals) or flat (per-face normals) shading. */
  setShading(s: Shading): void {
    this.shading = s;
    this.surfaceMaterial.flatShading = s === 'flat';
    this.surfaceMaterial.needsUpdate = true;
    this.requestRender();
  }

  /** Current shading mode. */
  getShading(): Shading {
    return this.shading;
  }

  /** Draw the mesh edges over the surface. */
  setWireframe(on: boolean): void {
    if (this.wire) this.wire.visible = on;
    this.wireOn = on;
    this.requestRender();
  }

  /** Remove the mesh and the missing ground truth shown with it (the input points stay). */
  clearMesh(): void {
    if (this.mesh) {
      this.scene.remove(this.mesh);
      this.mesh.geometry.dispose();
      this.mesh = null;
    }
    if (this.wire) {
      this.scene.remove(this.wire);
      this.wire.geometry.dispose();
      this.wire = null;
    }
    this.setMissing(undefined);
    this.requestRender();
  }

  /** Render once on the next animation frame (coalesced). */
  requestRender(): void {
    if (!this.renderer || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderer!.render(this.scene, this.camera);
    });
  }

  /** Point the camera at the union of the geometries' bounding boxes, from above-front-right. */
  private frameOn(...gs: Array<THREE.BufferGeometry | undefined>): void {
    const box = new THREE.Box3();
    for (const g of gs) {
      if (!g) continue;
      g.computeBoundingBox();
      box.union(g.boundingBox!);
    }
    this.framed = box.getBoundingSphere(new THREE.Sphere());
    this.userMoved = false;
    this.placeCamera(this.framed);
  }

  /**
   * Camera at the distance where the sphere fits the narrower of the two fields of view: the
   * vertical one (camera.fov) or the horizontal one, which is narrower in a portrait canvas
   * (the canvas is the area between the control panel and the info column, so nothing is drawn
   * over it). 5 % margin.
   */
  private placeCamera(s: THREE.Sphere): void {
    const r = Math.max(s.radius, 1e-6);
    const halfV = THREE.MathUtils.degToRad(this.camera.fov / 2);
    const halfH = Math.atan(Math.tan(halfV) * this.camera.aspect);
    const dist = (r / Math.sin(Math.min(halfV, halfH))) * 1.05;
    const dir = new THREE.Vector3(0.9, 0.6, 1.3).normalize();
    this.camera.position.copy(s.center).addScaledVector(dir, dist);
    this.camera.near = dist / 100;
    this.camera.far = dist * 100;
    this.camera.updateProjectionMatrix();
    if (this.controls) {
      this.controls.target.copy(s.center);
      this.controls.update();
    }
    this.requestRender();
  }

  private resize(): void {
    if (!this.renderer) return;
    const w = Math.max(1, this.container.clientWidth),
      h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    if (this.framed && !this.userMoved) this.placeCamera(this.framed);
    this.requestRender();
  }
}
