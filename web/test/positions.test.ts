import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeSet, Text } from '@codemirror/state';
import { type as textType } from 'ot-text-unicode';
import { changesToOp, codePoints, opToChanges, toCodePoint, toUtf16 } from '../src/positions';
import { boundary, randomText, rng, SEED } from './random';

const CASES = 3000;

function doc(s: string): Text {
  return Text.of(s.split('\n'));
}

/** A random offset in [lo, hi] that does not split a surrogate pair (lo is a boundary). */
function between(r: () => number, s: string, lo: number, hi: number): number {
  let i = lo + Math.floor(r() * (hi - lo + 1));
  const c = s.charCodeAt(i);
  if (i > lo && i < s.length && c >= 0xdc00 && c <= 0xdfff) i--;
  return i;
}

function randomChanges(r: () => number, s: string): ChangeSet {
  const specs = [];
  let pos = 0;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n && pos <= s.length; k++) {
    const from = between(r, s, pos, s.length);
    const to = between(r, s, from, Math.min(s.length, from + 6));
    specs.push({ from, to, insert: r() < 0.7 ? randomText(r, 8) : '' });
    pos = to + 1;
    if (pos > s.length) break;
    while (pos < s.length && s.charCodeAt(pos) >= 0xdc00 && s.charCodeAt(pos) <= 0xdfff) pos++;
  }
  return ChangeSet.of(specs, s.length, '\n');
}

test(`code point <-> UTF-16 offsets (seed ${SEED})`, () => {
  assert.equal(codePoints('a😀中👍🏽'), 5);
  assert.equal(toUtf16('a😀中👍🏽', 2), 3);
  assert.equal(toCodePoint('a😀中👍🏽', 3), 2);
  const r = rng(SEED);
  for (let i = 0; i < CASES; i++) {
    const s = randomText(r, 30);
    const off = boundary(r, s);
    assert.equal(toUtf16(s, toCodePoint(s, off)), off, `seed ${SEED} case ${i}: ${JSON.stringify(s)} @ ${off}`);
  }
});

test(`CodeMirror changes -> op -> CodeMirror changes agree with both sides (seed ${SEED})`, () => {
  const r = rng(SEED + 1);
  for (let i = 0; i < CASES; i++) {
    const before = randomText(r, 30);
    const changes = randomChanges(r, before);
    const after = changes.apply(doc(before)).toString();
    const op = changesToOp(changes, doc(before));
    const where = `seed ${SEED} case ${i}: ${JSON.stringify(before)} op ${JSON.stringify(op)}`;
    assert.equal(textType.apply(before, op), after, where);
    const back = ChangeSet.of(opToChanges(op, before), before.length, '\n');
    assert.equal(back.apply(doc(before)).toString(), after, where);
  }
});
