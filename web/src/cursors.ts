// Remote cursors and selections as CodeMirror decorations: a thin caret in the person's color, with their
// name on a label that shows only while the caret is hovered or for LABEL_SHOWN_MS after their cursor moved
// (so labels do not sit on the text people read). Positions are kept in the local document's UTF-16 offsets
// and mapped through every change (local or remote), so they move correctly with concurrent edits. They are
// keyed by the person's public session id (a client id is never shown to other people).
import { StateEffect, StateField, type EditorState } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, ViewPlugin, WidgetType } from '@codemirror/view';
import type { ServerMessageOf } from './protocol';

/** How long a caret's name label stays on show after the cursor moved (hovering the caret shows it too). */
export const LABEL_SHOWN_MS = 3000;

export interface RemoteCursor {
  session: string;
  name: string;
  color: string;
  anchor: number;
  head: number;
  /** When its `cursor` message arrived (ms since the epoch). */
  at: number;
}

/** A cursor as drawn: its name label is on show until `labelUntil` (ms since the epoch), or only on hover (null). */
export interface DrawnCursor extends RemoteCursor {
  labelUntil: number | null;
}

/** Shows (or moves) the cursor of one session. */
export const setCursor = StateEffect.define<RemoteCursor>();
/** Drops the cursors of every session not in the set (people who left, per `presence`). */
export const keepCursors = StateEffect.define<ReadonlySet<string>>();
/** Drops the cursor of one session (it left: `peer_left`). */
export const dropCursor = StateEffect.define<string>();
/** The time is now the given one (ms since the epoch): labels shown until then or earlier are hidden. */
export const hideLabels = StateEffect.define<number>();

/**
 * The cursor a `cursor` message shows, received at `at`; `local` maps a server position (code points) to a
 * local UTF-16 offset.
 */
export function remoteCursor(msg: ServerMessageOf<'cursor'>, local: (pos: number) => number, at = Date.now()): RemoteCursor {
  return { session: msg.session, name: msg.name ?? '', color: msg.color, anchor: local(msg.anchor), head: local(msg.head), at };
}

/**
 * `c` drawn where `before` was: its label shows for LABEL_SHOWN_MS when it is new or it moved. A message that
 * puts it where it is already drawn (its owner typed: everyone moved it through the op; or a reconnect sent it
 * again) keeps the label as it was.
 */
export function drawn(c: RemoteCursor, before: DrawnCursor | undefined): DrawnCursor {
  const moved = before === undefined || before.anchor !== c.anchor || before.head !== c.head;
  return { ...c, labelUntil: moved ? c.at + LABEL_SHOWN_MS : before.labelUntil };
}

/** When the next label on show is due to hide (ms since the epoch), or null when none is on show. */
export function nextLabelHide(cursors: ReadonlyMap<string, DrawnCursor>): number | null {
  let next: number | null = null;
  for (const c of cursors.values()) {
    if (c.labelUntil !== null && (next === null || c.labelUntil < next)) next = c.labelUntil;
  }
  return next;
}

class CaretWidget extends WidgetType {
  constructor(readonly cursor: RemoteCursor, readonly labelled: boolean) {
    super();
  }

  eq(other: CaretWidget): boolean {
    const a = this.cursor;
    const b = other.cursor;
    return a.session === b.session && a.name === b.name && a.color === b.color && this.labelled === other.labelled;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = this.labelled ? 'cw-caret cw-caret-labelled' : 'cw-caret';
    caret.dataset.session = this.cursor.session;
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

  // The caret takes the pointer (for the hover that shows its label): a click on it still places our cursor.
  ignoreEvent(): boolean {
    return false;
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

/** Hides each label when its time is up: one timer, for the label due first. */
const labelTimer = ViewPlugin.fromClass(class {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due: number | null = null;

  constructor(private readonly view: EditorView) {
    this.arm();
  }

  update(): void {
    this.arm();
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private arm(): void {
    const due = nextLabelHide(this.view.state.field(remoteCursors));
    if (due === this.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due = due;
    if (due === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.due = null; // a timer that fired a little early is armed again by the update this dispatch makes
      this.view.dispatch({ effects: hideLabels.of(Date.now()) });
    }, Math.max(0, due - Date.now()));
  }
});

export const remoteCursors = StateField.define<Map<string, DrawnCursor>>({
  create: () => new Map(),
  update(cursors, tr) {
    let next = cursors;
    const edit = () => (next === cursors ? (next = new Map(cursors)) : next);
    if (!tr.changes.empty) {
      next = new Map();
      for (const [id, c] of cursors) {
        next.set(id, { ...c, anchor: tr.changes.mapPos(c.anchor, 1), head: tr.changes.mapPos(c.head, 1) });
      }
    }
    for (const e of tr.effects) {
      if (e.is(setCursor)) {
        edit().set(e.value.session, drawn(e.value, next.get(e.value.session)));
      } else if (e.is(keepCursors)) {
        for (const id of [...next.keys()]) if (!e.value.has(id)) edit().delete(id);
      } else if (e.is(dropCursor)) {
        if (next.has(e.value)) edit().delete(e.value);
      } else if (e.is(hideLabels)) {
        for (const [id, c] of next) if (c.labelUntil !== null && c.labelUntil <= e.value) edit().set(id, { ...c, labelUntil: null });
      }
    }
    return next;
  },
  provide: (field) => [
    EditorView.decorations.from(field, (cursors) => (view: EditorView) => decorations(view.state, cursors)),
    labelTimer,
  ],
});

function decorations(state: EditorState, cursors: Map<string, DrawnCursor>): DecorationSet {
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
    items.push({ from: head, to: head, deco: Decoration.widget({ widget: new CaretWidget(c, c.labelUntil !== null), side: 1 }) });
  }
  return Decoration.set(items.map((i) => i.deco.range(i.from, i.to)), true);
}

export const cursorTheme = EditorView.baseTheme({
  '.cw-caret': {
    position: 'relative',
    borderLeft: '2px solid',
    marginLeft: '-1px',
    marginRight: '-1px',
  },
  // A hover target a little wider than the 2 px line, so the label can be found with the mouse.
  '.cw-caret::before': {
    content: "''",
    position: 'absolute',
    top: '0',
    bottom: '0',
    left: '-5px',
    width: '8px',
  },
  '.cw-caret-label': {
    display: 'none',
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
    pointerEvents: 'none', // a label on show never takes a click meant for the text under it
    zIndex: '5',
  },
  '.cw-caret-labelled .cw-caret-label, .cw-caret:hover .cw-caret-label': {
    display: 'block',
  },
});
