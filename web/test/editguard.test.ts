import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Annotation, EditorState } from '@codemirror/state';
import { editGuard, refusal } from '../src/editguard';
import { MESSAGE_MARGIN_BYTES } from '../src/opsize';
import type { Limits } from '../src/protocol';

const remote = Annotation.define<boolean>();
const limits = (maxDocLength: number, opBytes = 1 << 20): Limits =>
  ({ maxMessageBytes: MESSAGE_MARGIN_BYTES + opBytes, maxDocLength, opsPerSecond: 20, maxPendingMessages: 1000 });

/** A transaction of a state without the guard, to ask `refusal` about. */
const plain = (doc: string) => EditorState.create({ doc });

function editor(doc: string, l: Limits) {
  const refused: string[] = [];
  const state = EditorState.create({ doc, extensions: editGuard(() => l, (tr) => tr.annotation(remote) === true, (why) => refused.push(why)) });
  return { state, refused };
}

test('a paste that would make the document too long is dropped whole, and the person is told', async () => {
  const { state, refused } = editor('short', limits(20));
  const tr = state.update({ changes: { from: 5, insert: 'x'.repeat(16) }, userEvent: 'input.paste' });
  assert.equal(tr.docChanged, false);
  assert.equal(tr.state.doc.toString(), 'short');
  await Promise.resolve();
  assert.deepEqual(refused, ['This paste is too large: a document holds at most 20 characters; it would have 21.']);
  const fits = state.update({ changes: { from: 5, insert: 'x'.repeat(15) }, userEvent: 'input.paste' });
  assert.equal(fits.state.doc.length, 20);
});

test('document length counts code points, not UTF-16 units', () => {
  const { state } = editor('', limits(20));
  const tr = state.update({ changes: { from: 0, insert: '😀'.repeat(20) }, userEvent: 'input.type' });
  assert.equal(tr.state.doc.length, 40);
  assert.equal(refusal(plain('').update({ changes: { from: 0, insert: '😀'.repeat(21) } }), limits(20)),
    'This edit is too large: a document holds at most 20 characters; it would have 21.');
});

test('an edit whose op would not fit in one message is refused, measured in UTF-8 bytes of its JSON', () => {
  const l = limits(1000, 100); // ops of at most 100 bytes
  const state = plain('abc');
  // 40 × é: 80 bytes, [3,"éé…"] takes 86: fits. 40 × U+0001: JSON writes \u0001, [3,"\u0001…"] takes 246: does not.
  assert.equal(refusal(state.update({ changes: { from: 3, insert: 'é'.repeat(40) } }), l), null);
  assert.equal(refusal(state.update({ changes: { from: 3, insert: '\u0001'.repeat(40) }, userEvent: 'input.paste' }), l),
    'This paste is too large to send as one edit: it takes 246 bytes; the server accepts at most 100.');
  // 23 emoji are 46 UTF-16 units but 92 bytes: [3,"😀…"] takes 98, 24 of them 102.
  assert.equal(refusal(state.update({ changes: { from: 3, insert: '😀'.repeat(23) } }), l), null);
  assert.equal(refusal(state.update({ changes: { from: 3, insert: '😀'.repeat(24) } }), l),
    'This edit is too large to send as one edit: it takes 102 bytes; the server accepts at most 100.');
});

test('remote transactions always pass: they are committed already', () => {
  const { state, refused } = editor('short', limits(5));
  const tr = state.update({ changes: { from: 5, insert: 'more' }, annotations: remote.of(true) });
  assert.equal(tr.state.doc.toString(), 'shortmore');
  assert.deepEqual(refused, []);
  // Above the limit, a delete that leaves it above is refused too (the server would reject it).
  const over = plain(tr.state.doc.toString());
  assert.notEqual(refusal(over.update({ changes: { from: 0, to: 1 } }), limits(5)), null);
  assert.equal(refusal(over.update({ changes: { from: 0, to: 4 } }), limits(5)), null);
});

test('an edit holding U+0000 is refused before it is applied (the server cannot store it)', () => {
  const { state } = editor('ab', limits(100));
  const tr = state.update({ changes: { from: 1, insert: 'x\u0000y' }, userEvent: 'input.paste' });
  assert.equal(tr.state.doc.toString(), 'ab');
  assert.equal(refusal(plain('ab').update({ changes: { from: 1, insert: '\u0000' }, userEvent: 'input.paste' }), limits(100)),
    'This paste contains a NUL character (U+0000), which documents cannot hold. Nothing was changed.');
});
