// The diff and the two repairs of the admin document page. A range of versions (from, to) is picked by
// hand or from the slider; "Show diff" draws GET diff with authors by color. "Restore" takes the document
// back to the slider's version; "Undo" takes back one author's edits in the range, keeping everyone else's.
// Both open a dialog that shows the resulting diff first (preview) and commit only when confirmed
// (confirm.ts); the committed op reaches every open editor live.
import type { Change, HistoryApi } from './historyapi';
import { explain } from './historyapi';
import type { ColorBook } from './diffmodel';
import { renderDiff } from './diffview';
import { type Action, canConfirm, ConfirmFlow, describeAction, type Flow, invalidReason } from './confirm';

export interface ChangeHooks {
  /** The slider's version now, and the document's head. */
  slider(): { version: number; head: number };
  /** A change was committed (the page reloads the document's head). */
  committed(change: Change): void;
  failed(e: unknown): void;
}

export class ChangeView {
  readonly flow: ConfirmFlow;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly author: HTMLSelectElement;
  private readonly diff: HTMLElement;
  private readonly dialog: HTMLDialogElement;

  constructor(root: HTMLElement, dialog: HTMLDialogElement, private readonly doc: string,
              private readonly api: HistoryApi, private readonly colors: ColorBook, private readonly hooks: ChangeHooks) {
    root.innerHTML = `
      <h2>Compare and repair</h2>
      <form class="range">
        <label>from version <input name="from" type="number" min="0" step="1" required></label>
        <button type="button" class="from-slider" title="the slider's version">← slider</button>
        <label>to version <input name="to" type="number" min="0" step="1" required></label>
        <button type="button" class="to-slider" title="the slider's version">← slider</button>
        <button type="submit" class="show-diff">Show diff</button>
      </form>
      <div class="diff" aria-live="polite"></div>
      <div class="repairs">
        <button type="button" class="restore">Restore to the slider's version…</button>
        <span class="undo-row">
          <label>Undo the edits of <select name="author"></select></label>
          <button type="button" class="undo">in this range…</button>
        </span>
      </div>`;
    const q = <T extends HTMLElement>(sel: string) => root.querySelector(sel) as T;
    this.from = q('input[name="from"]');
    this.to = q('input[name="to"]');
    this.author = q('select[name="author"]');
    this.diff = q('.diff');
    this.dialog = dialog;
    this.from.value = '0';
    this.to.value = String(hooks.slider().head);
    q('.from-slider').addEventListener('click', () => { this.from.value = String(hooks.slider().version); });
    q('.to-slider').addEventListener('click', () => { this.to.value = String(hooks.slider().version); });
    q<HTMLFormElement>('form').addEventListener('submit', (e) => { e.preventDefault(); void this.showDiff(); });
    q('.restore').addEventListener('click', () => this.ask({ kind: 'restore', version: hooks.slider().version }));
    q('.undo').addEventListener('click', () => this.ask({
      kind: 'undo', author: this.author.value, from: Number(this.from.value), to: Number(this.to.value),
    }));
    this.flow = new ConfirmFlow((a, preview) => this.run(a, preview), (f) => this.renderFlow(f));
    dialog.addEventListener('close', () => this.flow.cancel());
    // Escape closes the dialog, but not while a commit is under way: its outcome must be seen.
    dialog.addEventListener('cancel', (e) => { if (this.flow.flow.step === 'committing') e.preventDefault(); });
  }

  /** The authors who edited the document, for the undo choice. */
  setAuthors(authors: readonly string[]): void {
    const chosen = this.author.value;
    this.author.replaceChildren(...authors.map((a) => {
      const o = document.createElement('option');
      o.value = a;
      o.textContent = a || '(no name)';
      return o;
    }));
    if (authors.includes(chosen)) this.author.value = chosen;
  }

  private async showDiff(): Promise<void> {
    const from = Number(this.from.value);
    const to = Number(this.to.value);
    const head = this.hooks.slider().head;
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from < to && to <= head)) {
      this.diff.textContent = `Pick versions with from < to, between 0 and ${head}.`;
      return;
    }
    this.diff.dataset.loading = 'true';
    try {
      const d = await this.api.diff(this.doc, from, to);
      renderDiff(this.diff, d.spans, this.colors);
      this.diff.dataset.range = `${d.from}-${d.to}`;
    } catch (e) {
      this.hooks.failed(e);
    } finally {
      this.diff.dataset.loading = 'false';
    }
  }

  private ask(action: Action): void {
    const why = invalidReason(action, this.hooks.slider().head);
    if (why !== null) {
      this.diff.textContent = why;
      return;
    }
    void this.flow.start(action);
  }

  private run(a: Action, preview: boolean): Promise<Change> {
    return a.kind === 'restore'
      ? this.api.restore(this.doc, a.version, preview)
      : this.api.undo(this.doc, a.author, a.from, a.to, preview);
  }

  private renderFlow(f: Flow): void {
    const d = this.dialog;
    if (f.step === 'idle') {
      if (d.open) d.close();
      return;
    }
    d.dataset.step = f.step;
    d.replaceChildren();
    const title = document.createElement('h2');
    title.textContent = describeAction(f.action);
    const status = document.createElement('p');
    status.className = 'confirm-status';
    status.setAttribute('role', 'status');
    const body = document.createElement('div');
    body.className = 'diff';
    const buttons = document.createElement('div');
    buttons.className = 'confirm-buttons';
    const commit = button('Commit', 'primary confirm-commit', () => void this.flow.confirm());
    const close = button(f.step === 'done' ? 'Close' : 'Cancel', 'confirm-cancel', () => this.flow.cancel());
    commit.disabled = !canConfirm(f);
    close.disabled = f.step === 'committing'; // the commit is under way: its outcome is shown, not hidden
    status.textContent = statusText(f);
    if (f.step === 'confirming' || f.step === 'committing') renderDiff(body, f.preview.spans, this.colors);
    if (f.step === 'failed' && f.preview !== null) renderDiff(body, f.preview.spans, this.colors);
    if (f.step === 'done') renderDiff(body, f.result.spans, this.colors);
    buttons.append(...(f.step === 'done' ? [close] : [commit, close]));
    d.append(title, status, body, buttons);
    if (!d.open) d.showModal();
    if (f.step === 'done') {
      close.focus();
      this.hooks.committed(f.result);
    }
  }
}

function statusText(f: Flow): string {
  switch (f.step) {
    case 'previewing': return 'Computing what this would change…';
    case 'confirming': return canConfirm(f)
      ? `This is what would change, from the current version ${f.preview.base}. Nothing is committed until you confirm.`
      : 'This changes nothing: the document already reads like this.';
    case 'committing': return 'Committing…';
    case 'done': return `Committed as version ${f.result.version}: every open editor has it now.`;
    case 'failed': return explain(f.error);
    default: return '';
  }
}

function button(text: string, cls: string, click: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  b.addEventListener('click', click);
  return b;
}
