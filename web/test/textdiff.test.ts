import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type as textType } from 'ot-text-unicode';
import { diffOp, MAX_EDITS } from '../src/textdiff';
import { rng, SEED } from './random';

const ALPHABET = Array.from('ab c\né😀');

function random(r: () => number, max: number): string {
  let s = '';
  for (let n = Math.floor(r() * (max + 1)); n > 0; n--) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function edited(r: () => number, text: string): string {
  const cps = Array.from(text);
  for (let i = Math.floor(r() * 5); i >= 0; i--) {
    const at = Math.floor(r() * (cps.length + 1));
    if (r() < 0.5 && cps.length) cps.splice(at, 1 + Math.floor(r() * 3));
    else cps.splice(at, 0, ...Array.from(random(r, 4)));
  }
  return cps.join('');
}

test(`diffOp turns any text into any other, and keeps what they share (seed ${SEED})`, () => {
  const r = rng(SEED);
  for (let i = 0; i < 3000; i++) {
    const from = random(r, 40);
    const to = r() < 0.5 ? random(r, 40) : edited(r, from);
    const op = diffOp(from, to);
    assert.equal(textType.apply(from, op), to, `seed ${SEED}: ${JSON.stringify(from)} -> ${JSON.stringify(to)} by ${JSON.stringify(op)}`);
    assert.deepEqual(op, textType.normalize(op));
  }
  assert.deepEqual(diffOp('abXcde', 'abcdYe'), [2, { d: 'X' }, 2, 'Y']);
  assert.deepEqual(diffOp('same', 'same'), []);
});

test('beyond MAX_EDITS the whole middle is replaced', () => {
  const from = `<${'a'.repeat(MAX_EDITS)}>`;
  const to = `<${'b'.repeat(MAX_EDITS)}>`;
  assert.deepEqual(diffOp(from, to), [1, { d: 'a'.repeat(MAX_EDITS) }, 'b'.repeat(MAX_EDITS)]);
});
