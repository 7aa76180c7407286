// CodeMirror for one document: its extensions, the port the OT client drives it through, and whether
// the person can type in it.
import { Annotation, Compartment, EditorState, Transaction } from '@codemirror/state';
import { EditorView, keymap, drawSelection, highlightActiveLine, lineNumbers, placeholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import type { TextOp } from 'ot-text-unicode';
import type { EditorPort } from './otclient';
import { changesToOp, opToChanges } from './positions';
import type { Limits } from './protocol';
import { editGuard } from './editguard';
import { cursorTheme, remoteCursors } from './cursors';
import { cursorChange, type CursorChange } from './cursorsend';

/** Marks the transactions that apply the server's changes (not local edits: not sent, not in undo history). */
const remote = Annotation.define<boolean>();

/** What the editor reports to the page. */
export interface EditorHooks {
  limits(): Limits;
  refused(why: string): void;
  localEdit(op: TextOp): void;
  /** After every update; `cursor` says what it did to our cursor as the others see it (cursorsend.ts). */
  updated(cursor: CursorChange | null): void;
}

/**
 * `loading`: the text is not known yet (neither restored from storage nor received): no input, no caret.
 * `editable`: the person types. `read-only`: a reader: no input, no caret (content not editable).
 */
export type Editability = 'loading' | 'editable' | 'read-only';

const editability = new Compartment();

function editabilityExtensions(how: Editability) {
  // Loading: no caret either, so an editor with no text yet never looks as if typing would go anywhere.
  return [EditorState.readOnly.of(how !== 'editable'), EditorView.editable.of(how === 'editable')];
}

export function createEditor(parent: HTMLElement, doc: string, text: string | null, hooks: EditorHooks): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: text ?? '',
      extensions: [
        EditorState.lineSeparator.of('\n'), // keep \r as text: offsets must match the server's text exactly
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        placeholder('Start typing…'),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        remoteCursors,
        cursorTheme,
        EditorView.contentAttributes.of({ 'aria-label': `text of ${doc}` }),
        editability.of(editabilityExtensions(text === null ? 'loading' : 'editable')),
        editGuard(hooks.limits, (tr) => tr.annotation(remote) === true, hooks.refused),
        EditorView.updateListener.of((update) => {
          let localEdit = false;
          for (const tr of update.transactions) {
            if (tr.docChanged && !tr.annotation(remote)) {
              localEdit = true;
              hooks.localEdit(changesToOp(tr.changes, tr.startState.doc));
            }
          }
          hooks.updated(cursorChange(update.startState.selection.main, update.changes, update.state.selection.main, localEdit));
        }),
      ],
    }),
  });
}

export function setEditability(view: EditorView, how: Editability): void {
  view.dispatch({ effects: editability.reconfigure(editabilityExtensions(how)) });
}

/** The editor as the OT client sees it: remote changes go in annotated, for the undo history and the edit guard. */
export function editorPort(view: EditorView): EditorPort {
  const dispatchRemote = (changes: ReturnType<typeof opToChanges>) => view.dispatch({
    changes,
    annotations: [remote.of(true), Transaction.addToHistory.of(false)],
  });
  return {
    applyRemote: (op: TextOp) => dispatchRemote(opToChanges(op, view.state.doc.toString())),
    replaceText: (text: string) => dispatchRemote([{ from: 0, to: view.state.doc.length, insert: text }]),
    text: () => view.state.doc.toString(),
  };
}
