import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createLineSplitter, type SplitLine } from '../../../src/daemon/logs/line-splitter.js';

/** Cuts bytes into chunks at the given offsets (sorted, deduplicated, within range). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

function split(chunks: Buffer[], max?: number): SplitLine[] {
  const splitter = createLineSplitter(max);
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

const lineText = fc.string({ unit: fc.constantFrom('a', 'z', ' ', '\r', 'é', '€', '日', '😀', '\t'), maxLength: 40 });

test('any chunking of any UTF-8 text yields exactly its lines, characters intact', () => {
  fc.assert(
    fc.property(fc.array(lineText, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), (lines, cuts, finalNewline) => {
      const text = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
      const result = split(chunked(Buffer.from(text), cuts)).map((line) => line.bytes.toString('utf8'));
      // A final newline ends the last line; text after the last newline is a partial line of its own.
      const expected = text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
      assert.deepEqual(result, expected);
    }),
  );
});

test('a line over the bound is cut between characters and the pieces after the first are marked', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀'), minLength: 1, maxLength: 200 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.integer({ min: 4, max: 30 }),
      (text, cuts, max) => {
        const pieces = split(chunked(Buffer.from(`${text}\nnext\n`), cuts), max);
        const last = pieces.pop();
        assert.equal(last?.bytes.toString('utf8'), 'next');
        assert.equal(last?.continued, false);
        for (const piece of pieces) {
          assert.ok(piece.bytes.length <= max);
          assert.ok(!piece.bytes.toString('utf8').includes('\uFFFD'));
        }
        assert.deepEqual(
          pieces.map((piece) => piece.continued),
          pieces.map((_, index) => index > 0),
        );
        assert.equal(pieces.map((piece) => piece.bytes.toString('utf8')).join(''), text);
      },
    ),
  );
});

test('a partial last line comes out at the end; an empty stream gives nothing', () => {
  const splitter = createLineSplitter();
  assert.deepEqual(
    splitter.push(Buffer.from('one\ntw')).map((line) => line.bytes.toString()),
    ['one'],
  );
  assert.deepEqual(
    splitter.end().map((line) => line.bytes.toString()),
    ['tw'],
  );
  assert.deepEqual(createLineSplitter().end(), []);
});

test('invalid UTF-8 passes through byte for byte', () => {
  const bytes = Buffer.from([0xff, 0xfe, 0x41, 0x0a, 0xc3]);
  const lines = split(chunked(bytes, [1, 4]));
  assert.deepEqual(
    lines.map((line) => [...line.bytes]),
    [[0xff, 0xfe, 0x41], [0xc3]],
  );
});
