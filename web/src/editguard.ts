// Refuses, before it is applied, a local edit that could never commit (docs/protocol.md §9): one that
// would make the document longer than `limits.maxDocLength` code points, or whose op would not fit in
// one message of `limits.maxMessageBytes`. The server commits an op whole or not at all, and one user
// action is one op, so the only honest answer to such an edit is to refuse all of it and say why.
import { EditorState, type Extension, type Transaction } from '@codemirror/state';
import type { Limits } from './protocol';
import { changesToOp, codePoints } from './positions';
import { maxOpBytes, opBytes } from './opsize';

const count = (n: number) => n.toLocaleString('en-US');

/** Why the local edit `tr` cannot commit under `limits` (a sentence for the person), or null if it can. */
export function refusal(tr: Transaction, limits: Limits): string | null {
  if (!tr.docChanged) return null;
  const what = tr.isUserEvent('input.paste') ? 'paste' : tr.isUserEvent('input.drop') ? 'drop' : 'edit';
  // The server refuses U+0000 (its storage cannot keep it): say so now instead of losing the edit later.
  let nul = false;
  tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => { if (!nul && inserted.toString().includes('\u0000')) nul = true; });
  if (nul) return `This ${what} contains a NUL character (U+0000), which documents cannot hold. Nothing was changed.`;
  // Code points never outnumber UTF-16 units, so most edits are settled without counting the document.
  if (tr.newDoc.length > limits.maxDocLength) {
    const after = codePoints(tr.newDoc.toString());
    if (after > limits.maxDocLength) {
      return `This ${what} is too large: a document holds at most ${count(limits.maxDocLength)} characters; it would have ${count(after)}.`;
    }
  }
  // A UTF-16 unit takes at most 6 bytes of JSON (\u001f), a change at most 32 bytes besides its text.
  let units = 0;
  let changes = 0;
  tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => { units += inserted.length; changes++; });
  const budget = maxOpBytes(limits);
  if (units * 6 + changes * 32 + 2 <= budget) return null;
  const bytes = opBytes(changesToOp(tr.changes, tr.startState.doc));
  if (bytes <= budget) return null;
  return `This ${what} is too large to send as one edit: it takes ${count(bytes)} bytes; the server accepts at most ${count(budget)}.`;
}

/**
 * A CodeMirror transaction filter that drops local transactions `refusal` objects to, whole, and tells
 * `refused` why (after the update, so the page can change). Remote transactions (`isRemote`) always pass:
 * they are committed already.
 */
export function editGuard(limits: () => Limits, isRemote: (tr: Transaction) => boolean, refused: (why: string) => void): Extension {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || isRemote(tr)) return tr;
    const why = refusal(tr, limits());
    if (why === null) return tr;
    queueMicrotask(() => refused(why));
    return [];
  });
}
