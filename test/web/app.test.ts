// End-to-end test of the web app (src/web) in real Chromium: builds the static site with a tiny
// random model, serves it from a plain static file server under a sub-path (so relative URLs are
// exercised), opens it with playwright-core + Debian's chromium, reconstructs an example,
// checks the mesh on the page and the downloaded PLY/GLB, cancels a long run, and checks the
// plain-words errors for a malformed file and a too-small cloud. Screenshots go to a folder in
// the system's temp dir, so a test run leaves the working tree clean; POINTOCC_UPDATE_SCREENSHOTS=1
// writes the tracked ones in reports/web/ instead (POINTOCC_WEB_SHOTS names any other folder).
//
// Needs /usr/bin/chromium (CHROMIUM overrides; `apt-get install -y chromium`); skipped with a
// message when it is missing. Needs build/wasm/nn.wasm (`npm run build:wasm`; `npm test` does it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../fixtures.ts';
import { parseMesh, parsePointCloud } from '../../src/io/codec.ts';
import { saveWebTestModel } from './webTestModel.ts';
import { countsIn } from '../../src/web/reconProgress.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOTS =
  process.env.POINTOCC_WEB_SHOTS ??
  (process.env.POINTOCC_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'reports', 'web') : join(tmpdir(), 'pointocc-web-screenshots'));
const EXAMPLE = 'chair';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // software WebGL (SwiftShader) for three.js without a GPU; Chromium no longer falls back by itself
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

let tmp = '';
let modelDir = '';
let server: Server | null = null;
let browser: Browser | null = null;
let page: Page;
let baseUrl = '';
const pageErrors: string[] = [];
const exampleCloud = parsePointCloud(readFileSync(join(REPO_ROOT, 'examples', `${EXAMPLE}.xyz`)), `${EXAMPLE}.xyz`).positions;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** A plain static file server for `root`, mounted at `/prefix/`. */
function serveStatic(root: string, prefix: string): Promise<Server> {
  const s = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!url.startsWith(prefix)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    let path = normalize(join(root, url.slice(prefix.length)));
    if (!path.startsWith(root + sep) && path !== root) {
      res.statusCode = 403;
      res.end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', MIME[extname(path)] ?? 'application/octet-stream');
    res.end(readFileSync(path));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'pointocc-web-'));
  modelDir = join(tmp, 'model');
  await saveWebTestModel(modelDir, exampleCloud);
  const site = join(tmp, 'site');
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const b = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'src/web/vite.config.ts', '--outDir', site, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, POINTOCC_WEB_MODEL: modelDir },
      encoding: 'utf8',
    },
  );
  assert.equal(b.status, 0, `vite build failed:\n${b.stdout}\n${b.stderr}`);
  server = await serveStatic(site, '/pointocc/');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pointocc/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) pageErrors.push(`${r.status()} ${r.url()}`);
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Points of the example, the normalisation's centre and longest side (computed here, from the file). */
function exampleBox(): { center: number[]; side: number } {
  const lo = [Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < exampleCloud.length; i += 3)
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], exampleCloud[i + k]);
      hi[k] = Math.max(hi[k], exampleCloud[i + k]);
    }
  return { center: [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2), side: Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) };
}

