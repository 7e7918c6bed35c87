import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, UsageError, quote, escapeInvisible, safeName, EXCERPT_CHARS } from '../../src/errors.ts';
import {
  formatCount,
  formatByteSize,
  resolveReadLimits,
  DEFAULT_READ_LIMITS,
  MAX_POINTS,
  MAX_FACES,
  MAX_ARRAY_VALUES,
} from '../../src/io/limits.ts';

/** C0, DEL and C1 controls: what a terminal acts on. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

test('escapeInvisible: controls, bidi overrides, separators and unassigned code points escaped JSON-style; text kept', () => {
  assert.equal(escapeInvisible('\u001b[31mred\u001b[0m'), '\\u001b[31mred\\u001b[0m');
  assert.equal(escapeInvisible('a\nb\tc\rd'), 'a\\nb\\tc\\rd');
  assert.equal(escapeInvisible('\u007f\u0085\u009b'), '\\u007f\\u0085\\u009b'); // DEL, NEL, CSI (C1)
  assert.equal(escapeInvisible('abc\u202edcba\u2066'), 'abc\\u202edcba\\u2066'); // bidi override / isolate
  assert.equal(escapeInvisible('x\u2028y\u00a0z'), 'x\\u2028y\\u00a0z'); // line separator, no-break space
  assert.equal(escapeInvisible('\u{e0001}'), '\\u{e0001}'); // a tag character (astral, format)
  assert.equal(escapeInvisible('\ud800'), '\\ud800'); // a lone surrogate
  // Printable text in any script, and plain spaces, unchanged.
  assert.equal(escapeInvisible('chaise à porteurs, 椅子, κάθισμα 1.5'), 'chaise à porteurs, 椅子, κάθισμα 1.5');
  // Idempotent: the output is printable.
  const once = escapeInvisible('\u001b]0;title\u0007\n');
  assert.equal(escapeInvisible(once), once);
});

test('quote: a short excerpt in single quotes, cut at EXCERPT_CHARS characters, quotes and backslashes escaped', () => {
  assert.equal(EXCERPT_CHARS, 24);
  assert.equal(quote('1.#QNAN'), "'1.#QNAN'");
  assert.equal(quote('root:x:0:0:root:/root:/bin/bash'), "'root:x:0:0:root:/root:/b…'");
  assert.equal(quote("it's a \\ path"), "'it\\'s a \\\\ path'");
  assert.equal(quote('\u001b[2J'), "'\\u001b[2J'");
  assert.equal(quote('x'.repeat(100), 5), "'xxxxx…'");
  // Cut by characters, not UTF-16 units: an emoji is not split into a lone surrogate.
  assert.equal(quote('😀'.repeat(30), 3), "'😀😀😀…'");
});

test('InputError escapes its file name and reason; `file` stays the path as given; rebuilding is idempotent', () => {
  const name = 'cloud\u001b[2J\u001b]0;pwned\u0007.xyz';
  const e = new InputError('bad-value', name, "invalid number 'x'\nsecond line", { line: 3 });
  assert.equal(e.message, "cloud\\u001b[2J\\u001b]0;pwned\\u0007.xyz: invalid number 'x'\\nsecond line (line 3)");
  assert.doesNotMatch(e.message, CONTROL);
  assert.equal(e.file, name);
  assert.equal(e.reason, "invalid number 'x'\\nsecond line");
  // What the CLI does to rewrite a reason: the message stays the same.
  assert.equal(new InputError(e.code, e.file, e.reason, { line: e.line }).message, e.message);
  // Overlong reasons and names are capped (a backstop: readers quote excerpts themselves).
  const long = new InputError('bad-value', `${'d/'.repeat(300)}f.ply`, 'r'.repeat(1000));
  assert.ok(long.message.length < 700, `${long.message.length}`);
  assert.ok(long.message.includes('f.ply: '), 'the end of a long name (its extension) is kept');
  assert.equal(safeName('plain.ply'), 'plain.ply');
  assert.equal(new UsageError('--out /tmp/\u001b[31m.ply: bad').message, '--out /tmp/\\u001b[31m.ply: bad');
});

test('limits: documented defaults, derived web limits, counts and sizes in one readable line', () => {
  assert.deepEqual({ ...DEFAULT_READ_LIMITS }, { maxPoints: 20_000_000, maxFaces: 40_000_000, maxArrayValues: 120_000_000 });
  assert.equal(MAX_FACES, 2 * MAX_POINTS);
  assert.equal(MAX_ARRAY_VALUES, 6 * MAX_POINTS);
  // The web's 2 million points: NPY arrays follow (6 numbers a point), faces keep the default.
  assert.deepEqual(resolveReadLimits({ maxPoints: 2_000_000 }), { maxPoints: 2_000_000, maxFaces: 40_000_000, maxArrayValues: 12_000_000 });
  assert.equal(resolveReadLimits(), DEFAULT_READ_LIMITS);
  assert.equal(formatCount(2_100_000_000), '2,100,000,000');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(2 ** 64), '1.84e19');
  assert.equal(formatByteSize(8.4e9), '8.4 GB');
  assert.equal(formatByteSize(2400), '2.4 kB');
});
