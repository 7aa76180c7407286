import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorState } from '@codemirror/state';
import { hideLabels, LABEL_SHOWN_MS, nextLabelHide, remoteCursor, remoteCursors, setCursor } from '../src/cursors';
import type { ServerMessageOf } from '../src/protocol';

function cursorMessage(session: string, anchor: number, head = anchor): ServerMessageOf<'cursor'> {
  return { type: 'cursor', doc: 'd', session, name: 'Ada', color: '#aa0000', version: 3, anchor, head };
}

class Page {
  state = EditorState.create({ doc: 'hello world', extensions: [remoteCursors] });

  cursor(session: string, at: number, anchor: number, head = anchor): void {
    this.state = this.state.update({ effects: setCursor.of(remoteCursor(cursorMessage(session, anchor, head), (p) => p, at)) }).state;
  }

  /** The labels' timer fired at `now`. */
  tick(now: number): void {
    this.state = this.state.update({ effects: hideLabels.of(now) }).state;
  }

  labelUntil(session: string): number | null | undefined {
    return this.state.field(remoteCursors).get(session)?.labelUntil;
  }

  get nextHide(): number | null {
    return nextLabelHide(this.state.field(remoteCursors));
  }
}

test('a new cursor shows its label for 3 s; then only the caret is left', () => {
  assert.equal(LABEL_SHOWN_MS, 3000);
  const page = new Page();
  assert.equal(page.nextHide, null, 'no cursor, no timer');
  page.cursor('s-ada', 10_000, 2);
  assert.equal(page.labelUntil('s-ada'), 13_000);
  assert.equal(page.nextHide, 13_000);

  page.tick(12_999); // a timer that fires a little early hides nothing
  assert.equal(page.labelUntil('s-ada'), 13_000);
  page.tick(13_000);
  assert.equal(page.labelUntil('s-ada'), null);
  assert.equal(page.nextHide, null, 'nothing left to hide');
});

test('a cursor that moves shows its label again for 3 s from the move; one sent where it is drawn does not', () => {
  const page = new Page();
  page.cursor('s-ada', 0, 2);
  page.tick(3000);

  // Ada typed "xyz" at her cursor: everyone moves it through her op, then her settling message says the same.
  page.state = page.state.update({ changes: { from: 2, insert: 'xyz' } }).state;
  assert.deepEqual([...page.state.field(remoteCursors).values()].map((c) => c.head), [5]);
  page.cursor('s-ada', 4000, 5);
  assert.equal(page.labelUntil('s-ada'), null, 'not moved: the label stays hidden');

  page.cursor('s-ada', 5000, 1);
  assert.equal(page.labelUntil('s-ada'), 8000, 'moved: shown again');
  page.cursor('s-ada', 7000, 1, 4);
  assert.equal(page.labelUntil('s-ada'), 10_000, 'a selection from the cursor is a move too: the 3 s start again');
  page.tick(8000); // the timer armed for the first move fires: it must not hide the label of the second
  assert.equal(page.labelUntil('s-ada'), 10_000);
  page.cursor('s-ada', 9000, 1, 4);
  assert.equal(page.labelUntil('s-ada'), 10_000, 'the same selection again does not put the hiding off');
});

test('each label hides on its own time; the timer is armed for the one due first', () => {
  const page = new Page();
  page.cursor('s-ada', 1000, 1);
  page.cursor('s-bob', 2500, 6);
  assert.equal(page.nextHide, 4000);
  page.tick(4000);
  assert.equal(page.labelUntil('s-ada'), null);
  assert.equal(page.labelUntil('s-bob'), 5500);
  assert.equal(page.nextHide, 5500);
  page.cursor('s-ada', 4200, 9);
  assert.equal(page.nextHide, 5500);
  page.tick(5500);
  assert.equal(page.nextHide, 7200);
  page.tick(7200);
  assert.deepEqual([page.labelUntil('s-ada'), page.labelUntil('s-bob'), page.nextHide], [null, null, null]);
});
