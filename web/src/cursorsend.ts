// This page's own cursor, sent to the other people (docs/protocol.md §5 `cursor`): only while every local
// edit is acknowledged, so its positions are the server's at our version. A reader sends none.
//
// Coalesced: at most one message per CURSOR_EVERY_MS, carrying the latest position. Typing sends none per
// keystroke: everyone moves the caret through the op itself (cursors.ts maps it past text inserted at it).
// Once the typing pauses for TYPING_PAUSE_MS one message settles it, because the server moves a stored cursor
// through ops the other way (an insert at the cursor leaves it before the insert), so without it a person
// joining later would be shown the caret before the typed text.
import type { ChangeDesc } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { OTClient } from './otclient';
import { toCodePoint } from './positions';
import type { ClientMessage } from './protocol';

export const CURSOR_EVERY_MS = 50;
export const TYPING_PAUSE_MS = 500;

/**
 * What an editor update did to our cursor as the others see it. `moved`: it is not where they would put it
 * (a click, an arrow key, a remote insert right at it): send it soon. `typed`: a local edit moved it exactly
 * as they will when they apply the op: send it once the typing pauses. null: nothing to tell.
 */
export type CursorChange = 'moved' | 'typed';

interface Range {
  anchor: number;
  head: number;
}

/**
 * The change `changes` (with `localEdit`: one of our edits among them) made to the cursor `before`, now at
 * `after`; the others map a cursor through a change as cursors.ts does (after text inserted at it).
 */
export function cursorChange(before: Range, changes: ChangeDesc, after: Range, localEdit: boolean): CursorChange | null {
  const mapped = changes.mapPos(before.anchor, 1) === after.anchor && changes.mapPos(before.head, 1) === after.head;
  if (!mapped) return 'moved';
  return localEdit && !changes.empty ? 'typed' : null;
}

/** When the next cursor message may go (all times in ms): pure, so the pacing can be tested without timers. */
export class CursorPace {
  private lastSentAt = -Infinity;
  private movedAt: number | null = null;
  private typedAt: number | null = null;

  changed(change: CursorChange, now: number): void {
    if (change === 'moved') this.movedAt ??= now;
    else this.typedAt = now; // each keystroke puts the pause off
  }

  /** The earliest time the cursor may be sent, or null when there is nothing to send. */
  due(): number | null {
    const wanted = this.movedAt ?? (this.typedAt === null ? null : this.typedAt + TYPING_PAUSE_MS);
    return wanted === null ? null : Math.max(wanted, this.lastSentAt + CURSOR_EVERY_MS);
  }

  sent(now: number): void {
    this.lastSentAt = now;
    this.forget();
  }

  /** Nothing is to be sent (a reader shows no caret). */
  forget(): void {
    this.movedAt = null;
    this.typedAt = null;
  }
}

export class CursorSender {
  private readonly pace = new CursorPace();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue: number | null = null;

  constructor(
    private readonly doc: string,
    private readonly view: EditorView,
    private readonly client: OTClient,
    private readonly send: (msg: ClientMessage) => boolean,
  ) {}

  /** Something moved the cursor (or the text under it): tell the others when the pacing allows. */
  changed(change: CursorChange): void {
    this.pace.changed(change, Date.now());
    this.schedule();
  }

  /** Arms the timer for the next message, if one is due; called again when the client becomes synchronized. */
  schedule(): void {
    const due = this.pace.due();
    if (due === this.timerDue) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = due;
    if (due === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = null;
      this.sendNow();
    }, Math.max(0, due - Date.now()));
  }

  /** Sends the latest position, unless edits are unacknowledged (then `schedule` runs again once they are). */
  private sendNow(): void {
    const version = this.client.version;
    if (this.pace.due() === null || this.client.phase !== 'joined' || !this.client.synchronized || version === null) return;
    if (this.client.readOnly) return this.pace.forget(); // a reader has no caret to show (the editor is not editable)
    const text = this.view.state.doc.toString();
    const sel = this.view.state.selection.main;
    const sent = this.send({
      type: 'cursor', doc: this.doc, version, anchor: toCodePoint(text, sel.anchor), head: toCodePoint(text, sel.head),
    });
    if (sent) this.pace.sent(Date.now());
  }
}
