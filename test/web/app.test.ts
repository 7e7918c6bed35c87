// End-to-end test of the web app (src/web) in real Chromium: builds the static site with a tiny
// random model, serves it from a plain static file server under a sub-path (so relative URLs are
// exercised), opens it with playwright-core + Debian's chromium, reconstructs an example,
// checks the mesh on the page and the downloaded PLY/GLB, cancels a long run, and checks the
// plain-words errors for a malformed file and a too-small cloud. Screenshots go to reports/web/
// (POINTOCC_WEB_SHOTS overrides the folder).
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

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.POINTOCC_WEB_SHOTS ?? join(REPO_ROOT, 'reports', 'web');
const EXAMPLE = 'chair';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // software WebGL (SwiftShader) for three.js without a GPU; Chromium no longer falls back by itself
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
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
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** A plain static file server for `root`, mounted at `/prefix/`. */
function serveStatic(root: string, prefix: string): Promise<Server> {
  const s = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!url.startsWith(prefix)) { res.statusCode = 404; res.end(); return; }
    let path = normalize(join(root, url.slice(prefix.length)));
    if (!path.startsWith(root + sep) && path !== root) { res.statusCode = 403; res.end(); return; }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) { res.statusCode = 404; res.end(); return; }
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
  const b = spawnSync(process.execPath, [vite, 'build', '--config', 'src/web/vite.config.ts', '--outDir', site, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: REPO_ROOT, env: { ...process.env, POINTOCC_WEB_MODEL: modelDir }, encoding: 'utf8',
  });
  assert.equal(b.status, 0, `vite build failed:\n${b.stdout}\n${b.stderr}`);
  server = await serveStatic(site, '/pointocc/');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pointocc/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) pageErrors.push(`${r.status()} ${r.url()}`); });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Points of the example, the normalisation's centre and longest side (computed here, from the file). */
function exampleBox(): { center: number[]; side: number } {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < exampleCloud.length; i += 3) for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], exampleCloud[i + k]); hi[k] = Math.max(hi[k], exampleCloud[i + k]); }
  return { center: [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2), side: Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) };
}

test('web app: example → reconstruction → mesh, error colours, downloads, cancel, errors', { skip, timeout: 120_000 }, async () => {
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
  assert.match(await page.textContent('#model-info') ?? '', /Model "model".*parameters, 300 input points/);
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
  assert.match(await page.textContent('#stats') ?? '', /grid 16³ → 32³/);
  // the example has a ground truth: the error colours and their legend appear
  await page.waitForSelector('#legend:not([hidden])', { timeout: 30_000 });
  await page.screenshot({ path: join(SHOTS, '2-reconstruction-error-colours.png') });
  await page.check('#shade-flat');
  await page.check('#wireframe');
  await page.uncheck('#error-colors');
  await page.screenshot({ path: join(SHOTS, '3-flat-wireframe.png') });
  await page.check('#shade-smooth');
  await page.uncheck('#wireframe');

  // download PLY: a valid mesh with the page's counts, in the cloud's own coordinates
  const [ply] = await Promise.all([page.waitForEvent('download'), page.click('#download-ply')]);
  assert.equal(ply.suggestedFilename(), `${EXAMPLE}-pointocc.ply`);
  const mesh = parseMesh(new Uint8Array(readFileSync(await ply.path())), 'download.ply');
  assert.equal(mesh.faces.length / 3, faces);
  assert.equal(mesh.positions.length / 3, vertices);
  // every vertex lies in the reconstruction box [-0.55, 0.55]³ of the unit-cube frame, mapped back
  const { center, side } = exampleBox();
  for (let i = 0; i < mesh.positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const u = (mesh.positions[i + k] - center[k]) / side;
      assert.ok(Math.abs(u) <= 0.55 + 1e-4, `vertex ${i / 3} axis ${k} at ${u} (unit-cube units) is outside the box`);
    }
  }
  // download GLB: a glTF binary container of the declared length
  const [glb] = await Promise.all([page.waitForEvent('download'), page.click('#download-glb')]);
  const g = readFileSync(await glb.path());
  assert.equal(g.toString('latin1', 0, 4), 'glTF');
  assert.equal(g.readUInt32LE(4), 2);
  assert.equal(g.readUInt32LE(8), g.length);

  // cancel a long run (128³ without refinement: 2.1 M queries), then a short run works again
  await page.selectOption('#resolution', '128');
  await page.selectOption('#steps', '0');
  await page.click('#run');
  await page.waitForFunction(() => /queries/.test(document.getElementById('progress-text')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.equal(await page.getAttribute('body', 'data-state'), 'running');
  await page.screenshot({ path: join(SHOTS, '4-running.png') });
  await page.click('#cancel');
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.textContent('#progress-text'), 'cancelled');
  assert.equal(await page.getAttribute('#stats', 'data-faces'), '0');
  await page.selectOption('#resolution', '32');
  await page.selectOption('#steps', '1');
  await page.click('#run');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
  assert.equal(Number(await page.getAttribute('#stats', 'data-faces')), faces, 'the same settings give the same mesh after a cancel');

  // a malformed file: the error is shown in plain words, the previous cloud stays
  await page.setInputFiles('#file', { name: 'broken.ply', mimeType: 'application/octet-stream',
    buffer: Buffer.from('ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n4 5\n') });
  await page.waitForSelector('#error:not([hidden])');
  const err = await page.textContent('#error') ?? '';
  assert.match(err, /^Cannot read "broken\.ply": /);
  assert.doesNotMatch(err, /at .*\.ts|Error:/, 'no stack trace or error class on the page');
  assert.equal(await page.getAttribute('body', 'data-state'), 'error');
  await page.screenshot({ path: join(SHOTS, '5-malformed-file.png') });

  // a cloud with too few points
  await page.setInputFiles('#file', { name: 'few.xyz', mimeType: 'text/plain', buffer: Buffer.from('0 0 0\n1 0 0\n0 1 0\n0 0 1\n1 1 1\n') });
  await page.waitForFunction(() => /too few points/.test(document.getElementById('error')?.textContent ?? ''));
  assert.match(await page.textContent('#error') ?? '', /"few\.xyz" has too few points: 5 points\. The reconstruction needs at least 16 points\./);

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
  assert.match(await page.textContent('#cloud-info') ?? '', /^dropped\.xyz: 300 points \(XYZ\)/);

  assert.deepEqual(pageErrors, [], 'no uncaught errors or console errors on the page');
});

test('web app: the Vite dev server (npm run web) serves a page that loads the model and reconstructs', { skip, timeout: 90_000 }, async () => {
  process.env.POINTOCC_WEB_MODEL = modelDir; // read by src/web/vite.config.ts
  const { createServer } = await import('vite');
  const dev = await createServer({ configFile: join(REPO_ROOT, 'src', 'web', 'vite.config.ts'), server: { port: 0, host: '127.0.0.1', hmr: false }, logLevel: 'error' });
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
    assert.match(await p.textContent('#stats') ?? '', /grid 16³ → 32³/);
    assert.deepEqual(errors, []);
    await p.close();
  } finally {
    delete process.env.POINTOCC_WEB_MODEL;
    await dev.close();
  }
});