type Rect = { left: number; top: number; right: number; bottom: number };
const intersects = (a: Rect, b: Rect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * The mesh is drawn whole and nothing covers it: the on-screen rectangle of its bounding box lies
 * in the canvas, no visible message / statistics / legend box intersects it, and on a 9 × 9 grid
 * of points over it the topmost element is the canvas itself.
 */
async function assertMeshUncovered(p: Page): Promise<void> {
  const r = await p.evaluate(() => {
    const view = (window as unknown as { pointoccView: { meshScreenRect(): Rect | null } }).pointoccView;
    const mesh = view.meshScreenRect();
    const canvas = document.querySelector('#viewport canvas')!;
    const c = canvas.getBoundingClientRect();
    const boxes = ['messages', 'error', 'warnings', 'stats', 'legend'].map((id) => {
      const b = document.getElementById(id)!.getBoundingClientRect();
      return { id, left: b.left, top: b.top, right: b.right, bottom: b.bottom, shown: b.width > 0 && b.height > 0 };
    });
    const covering: string[] = [];
    if (mesh) {
      for (let i = 0; i <= 8; i++)
        for (let j = 0; j <= 8; j++) {
          const x = mesh.left + (mesh.right - mesh.left) * (0.02 + (0.96 * i) / 8),
            y = mesh.top + (mesh.bottom - mesh.top) * (0.02 + (0.96 * j) / 8);
          const top = document.elementFromPoint(x, y);
          if (top !== canvas) covering.push(`${top?.tagName}#${top?.id} at (${x.toFixed(0)}, ${y.toFixed(0)})`);
        }
    }
    return { mesh, canvas: { left: c.left, top: c.top, right: c.right, bottom: c.bottom }, boxes, covering };
  });
  assert.ok(r.mesh, 'a mesh is drawn');
  const m = r.mesh!,
    c = r.canvas;
  assert.ok(
    m.left >= c.left && m.right <= c.right && m.top >= c.top && m.bottom <= c.bottom,
    `the mesh ${JSON.stringify(m)} lies in the canvas ${JSON.stringify(c)}`,
  );
  for (const b of r.boxes) if (b.shown) assert.ok(!intersects(b, m), `#${b.id} ${JSON.stringify(b)} covers the mesh ${JSON.stringify(m)}`);
  assert.deepEqual(r.covering, [], 'elements drawn over the mesh');
}

test('web app: example → reconstruction → mesh, error colours, downloads, cancel, errors', { skip, timeout: 120_000 }, async (t) => {
  t.diagnostic(`screenshots in ${SHOTS}`);
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
  // every progress line the page shows, to check its counts
  await page.evaluate(() => {
    const el = document.getElementById('progress-text')!,
      seen: string[] = [];
    (window as unknown as { progressTexts: string[] }).progressTexts = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  const progressTexts = (): Promise<string[]> =>
    page.evaluate(() => (window as unknown as { progressTexts: string[] }).progressTexts.slice());
  assert.match((await page.textContent('#model-info')) ?? '', /Model "model".*parameters, trained on 300-point clouds/);
  assert.equal(await page.isHidden('#no-webgl'), true, 'WebGL (SwiftShader) should be available');

  // pick the example: its points are shown
  const options = await page.$$eval('#example option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.deepEqual(options.filter(Boolean), ['airplane', 'car', 'chair', 'lamp', 'table']);
  await page.selectOption('#example', EXAMPLE);
  await page.waitForSelector(`#stats[data-points="${exampleCloud.length / 3}"]`);
  await page.screenshot({ path: join(SHOTS, '1-example-points.png') });

  // reconstruct at 16³ + 1 MISE step (32³)
  await page.selectOption('#resolution', '32');
  await page.selectOption('#steps', '1');
  await page.click('#run');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  const faces = Number(await page.getAttribute('#stats', 'data-faces'));
  const vertices = Number(await page.getAttribute('#stats', 'data-vertices'));
  assert.ok(faces > 0, `the page shows ${faces} faces`);
  assert.equal(await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value), 1);
  const statsText = (await page.textContent('#stats')) ?? '';
  assert.match(statsText, /grid 16³ → 32³/);
  // progress: MISE rounds are counted without a total (their number is known only at the end),
  // batches and queries against the exact total of their round; no line says "k of n" with k > n
  const rounds = Number(/in (\d+) MISE rounds?/.exec(statsText)?.[1]);
  const texts = await progressTexts();
  for (const line of texts) for (const [k, n] of countsIn(line)) assert.ok(k <= n, `progress line "${line}" counts ${k} of ${n}`);
  const roundsShown = texts.flatMap((l) => [...l.matchAll(/MISE round (\d+) ·/g)].map((m) => Number(m[1])));
  assert.equal(Math.max(...roundsShown), rounds, `the progress lines count the ${rounds} rounds the summary reports`);
  // the example has a ground truth: the error colours and their legend appear, with both directions
  await page.waitForSelector('#legend:not([hidden])', { timeout: 30_000 });
  const figures = await page.$eval('#legend', (el) => ({ ...(el as HTMLElement).dataset }));
  for (const k of ['accuracy', 'completeness', 'missing', 'extra']) {
    assert.ok(Number(figures[k]) >= 0 && Number.isFinite(Number(figures[k])), `legend figure ${k} = ${figures[k]}`);
  }
  assert.ok(Number(figures.missing) <= 1 && Number(figures.extra) <= 1);
  const legendText = (await page.textContent('#legend')) ?? '';
  assert.match(legendText, /Accuracy \(reconstruction → ground truth\)mean distance \d/);
  assert.match(legendText, /Completeness \(ground truth → reconstruction\)mean distance \d/);
  assert.match(legendText, /Distances in unit-cube units/);
  await assertMeshUncovered(page);
  await page.screenshot({ path: join(SHOTS, '2-reconstruction-error-colours.png') });
  await page.check('#shade-flat');
  await page.check('#wireframe');
  await page.uncheck('#error-colors');
  await page.waitForSelector('#legend', { state: 'hidden' });
  await page.screenshot({ path: join(SHOTS, '3-flat-wireframe.png') });
  await page.check('#shade-smooth');
  await page.uncheck('#wireframe');
  await page.check('#error-colors');
  await page.waitForSelector('#legend:not([hidden])');

  // download PLY: a valid mesh with the page's counts, in the cloud's own coordinates
  const [ply] = await Promise.all([page.waitForEvent('download'), page.click('#download-ply')]);
  assert.equal(ply.suggestedFilename(), `${EXAMPLE}-pointocc.ply`);
  const mesh = parseMesh(new Uint8Array(readFileSync(await ply.path())), 'download.ply');
  assert.equal(mesh.faces.length / 3, faces);
  assert.equal(mesh.positions.length / 3, vertices);
  // every vertex lies in the reconstruction box [-0.55, 0.55]³ of the unit-cube frame, mapped back,
  // up to marching cubes' edge clamp: a crossing with the "outside" padding sits at most
  // 0.01·√(7/3) ≈ 0.0153 of a cell beyond the border (EDGE_T_MIN/MAX); cells are 1.1/32 here.
  const slack = 0.0153 * (1.1 / 32);
  const { center, side } = exampleBox();
  for (let i = 0; i < mesh.positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const u = (mesh.positions[i + k] - center[k]) / side;
      assert.ok(Math.abs(u) <= 0.55 + slack + 1e-6, `vertex ${i / 3} axis ${k} at ${u} (unit-cube units) is outside the box`);
    }
  }
  // download GLB: a glTF binary container of the declared length
  const [glb] = await Promise.all([page.waitForEvent('download'), page.click('#download-glb')]);
  const g = readFileSync(await glb.path());
  assert.equal(g.toString('latin1', 0, 4), 'glTF');
  assert.equal(g.readUInt32LE(4), 2);
  assert.equal(g.readUInt32LE(8), g.length);

  // cancel a long run (128³ + 1 step to 256³: 2.1 M queries in its first round, then the
  // refinement on the 257³ grid; with the tiny model a 128³ run without refinement reached
  // marching cubes before the screenshot was taken, so it could end before the click): the
  // previous result stays on screen while it runs and after the cancel; then a short run works
  // again
  const hasMesh = (): Promise<boolean> =>
    page.evaluate(() => (window as unknown as { pointoccView: { hasMesh(): boolean } }).pointoccView.hasMesh());
  await page.selectOption('#resolution', '256');
  await page.selectOption('#steps', '1');
  await page.click('#run');
  await page.waitForFunction(() => /round \d+ · [1-9][\d,]* of/.test(document.getElementById('progress-text')?.textContent ?? ''), null, {
    timeout: 30_000,
  });
  assert.equal(await page.getAttribute('body', 'data-state'), 'running');
  assert.equal(await hasMesh(), true, 'the previous mesh is shown while a new run computes');
  await page.screenshot({ path: join(SHOTS, '4-running.png') });
  await page.click('#cancel');
  await page.waitForSelector('body[data-state="done"]');
  assert.equal(await page.textContent('#progress-text'), 'cancelled: the previous result is still shown');
  assert.equal(await hasMesh(), true, 'the previous mesh is still drawn after Cancel');
  assert.equal(Number(await page.getAttribute('#stats', 'data-faces')), faces);
  assert.match((await page.textContent('#stats')) ?? '', /grid 16³ → 32³/);
  assert.equal(await page.isVisible('#legend'), true, 'the previous error legend is still shown');
  assert.equal(await page.isEnabled('#download-ply'), true);
  await assertMeshUncovered(page);
  await page.selectOption('#resolution', '32');
  await page.selectOption('#steps', '1');
  await page.click('#run');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  assert.equal(Number(await page.getAttribute('#stats', 'data-faces')), faces, 'the same settings give the same mesh after a cancel');
  await page.waitForSelector('#legend:not([hidden])', { timeout: 30_000 }); // its error colours come back too

  // a malformed file: the error is shown in plain words, the previous cloud stays
  await page.setInputFiles('#file', {
    name: 'broken.ply',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(
      'ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n4 5\n',
    ),
  });
  await page.waitForSelector('#error:not([hidden])');
  const err = (await page.textContent('#error')) ?? '';
  assert.match(err, /^Cannot read "broken\.ply": /);
  assert.doesNotMatch(err, /at .*\.ts|Error:/, 'no stack trace or error class on the page');
  assert.equal(await page.getAttribute('body', 'data-state'), 'error');
  await page.screenshot({ path: join(SHOTS, '5-malformed-file.png') });

  // a cloud with too few points
  await page.setInputFiles('#file', {
    name: 'few.xyz',
    mimeType: 'text/plain',
    buffer: Buffer.from('0 0 0\n1 0 0\n0 1 0\n0 0 1\n1 1 1\n'),
  });
  await page.waitForFunction(() => /too few points/.test(document.getElementById('error')?.textContent ?? ''));
  assert.match(
    (await page.textContent('#error')) ?? '',
    /"few\.xyz" has too few points: 5 points\. The reconstruction needs at least 16 points\./,
  );

  // a readable file dropped on the page replaces the cloud and clears the error
  const tableText = readFileSync(join(REPO_ROOT, 'examples', 'table.xyz'), 'utf8');
  const dataTransfer = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'dropped.xyz', { type: 'text/plain' }));
    return dt;
  }, tableText);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer });
  await page.waitForSelector('#error', { state: 'hidden' });
  assert.equal(await page.getAttribute('#stats', 'data-points'), '300');
  assert.match((await page.textContent('#cloud-info')) ?? '', /^dropped\.xyz: 300 points \(XYZ\)/);

  assert.deepEqual(pageErrors, [], 'no uncaught errors or console errors on the page');
});

test(
  'web app: the Vite dev server (npm run web) serves a page that loads the model and reconstructs',
  { skip, timeout: 90_000 },
  async () => {
    process.env.POINTOCC_WEB_MODEL = modelDir; // read by src/web/vite.config.ts
    const { createServer } = await import('vite');
    const dev = await createServer({
      configFile: join(REPO_ROOT, 'src', 'web', 'vite.config.ts'),
      server: { port: 0, host: '127.0.0.1', hmr: false },
      logLevel: 'error',
    });
    try {
      await dev.listen();
      const p = await browser!.newPage();
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(dev.resolvedUrls!.local[0]);
      await p.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
      await p.selectOption('#example', EXAMPLE);
      await p.waitForSelector(`#stats[data-points="${exampleCloud.length / 3}"]`);
      await p.selectOption('#resolution', '32');
      await p.selectOption('#steps', '1');
      await p.click('#run');
      await p.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
      assert.ok(Number(await p.getAttribute('#stats', 'data-faces')) > 0);
      assert.match((await p.textContent('#stats')) ?? '', /grid 16³ → 32³/);
      assert.deepEqual(errors, []);
      await p.close();
    } finally {
      delete process.env.POINTOCC_WEB_MODEL;
      await dev.close();
    }
  },
);
