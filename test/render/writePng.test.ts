import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { decodePng, encodePng, writePng } from '../../src/render/writePng.ts';
import { contactSheet } from '../../src/render/contactSheet.ts';
import { createImage } from '../../src/render/RgbaImage.ts';
import { drawText, textWidth } from '../../src/render/bitmapFont.ts';

test('PNG round trip: bytes written by writePng decode (pngjs) to the same RGBA', () => {
  const w = 7,
    h = 5;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37 + 11) & 255;
  assert.deepEqual(decodePng(encodePng(rgba, w, h)).data, rgba);
  const dir = mkdtempSync(join(tmpdir(), 'pointocc-png-'));
  try {
    const path = join(dir, 'sub', 'a.png');
    writePng(path, rgba, w, h);
    const png = PNG.sync.read(readFileSync(path));
    assert.equal(png.width, w);
    assert.equal(png.height, h);
    assert.deepEqual(new Uint8Array(png.data), rgba);
    assert.deepEqual(readdirSync(join(dir, 'sub')), ['a.png']); // no temporary file left behind
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => encodePng(new Uint8Array(3), 1, 1), RangeError);
});

test('contactSheet tiles row-major with gaps: 3 tiles of 10×10 in 2 columns', () => {
  const colors = [
    [255, 0, 0, 255],
    [0, 255, 0, 255],
    [0, 0, 255, 255],
  ];
  const tiles = colors.map((c) => createImage(10, 10, c));
  const s = contactSheet(tiles, 2, undefined, { gap: 2, background: [0, 0, 0, 255] });
  assert.equal(s.width, 2 + 2 * 12);
  assert.equal(s.height, 2 + 2 * 12);
  const px = (x: number, y: number) => Array.from(s.data.subarray(4 * (y * s.width + x), 4 * (y * s.width + x) + 4));
  assert.deepEqual(px(2, 2), colors[0]); // first tile's top-left
  assert.deepEqual(px(11, 11), colors[0]);
  assert.deepEqual(px(14, 2), colors[1]); // second column starts at 2 + 12
  assert.deepEqual(px(2, 14), colors[2]); // second row
  assert.deepEqual(px(14, 14), [0, 0, 0, 255]); // empty cell stays background
  assert.deepEqual(px(12, 5), [0, 0, 0, 255]); // gap between columns
});

test('labels: each character is a 6-pixel cell; text is drawn and clipped to the image', () => {
  assert.equal(textWidth('chair'), 30);
  assert.equal(textWidth('ab', 2), 24);
  const img = createImage(20, 10, [255, 255, 255, 255]);
  drawText(img, 'I', 0, 0, [0, 0, 0, 255]);
  // 'I' is 0x0e on its top row: columns 1..3 set, 0 and 4 clear.
  const dark = (x: number, y: number) => img.data[4 * (y * 20 + x)] === 0;
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((x) => dark(x, 0)),
    [false, true, true, true, false],
  );
  assert.ok(dark(2, 3)); // the stem
  drawText(img, 'WWWWWWWW', 15, 8); // off the edge: no throw
  const labelled = contactSheet([createImage(30, 30)], 1, ['chair']);
  assert.equal(labelled.height, 2 + 30 + 10 + 2);
});
