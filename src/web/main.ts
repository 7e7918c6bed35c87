/**
 * The page: wires the controls to the viewer and the reconstruction worker. State shown in the
 * DOM for people and for the end-to-end test: `body[data-state]` (starting | no-model | ready |
 * running | done | error), `#stats[data-points|data-vertices|data-faces]` (of the mesh on
 * screen), `#legend[data-accuracy|data-completeness|data-missing|data-extra]`, `#error` (plain
 * words). `window.pointoccView` exposes what only the canvas shows (whether a mesh is drawn,
 * its on-screen rectangle) to the end-to-end test.
 */
import { NN_WASM_URL } from '../nn/engine/loadWasm.ts';
import { encodeMesh } from '../io/codec.ts';
import type { Mesh } from '../geometry/Mesh.ts';
import type { ErrorFigures } from './workerProtocol.ts';
import { Viewer, type Shading } from './Viewer.ts';
import { ReconClient, CancelledError } from './ReconClient.ts';
import { readCloudFile, readMeshFile, checkFileSize, UserFacingError } from './readCloudFile.ts';
import { MANIFEST_FILE, type AssetManifest } from './assetManifest.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};
const ui = {
  drop: $('drop'),
  file: $<HTMLInputElement>('file'),
  example: $<HTMLSelectElement>('example'),
  gtFile: $<HTMLInputElement>('gt-file'),
  cloudInfo: $('cloud-info'),
  modelInfo: $('model-info'),
  resolution: $<HTMLSelectElement>('resolution'),
  steps: $<HTMLSelectElement>('steps'),
  threshold: $<HTMLInputElement>('threshold'),
  run: $<HTMLButtonElement>('run'),
  cancel: $<HTMLButtonElement>('cancel'),
  progress: $<HTMLProgressElement>('progress'),
  progressText: $('progress-text'),
  wireframe: $<HTMLInputElement>('wireframe'),
  showPoints: $<HTMLInputElement>('show-points'),
  errorColors: $<HTMLInputElement>('error-colors'),
  legend: $('legend'),
  legendFigures: $('legend-figures'),
  legendMissingKey: $('legend-missing-key'),
  legendMin: $('legend-min'),
  legendMax: $('legend-max'),
  stats: $('stats'),
  downloadPly: $<HTMLButtonElement>('download-ply'),
  downloadGlb: $<HTMLButtonElement>('download-glb'),
  error: $('error'),
  warnings: $('warnings'),
  viewport: $('viewport'),
  noWebgl: $('no-webgl'),
};

const viewer = new Viewer(ui.viewport);
ui.noWebgl.hidden = viewer.available;
(globalThis as unknown as { pointoccView: unknown }).pointoccView = {
  hasMesh: () => viewer.hasMesh(),
  meshScreenRect: () => viewer.meshScreenRect(),
};

/** The current input and result. */
let cloud: { name: string; positions: Float32Array } | null = null;
let groundTruth: { name: string; mesh: Mesh } | null = null;
/** The result on screen. `unit`: input units per unit-cube unit (the cloud's longest bounding-box
 *  side), the unit of the error figures. It stays on screen while a new run computes, and after
 *  a cancelled one; only a finished run or a new input replaces it. */
let result: { mesh: Mesh; unit: number; errors?: Omit<ErrorFigures, 'colors'>; colors?: Uint8Array; statsText: string } | null = null;
let client: ReconClient | null = null;
let running = false;
/** Bumped whenever the input changes, so a late reply for an old input is ignored. */
let generation = 0;

const setState = (s: string): void => {
  document.body.dataset.state = s;
};

function showError(message: string | null): void {
  ui.error.textContent = message ?? '';
  ui.error.hidden = !message;
  if (message) setState('error');
}

