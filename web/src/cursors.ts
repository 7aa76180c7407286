// Remote cursors and selections as CodeMirror decorations: a caret with the person's name in their
// color. Positions are kept in the local document's UTF-16 offsets and mapped through every change
// (local or remote), so they move correctly with concurrent edits.
import { StateEffect, StateField, type EditorState } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, WidgetType } from '@codemirror/view';

export interface RemoteCursor {
  clientId: string;
  name: string;
  color: string;
  anchor: number;
  head: number;
}

export const setCursor = StateEffect.define<RemoteCursor>();
export const keepCursors = StateEffect.define<ReadonlySet<string>>();

class CaretWidget extends WidgetType {
  constructor(readonly cursor: RemoteCursor) {
    super();
  }

  eq(other: CaretWidget): boolean {
    const a = this.cursor;
    const b = other.cursor;
    return a.clientId === b.clientId && a.name === b.name && a.color === b.color;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cw-caret';
    caret.dataset.client = this.cursor.clientId;
    caret.style.borderColor = this.cursor.color;
    const label = document.createElement('span');
    label.className = 'cw-caret-label';
    label.textContent = this.cursor.name || 'anonymous';
    label.style.backgroundColor = this.cursor.color;
    label.style.color = readableOn(this.cursor.color);
    caret.appendChild(label);
    caret.setAttribute('aria-label', `${label.textContent}'s cursor`);
    return caret;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

/** Black or white, whichever reads better on the server-assigned color (#rrggbb). */
export function readableOn(color: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return 'white';
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#111' : 'white';
}

function clamp(pos: number, state: EditorState): number {
  return Math.max(0, Math.min(pos, state.doc.length));
}

export const remoteCursors = StateField.define<Map<string, RemoteCursor>>({
  create: () => new Map(),
  update(cursors, tr) {
    let next = cursors;
    if (!tr.changes.empty) {
      next = new Map();
      for (const [id, c] of cursors) {
        next.set(id, { ...c, anchor: tr.changes.mapPos(c.anchor, 1), head: tr.changes.mapPos(c.head, 1) });
      }
    }
    for (const e of tr.effects) {
      if (e.is(setCursor)) {
        if (next === cursors) next = new Map(cursors);
        next.set(e.value.clientId, e.value);
      } else if (e.is(keepCursors)) {
        if (next === cursors) next = new Map(cursors);
        for (const id of [...next.keys()]) if (!e.value.has(id)) next.delete(id);
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (cursors) => (view: EditorView) => decorations(view.state, cursors)),
});

function decorations(state: EditorState, cursors: Map<string, RemoteCursor>): DecorationSet {
  const items: { from: number; to: number; deco: Decoration }[] = [];
  for (const c of cursors.values()) {
    const anchor = clamp(c.anchor, state);
    const head = clamp(c.head, state);
    if (anchor !== head) {
      items.push({
        from: Math.min(anchor, head),
        to: Math.max(anchor, head),
        deco: Decoration.mark({ class: 'cw-selection', attributes: { style: `background-color: ${c.color}33` } }),
      });
    }
    items.push({ from: head, to: head, deco: Decoration.widget({ widget: new CaretWidget(c), side: 1 }) });
  }
  return Decoration.set(items.map((i) => i.deco.range(i.from, i.to)), true);
}

export const cursorTheme = EditorView.baseTheme({
  '.cw-caret': {
    position: 'relative',
    borderLeft: '2px solid',
    marginLeft: '-1px',
    marginRight: '-1px',
    pointerEvents: 'none',
  },
  '.cw-caret-label': {
    position: 'absolute',
    top: '-1.35em',
    left: '-2px',
    fontSize: '0.72em',
    lineHeight: '1.3',
    padding: '0 4px',
    borderRadius: '3px 3px 3px 0',
    whiteSpace: 'nowrap',
    fontFamily: 'system-ui, sans-serif',
    userSelect: 'none',
    zIndex: '5',
  },
});
