import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type TextOp, type as textType } from 'ot-text-unicode';
import { EditBuffer } from '../src/editbuffer';
import { opBytes } from '../src/opsize';
import { codePoints } from '../src/positions';
import { randomText, rng, SEED } from './random';

test('edits are composed while the result fits; the next one starts a new op; none is ever cut', () => {
  const b = new EditBuffer();
  b.add(['ab'], 20);
  b.add([2, 'cd'], 20);
  assert.deepEqual(b.snapshot(), [{ op: ['abcd'], edits: 2 }]);
  b.add([4, 'x'.repeat(30)], 20); // too large for any op: alone, whole
  b.add([34, 'ef'], 20);
  b.add([36, 'gh'], 20);
  assert.deepEqual(b.snapshot(), [
    { op: ['abcd'], edits: 2 },
    { op: [4, 'x'.repeat(30)], edits: 1 },
    { op: [34, 'efgh'], edits: 2 },
  ]);
  assert.equal(b.edits, 5);
  assert.deepEqual(b.peek(), { op: ['abcd'], edits: 2 });
  b.shift();
  assert.equal(b.edits, 3);
  b.clear();
  assert.ok(b.isEmpty);
});

/** A random op on a text of `len` code points. */
function randomOp(r: () => number, len: number): TextOp {
  const pos = Math.floor(r() * (len + 1));
  return r() < 0.7 || pos === len
    ? textType.normalize([pos, randomText(r, 12) || 'y'])
    : textType.normalize([pos, { d: Math.min(len - pos, 1 + Math.floor(r() * 4)) }]);
}

test(`a buffer of several ops transforms like their composition (seed ${SEED})`, () => {
  const r = rng(SEED + 20);
  for (let i = 0; i < 1000; i++) {
    const base = randomText(r, 20);
    const b = new EditBuffer();
    let local = base;
    for (let k = Math.floor(r() * 12); k > 0; k--) {
      const op = randomOp(r, codePoints(local));
      local = textType.apply(local, op);
      b.add(op, 24 + Math.floor(r() * 40));
    }
    for (const part of b.snapshot()) assert.ok(part.edits > 0);
    const remote = randomOp(r, codePoints(base));
    const remoteAfter = b.transformRemote(remote);
    // Convergence: the remote op applied after the local edits equals the local edits applied after the remote op.
    let server = textType.apply(base, remote);
    for (const part of b.snapshot()) server = textType.apply(server, part.op);
    assert.equal(textType.apply(local, remoteAfter), server, `seed ${SEED} case ${i}`);
  }
});

test('a large edit stays one op whatever the budget', () => {
  const b = new EditBuffer();
  const paste = '中'.repeat(10_000);
  b.add([paste], 100);
  b.add([10_000, 'z'], 100);
  assert.equal(b.snapshot().length, 2);
  assert.deepEqual(b.snapshot()[0].op, [paste]);
  assert.ok(opBytes(b.snapshot()[0].op) > 100);
});
