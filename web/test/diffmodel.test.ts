import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Span } from '../src/historyapi';
import { changesAnything, changesByAuthor, ColorBook, fold, PALETTE, resultText, segments } from '../src/diffmodel';

const eq = (text: string): Span => ({ kind: 'equal', text });
const ins = (text: string, author: string, version = 1): Span => ({ kind: 'insert', text, author, version });
const del = (text: string, author: string, version = 1): Span => ({ kind: 'delete', text, author, version });

test('one author keeps one color on the page; colors go in order, and wrap past the palette', () => {
  const colors = new ColorBook();
  assert.equal(colors.color('Ada'), PALETTE[0]);
  assert.equal(colors.color('Bob'), PALETTE[1]);
  assert.equal(colors.color('Ada'), PALETTE[0]);
  const small = new ColorBook(['red', 'blue']);
  assert.deepEqual(['a', 'b', 'c', 'a'].map((x) => small.color(x)), ['red', 'blue', 'red', 'red']);
});

test('segments: inserts and deletes carry their author\'s color; neighbours of one kind and author merge; empty spans go', () => {
  const colors = new ColorBook();
  const segs = segments([eq('Hello '), ins('dear ', 'Ada', 3), ins('old ', 'Ada', 4), ins('', 'Bob'), del('cruel ', 'Bob', 5), eq('world')], colors);
  assert.deepEqual(segs, [
    { kind: 'equal', text: 'Hello ' },
    { kind: 'insert', text: 'dear old ', author: 'Ada', color: PALETTE[0] },
    { kind: 'delete', text: 'cruel ', author: 'Bob', color: PALETTE[1] },
    { kind: 'equal', text: 'world' },
  ]);
});

test('an insert without an author is shown as unknown, not dropped', () => {
  const segs = segments([{ kind: 'insert', text: 'x', author: null }], new ColorBook());
  assert.equal(segs[0].kind === 'insert' && segs[0].author, 'unknown');
});

test('long unchanged runs fold to two lines of context next to each change', () => {
  const lines = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => `line ${a + i}`).join('\n');
  const before = `${lines(1, 10)}\n`;
  const after = `\n${lines(11, 20)}`;
  const segs = segments([eq(before), ins('NEW', 'Ada'), eq(after)], new ColorBook());
  assert.deepEqual(segs.map((s) => s.kind), ['fold', 'equal', 'insert', 'equal', 'fold']);
  const shown = segs.map((s) => (s.kind === 'fold' ? `[${s.lines}]` : s.text)).join('');
  assert.equal(shown, '[8]\nline 9\nline 10\nNEW\nline 11\nline 12\n[8]');
});

test('fold keeps what it leaves out countable, and does not fold when it saves nothing', () => {
  const text = 'a\nb\nc\nd\ne\nf\ng\nh';
  const between = fold(text, true, true, 2);
  assert.deepEqual(between, [{ kind: 'equal', text: 'a\nb\nc\n' }, { kind: 'fold', lines: 2 }, { kind: 'equal', text: '\nf\ng\nh' }]);
  assert.deepEqual(fold('a\nb\nc\nd\ne\nf\ng', true, true, 2), [{ kind: 'equal', text: 'a\nb\nc\nd\ne\nf\ng' }], 'one hidden line is not worth a fold');
  assert.deepEqual(fold('one line only', false, false), [{ kind: 'equal', text: 'one line only' }]);
});

test('changes by author count code points (an emoji is one), in order of appearance', () => {
  const colors = new ColorBook();
  const by = changesByAuthor([ins('😀👍🏽', 'Bob'), eq('x'), del('中文', 'Ada'), ins('ab', 'Ada'), del('c', 'Bob')], colors);
  assert.deepEqual(by, [
    { author: 'Bob', color: PALETTE[0], added: 3, removed: 1 },
    { author: 'Ada', color: PALETTE[1], added: 2, removed: 2 },
  ]);
});

test('whether anything changes, and the resulting text', () => {
  assert.ok(!changesAnything([eq('same')]));
  assert.ok(!changesAnything([eq('same'), ins('', 'Ada')]));
  assert.ok(changesAnything([eq('a'), del('b', 'Ada')]));
  assert.equal(resultText([eq('Hello '), del('cruel ', 'Bob'), ins('dear ', 'admin'), eq('world')]), 'Hello dear world');
});