function showWarnings(list: string[]): void {
  ui.warnings.textContent = list.join('\n');
  ui.warnings.hidden = list.length === 0;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function updateButtons(): void {
  ui.run.disabled = running || !client || !cloud;
  ui.cancel.disabled = !running;
  ui.downloadPly.disabled = ui.downloadGlb.disabled = !result || result.mesh.faces.length === 0;
  ui.errorColors.disabled = !groundTruth;
}

function updateStats(extra = result?.statsText ?? ''): void {
  const pts = cloud ? cloud.positions.length / 3 : 0;
  const v = result ? result.mesh.positions.length / 3 : 0,
    f = result ? result.mesh.faces.length / 3 : 0;
  ui.stats.dataset.points = String(pts);
  ui.stats.dataset.vertices = String(v);
  ui.stats.dataset.faces = String(f);
  const lines = [`${pts.toLocaleString('en-US')} input points`];
  if (result) lines.push(`${v.toLocaleString('en-US')} vertices, ${f.toLocaleString('en-US')} faces`);
  if (extra) lines.push(extra);
  ui.stats.textContent = lines.join('\n');
}

// ---------------------------------------------------------------------------------- input

/** Show a new input cloud (drops the previous result and ground truth). */
function setCloud(name: string, positions: Float32Array, info: string, gt: { name: string; mesh: Mesh } | null): void {
  generation++;
  if (running) cancel();
  cloud = { name, positions };
  groundTruth = gt;
  result = null;
  ui.legend.hidden = true;
  viewer.setPoints(positions);
  viewer.setPointsVisible(ui.showPoints.checked);
  ui.cloudInfo.textContent = info + (gt ? ` · ground truth: ${gt.name}` : '');
  ui.progress.value = 0;
  ui.progressText.textContent = '';
  showError(null);
  showWarnings([]);
  setState(client ? 'ready' : 'no-model');
  updateStats();
  updateButtons();
}

async function openCloudFile(file: File): Promise<void> {
  try {
    checkFileSize(file.name, file.size);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const r = readCloudFile(bytes, file.name);
    const n = r.cloud.positions.length / 3;
    const notes = [`${file.name}: ${n.toLocaleString('en-US')} points (${r.format.toUpperCase()}${r.fromMesh ? ', mesh vertices' : ''})`];
    if (r.dropped) notes.push(`${r.dropped} points with NaN/Inf coordinates dropped`);
    ui.example.value = '';
    setCloud(file.name, r.cloud.positions, notes.join('; '), null);
  } catch (e) {
    showError(e instanceof UserFacingError ? e.message : `Cannot read "${file.name}": ${messageOf(e)}`);
  }
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new UserFacingError(`Cannot load ${what} (${res.status} ${res.statusText}).`);
  return new Uint8Array(await res.arrayBuffer());
}

async function openExample(ex: AssetManifest['examples'][number]): Promise<void> {
  try {
    const bytes = await fetchBytes(ex.file, `the example "${ex.name}"`);
    const r = readCloudFile(bytes, ex.file.split('/').pop()!);
    let gt: { name: string; mesh: Mesh } | null = null;
    if (ex.groundTruth) {
      const gname = ex.groundTruth.split('/').pop()!;
      gt = { name: gname, mesh: readMeshFile(await fetchBytes(ex.groundTruth, 'its ground truth'), gname) };
    }
    setCloud(ex.name, r.cloud.positions, `Example "${ex.name}": ${(r.cloud.positions.length / 3).toLocaleString('en-US')} points`, gt);
  } catch (e) {
    showError(messageOf(e));
  }
}

async function openGroundTruth(file: File): Promise<void> {
  try {
    checkFileSize(file.name, file.size);
    const mesh = readMeshFile(new Uint8Array(await file.arrayBuffer()), file.name);
    groundTruth = { name: file.name, mesh };
    if (result) {
      result.colors = undefined;
      result.errors = undefined;
    } // they were against the old ground truth
    showError(null);
    if (cloud) ui.cloudInfo.textContent = `${cloud.name} · ground truth: ${file.name}`;
    updateButtons();
    await applyErrorColors();
  } catch (e) {
    showError(e instanceof UserFacingError ? e.message : messageOf(e));
  }
}

// --------------------------------------------------------------------------- reconstruction

/** Show the progress of the current step; null = a step without a count (indeterminate bar). */
function showProgress(fraction: number | null, text: string): void {
  if (fraction === null) ui.progress.removeAttribute('value');
  else ui.progress.value = fraction;
  ui.progressText.textContent = text;
}

async function run(): Promise<void> {
  if (!client || !cloud || running) return;
  const resolution = Number(ui.resolution.value),
    upsamplingSteps = Number(ui.steps.value);
  const threshold = Number(ui.threshold.value);
  if (!(threshold > 0 && threshold < 1)) {
    showError('The threshold must be a number between 0 and 1 (exclusive).');
    return;
  }
  const gen = generation;
  running = true;
  // The previous result (mesh, colours, stats, legend, warnings) stays on screen until this run
  // finishes: a cancelled run must not cost the user the result they had.
  showError(null);
  setState('running');
  updateButtons();
  showProgress(0, 'starting…');
  try {
    const r = await client.reconstruct(cloud.positions, { resolution, upsamplingSteps, threshold }, cloud.name, (f, text) => {
      if (gen !== generation) return;
      showProgress(f, text);
    });
    if (gen !== generation) return;
    const s = r.summary;
    const statsText =
      `grid ${s.resolution0}³ → ${s.resolution}³, ${s.evaluations.toLocaleString('en-US')} grid points evaluated in ${s.rounds} MISE round${s.rounds === 1 ? '' : 's'}\n` +
      `${s.subsets} input subset${s.subsets > 1 ? 's' : ''} of ${s.subsetSize}${s.poses > 1 ? ` in ${s.poses} poses` : ''} · threshold ${Number(s.threshold.toPrecision(4))} · ${s.watertight ? 'watertight' : 'not watertight'}`;
    result = { mesh: { positions: r.positions, faces: r.faces }, unit: 1 / s.scale, statsText };
    ui.legend.hidden = true;
    viewer.setMesh(r.positions, r.faces);
    showProgress(1, `done in ${s.seconds.toFixed(1)} s (network ${s.networkSeconds.toFixed(1)} s)`);
    updateStats();
    showWarnings(s.warnings);
    running = false;
    setState('done');
    updateButtons();
    await applyErrorColors();
  } catch (e) {
    // a new input (setCloud) cancelled this run and has set the page up for itself
    if (gen !== generation) return;
    running = false;
    if (e instanceof CancelledError) {
      showProgress(0, result ? 'cancelled: the previous result is still shown' : 'cancelled');
      setState(!client ? 'no-model' : result ? 'done' : 'ready');
      updateButtons();
      // the cancel also stopped error colouring the previous result may have been waiting for
      await applyErrorColors();
      return;
    }
    showError(messageOf(e));
    updateButtons();
  }
}

function cancel(): void {
  if (!running || !client) return;
  client.cancel();
  running = false;
  updateButtons();
}

/** Figures with 3 significant digits (unit-cube units). */
const fig = (x: number): string => x.toPrecision(3);
const pct = (x: number): string => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 2 : 1)} %`;

/**
 * Error colours against the ground truth (when both exist and the box is ticked), both ways:
 * the reconstruction coloured by its signed distance to the ground truth (that direction alone
 * cannot show a missing part: a lamp without its base is close to the ground truth everywhere),
 * and the ground truth the reconstruction misses drawn as magenta points, with the mean
 * distances of both directions and the missing / extra area shares in the legend. Distances in
 * unit-cube units of the normalised frame (the cloud's bounding box, longest side 1).
 */
async function applyErrorColors(): Promise<void> {
  if (!result || result.mesh.faces.length === 0 || !client) return;
  if (!groundTruth || !ui.errorColors.checked) {
    viewer.setColors(undefined);
    viewer.setMissing(undefined);
    ui.legend.hidden = true;
    return;
  }
  if (!result.colors) {
    const target = result,
      gt = groundTruth,
      gen = generation;
    const note = ' · measuring the error against the ground truth…';
    if (!running) ui.progressText.textContent += note;
    try {
      const { colors, ...errors } = await client.errorColors(
        target.mesh.positions,
        target.mesh.faces,
        gt.mesh.positions,
        gt.mesh.faces,
        target.unit,
      );
      if (gen !== generation || result !== target || groundTruth !== gt) return;
      target.colors = colors;
      target.errors = errors;
    } catch (e) {
      if (!(e instanceof CancelledError)) showError(messageOf(e));
      return;
    } finally {
      const t = ui.progressText.textContent ?? '';
      if (t.endsWith(note)) ui.progressText.textContent = t.slice(0, -note.length);
    }
    if (!ui.errorColors.checked) return; // unticked while computing
  }
  const e = result.errors!;
  viewer.setColors(result.colors);
  viewer.setMissing(e.missingPoints);
  ui.legendMin.textContent = `−${e.range.toPrecision(2)}`;
  ui.legendMax.textContent = `+${e.range.toPrecision(2)}`;
  ui.legendMissingKey.textContent = `Ground truth farther than ${e.tau} from the reconstruction: missing in the reconstruction (faint where the surface hides it).`;
  const rows: Array<[string, string]> = [
    ['Accuracy (reconstruction → ground truth)', `mean distance ${fig(e.accuracy)}`],
    ['Completeness (ground truth → reconstruction)', `mean distance ${fig(e.completeness)}`],
    ['Missing', `${pct(e.missingFraction)} of the ground truth's area is farther than ${e.tau} from the reconstruction`],
    ['Extra', `${pct(e.extraFraction)} of the reconstruction's area is farther than ${e.tau} from the ground truth`],
  ];
  ui.legendFigures.replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt'),
        dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = v;
      return [dt, dd];
    }),
  );
  Object.assign(ui.legend.dataset, {
    accuracy: String(e.accuracy),
    completeness: String(e.completeness),
    missing: String(e.missingFraction),
    extra: String(e.extraFraction),
  });
  ui.legend.hidden = false;
}

