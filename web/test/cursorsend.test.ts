import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeSet, EditorSelection, EditorState } from '@codemirror/state';
import { CURSOR_EVERY_MS, cursorChange, type CursorChange, CursorPace, TYPING_PAUSE_MS } from '../src/cursorsend';
import { rng, SEED } from './random';

const cursor = (pos: number) => ({ anchor: pos, head: pos });

test('typing moves the cursor as the others map it; clicks, arrows and remote inserts at it do not', () => {
  const doc = EditorState.create({ doc: 'hello world' }).doc;
  const typeX = ChangeSet.of({ from: 5, insert: 'x' }, doc.length);
  assert.equal(cursorChange(cursor(5), typeX, cursor(6), true), 'typed', 'a keystroke');
  const backspace = ChangeSet.of({ from: 4, to: 5 }, doc.length);
  assert.equal(cursorChange(cursor(5), backspace, cursor(4), true), 'typed', 'a backspace');
  const overSelection = ChangeSet.of({ from: 2, to: 5, insert: 'ab' }, doc.length);
  // Typing over a selection: the others would map it to a selection of the new text. Tell them.
  assert.equal(cursorChange({ anchor: 2, head: 5 }, overSelection, cursor(4), true), 'moved', 'typing over a selection');

  assert.equal(cursorChange(cursor(5), ChangeSet.empty(doc.length), cursor(7), false), 'moved', 'a click or an arrow key');
  assert.equal(cursorChange(cursor(5), ChangeSet.empty(doc.length), { anchor: 5, head: 8 }, false), 'moved', 'a selection');
  assert.equal(cursorChange(cursor(5), ChangeSet.empty(doc.length), cursor(5), false), null, 'focus, scroll: nothing');
  // Someone else's text arrives before our cursor: everyone moves it alike.
  assert.equal(cursorChange(cursor(5), ChangeSet.of({ from: 1, insert: 'abc' }, doc.length), cursor(8), false), null);
  // ... right at our cursor: CodeMirror keeps it before the insert, the others draw it after: tell them.
  const atCursor = ChangeSet.of({ from: 5, insert: 'abc' }, doc.length);
  const kept = EditorSelection.single(5).map(atCursor).main;
  assert.equal(cursorChange(cursor(5), atCursor, { anchor: kept.anchor, head: kept.head }, false), 'moved');
  // Undoing a word typed just before the cursor: the others map the cursor back through the op alike.
  assert.equal(cursorChange(cursor(9), ChangeSet.of({ from: 5, to: 9 }, 11), cursor(5), true), 'typed');
});

/** Runs `events` (time → change) through the pace with a 1 ms clock; returns when messages went out. */
function run(events: Map<number, CursorChange>, until: number): number[] {
  const pace = new CursorPace();
  const sent: number[] = [];
  for (let now = 0; now <= until; now++) {
    const change = events.get(now);
    if (change) pace.changed(change, now);
    const due = pace.due();
    if (due !== null && due <= now) {
      pace.sent(now);
      sent.push(now);
    }
  }
  return sent;
}

test('a typing burst sends one cursor, once it pauses; never one per keystroke', () => {
  assert.equal(CURSOR_EVERY_MS, 50);
  const keys = new Map<number, CursorChange>();
  for (let t = 100; t <= 1900; t += 120) keys.set(t, 'typed'); // 16 keystrokes, about 8 per second
  const sent = run(keys, 5000);
  assert.deepEqual(sent, [1900 + TYPING_PAUSE_MS], 'one message, TYPING_PAUSE_MS after the last keystroke');
});

test('moves go out at once, then at most one per 50 ms, and the last position always goes out', () => {
  const moves = new Map<number, CursorChange>();
  for (let t = 1000; t <= 1300; t += 10) moves.set(t, 'moved'); // an arrow key held down
  const sent = run(moves, 3000);
  assert.equal(sent[0], 1000, 'the first move is sent at once');
  for (let i = 1; i < sent.length; i++) assert.ok(sent[i] - sent[i - 1] >= CURSOR_EVERY_MS, `gap ${sent[i] - sent[i - 1]} ms`);
  assert.ok(sent.at(-1)! >= 1300, 'the last move (at 1300) is sent');
  assert.equal(sent.length, 7, `sent at ${sent}`);

  // A click while typing is sent without waiting for the typing to pause.
  const mixed = new Map<number, CursorChange>([[100, 'typed'], [200, 'typed'], [250, 'moved'], [300, 'typed']]);
  assert.deepEqual(run(mixed, 2000), [250, 300 + TYPING_PAUSE_MS]);
});

test('randomly paced changes: never two messages within 50 ms, nothing left unsent (seed printed on failure)', () => {
  const r = rng(SEED);
  for (let round = 0; round < 50; round++) {
    const events = new Map<number, CursorChange>();
    let t = 0;
    for (let i = 0; i < 100; i++) {
      t += 1 + Math.floor(r() * 200);
      events.set(t, r() < 0.5 ? 'typed' : 'moved');
    }
    const sent = run(events, t + TYPING_PAUSE_MS + CURSOR_EVERY_MS);
    const at = `seed ${SEED} round ${round}`;
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i] - sent[i - 1] >= CURSOR_EVERY_MS, at);
    assert.ok(sent.at(-1)! >= t, `the last change is sent: ${at}`);
  }
});
