// The confirmation flow of a restore or an undo: nothing is committed before the admin has seen the
// resulting diff. `start` asks for a preview (POST with preview: true); the dialog shows it; `confirm`
// commits (preview: false) and shows what was committed; `cancel` closes at any step, and an answer that
// arrives after it (or after another `start`) is dropped. A preview that changes nothing cannot be
// committed. A failed commit keeps the preview on show with the error, and can be retried.
import type { Change } from './historyapi';
import { changesAnything } from './diffmodel';

export type Action =
  | { kind: 'restore'; version: number }
  | { kind: 'undo'; author: string; from: number; to: number };

export type Flow =
  | { step: 'idle' }
  | { step: 'previewing'; action: Action }
  | { step: 'confirming'; action: Action; preview: Change }
  | { step: 'committing'; action: Action; preview: Change }
  | { step: 'done'; action: Action; result: Change }
  | { step: 'failed'; action: Action; preview: Change | null; error: unknown };

/** Runs an action against the API: a preview or the commit. */
export type Runner = (action: Action, preview: boolean) => Promise<Change>;

/** What the action does, in words (the dialog's title). */
export function describeAction(a: Action): string {
  return a.kind === 'restore'
    ? `Restore the document to version ${a.version}`
    : `Undo ${a.author || 'unknown'}'s edits in versions ${a.from}–${a.to}`;
}

/** Why the action cannot be asked for, or null when it can (head: the document's current version). */
export function invalidReason(a: Action, head: number): string | null {
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 0 && n <= head;
  if (a.kind === 'restore') return whole(a.version) ? null : `Pick a version between 0 and ${head}.`;
  if (!a.author) return 'Pick the author whose edits to undo.';
  if (!whole(a.from) || !whole(a.to) || a.from >= a.to) return `Pick a range of versions from < to, between 0 and ${head}.`;
  return null;
}

/** Whether the flow's preview may be committed now. */
export function canConfirm(f: Flow): boolean {
  return (f.step === 'confirming' || (f.step === 'failed' && f.preview !== null)) && changesAnything(previewOf(f)!.spans);
}

function previewOf(f: Flow): Change | null {
  return f.step === 'confirming' || f.step === 'committing' ? f.preview : f.step === 'failed' ? f.preview : null;
}

export class ConfirmFlow {
  #flow: Flow = { step: 'idle' };
  #attempt = 0;

  constructor(private readonly run: Runner, private readonly changed: (flow: Flow) => void) {}

  get flow(): Flow {
    return this.#flow;
  }

  /** Asks for the preview of `action` (whatever was on show before is dropped). */
  async start(action: Action): Promise<void> {
    const attempt = this.set({ step: 'previewing', action });
    try {
      const preview = await this.run(action, true);
      if (attempt === this.#attempt) this.set({ step: 'confirming', action, preview });
    } catch (error) {
      if (attempt === this.#attempt) this.set({ step: 'failed', action, preview: null, error });
    }
  }

  /** Commits the action whose preview is on show. */
  async confirm(): Promise<void> {
    const f = this.#flow;
    if (!canConfirm(f) || (f.step !== 'confirming' && f.step !== 'failed')) return;
    const preview = f.preview!;
    const attempt = this.set({ step: 'committing', action: f.action, preview });
    try {
      const result = await this.run(f.action, false);
      if (attempt === this.#attempt) this.set({ step: 'done', action: f.action, result });
    } catch (error) {
      if (attempt === this.#attempt) this.set({ step: 'failed', action: f.action, preview, error });
    }
  }

  /** Closes the dialog; a request still under way is not waited for (its answer is dropped). */
  cancel(): void {
    if (this.#flow.step === 'idle') return;
    this.set({ step: 'idle' });
  }

  private set(flow: Flow): number {
    this.#flow = flow;
    this.changed(flow);
    return ++this.#attempt;
  }
}
