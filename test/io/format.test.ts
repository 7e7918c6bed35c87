import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, sniffSignature, sniffText, formatFromExtension, extensionOf } from '../../src/io/format.ts';
import { fixtureBytes, text } from './helpers.ts';

test('extensions map to formats, case-insensitively; unknown or missing ones give undefined', () => {
  assert.equal(formatFromExtension('a/b/c.PLY'), 'ply');
  assert.equal(formatFromExtension('pts.csv'), 'xyz');
  assert.equal(formatFromExtension('x.txt'), 'xyz');
  assert.equal(formatFromExtension('dir.v2/noext'), undefined);
  assert.equal(extensionOf('.hidden'), '');
  assert.equal(formatFromExtension('x.dat'), undefined);
});

test('signatures of every fixture format are recognised from the content', () => {
  const want: Record<string, string | undefined> = {
    'torus_binary.ply': 'ply',
    'torus_ascii.ply': 'ply',
    'sphere_points_double_be.ply': 'ply',
    'torus.off': 'off',
    'torus_binary.stl': 'stl',
    'tetra_ascii.stl': 'stl',
    'sphere_points.npy': 'npy',
    'sphere_points_normals.pcd': 'pcd',
    'torus.obj': undefined,
    'sphere_points.xyz': undefined,
  };
  for (const [name, fmt] of Object.entries(want)) assert.equal(sniffSignature(fixtureBytes(name)), fmt, name);
  assert.equal(sniffSignature(text('# comment\n  NOFF\n3 1 0\n')), 'off');
  assert.equal(sniffSignature(text('solid name\nendsolid name\n')), 'stl');
  assert.equal(sniffSignature(text('solidify 1 2 3\n')), undefined);
});

test('OBJ and XYZ text are told apart; garbage is neither', () => {
  assert.equal(sniffText(fixtureBytes('torus.obj')), 'obj');
  assert.equal(sniffText(fixtureBytes('cube_quads.obj')), 'obj');
  assert.equal(sniffText(fixtureBytes('sphere_points.xyz')), 'xyz');
  assert.equal(sniffText(fixtureBytes('sphere_points_comma.csv')), 'xyz');
  assert.equal(sniffText(text('x,y,z\n1,2,3\n')), 'xyz');
  assert.equal(sniffText(text('hello world\nthis is not an obj\n')), undefined);
  assert.equal(sniffText(text('1 2 3\nfoo bar baz\n')), undefined);
});

test('detectFormat: a hint wins, then a signature, then clear text content, then the extension', () => {
  const ply = fixtureBytes('torus_binary.ply');
  assert.equal(detectFormat(ply, 'x.obj', 'stl'), 'stl');
  assert.equal(detectFormat(ply, 'x.xyz'), 'ply');
  assert.equal(detectFormat(fixtureBytes('box.obj'), 'box.xyz'), 'obj');
  assert.equal(detectFormat(text('hello\n'), 'not_a_mesh.obj'), 'obj');
  assert.throws(() => detectFormat(text('hello\n'), 'blob'), { name: 'InputError', code: 'unknown-format' });
});