function download(format: 'ply' | 'glb'): void {
  if (!result || !cloud) return;
  const mesh: Mesh = { positions: result.mesh.positions, faces: result.mesh.faces };
  if (result.colors && ui.errorColors.checked && groundTruth) mesh.colors = result.colors;
  const bytes = encodeMesh(mesh, format);
  const blob = new Blob([bytes as BlobPart], { type: format === 'glb' ? 'model/gltf-binary' : 'application/octet-stream' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${cloud.name.replace(/\.[^.]+$/, '')}-pointocc.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ------------------------------------------------------------------------------- start-up

async function loadModel(manifest: AssetManifest): Promise<void> {
  const m = manifest.model;
  if (!m) {
    ui.modelInfo.textContent =
      'No model bundled: reconstruction is unavailable. Train one (pointocc train) into models/pcnn-occ-corpus/ and rebuild the site.';
    setState('no-model');
    return;
  }
  ui.modelInfo.textContent = `Loading the model "${m.name}" (${(m.bytes / 1e6).toFixed(1)} MB)…`;
  const [wasmBytes, configBytes, weights] = await Promise.all([
    fetchBytes(NN_WASM_URL.href, 'the compute kernels (nn.wasm)'),
    fetchBytes(m.config, 'the model configuration'),
    fetchBytes(m.weights, 'the model weights'),
  ]);
  const wasm = await WebAssembly.compile(wasmBytes as BufferSource);
  const c = new ReconClient({ wasm, configText: new TextDecoder().decode(configBytes), weights, name: m.name });
  const info = await c.start();
  client = c;
  ui.threshold.value = String(info.threshold);
  const iou = typeof m.metrics?.iou === 'number' ? ` · validation IoU ${m.metrics.iou.toFixed(3)}` : '';
  ui.modelInfo.textContent = `Model "${m.name}"${m.trainedOn ? ` (trained on ${m.trainedOn})` : ''}: ${info.parameters.toLocaleString('en-US')} parameters, trained on ${info.inputSizes}-point clouds${info.poses > 1 ? `, reads each cloud in ${info.poses} poses` : ''}${iou}.`;
  if (!running && document.body.dataset.state !== 'error') setState('ready');
  updateButtons();
}

async function start(): Promise<void> {
  let manifest: AssetManifest;
  try {
    const res = await fetch(MANIFEST_FILE, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    manifest = (await res.json()) as AssetManifest;
  } catch (e) {
    manifest = { model: null, examples: [] };
    showError(`The list of bundled files (${MANIFEST_FILE}) could not be loaded: ${messageOf(e)}.`);
  }
  for (const ex of manifest.examples) {
    const o = document.createElement('option');
    o.value = ex.name;
    o.textContent = `${ex.name}${ex.groundTruth ? ' (with ground truth)' : ''}`;
    ui.example.appendChild(o);
  }
  ui.example.addEventListener('change', () => {
    const ex = manifest.examples.find((x) => x.name === ui.example.value);
    if (ex) void openExample(ex);
  });
  try {
    await loadModel(manifest);
  } catch (e) {
    ui.modelInfo.textContent = 'The model could not be loaded.';
    showError(messageOf(e));
  }
}

// ------------------------------------------------------------------------------- events

ui.file.addEventListener('change', () => {
  const f = ui.file.files?.[0];
  if (f) void openCloudFile(f);
  ui.file.value = '';
});
ui.gtFile.addEventListener('change', () => {
  const f = ui.gtFile.files?.[0];
  if (f) void openGroundTruth(f);
  ui.gtFile.value = '';
});
for (const t of [ui.drop, document.body]) {
  t.addEventListener('dragover', (e) => {
    e.preventDefault();
    ui.drop.classList.add('over');
  });
  t.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
  t.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    ui.drop.classList.remove('over');
    const f = (e as DragEvent).dataTransfer?.files?.[0];
    if (f) void openCloudFile(f);
  });
}
ui.drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') ui.file.click();
});
ui.run.addEventListener('click', () => void run());
ui.cancel.addEventListener('click', cancel);
for (const r of Array.from(document.querySelectorAll<HTMLInputElement>('input[name=shading]'))) {
  r.addEventListener('change', () => {
    if (r.checked) viewer.setShading(r.value as Shading);
  });
}
ui.wireframe.addEventListener('change', () => viewer.setWireframe(ui.wireframe.checked));
ui.showPoints.addEventListener('change', () => viewer.setPointsVisible(ui.showPoints.checked));
ui.errorColors.addEventListener('change', () => void applyErrorColors());
ui.downloadPly.addEventListener('click', () => download('ply'));
ui.downloadGlb.addEventListener('click', () => download('glb'));

updateStats();
updateButtons();
void start();
