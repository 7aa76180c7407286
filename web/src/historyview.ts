// The timeline of the admin document page: a slider over the versions that plays history back in a
// read-only CodeMirror view (GET text?version=, debounced: a dragged slider asks when it rests), the
// revision at the slider (author, time, characters added and removed), a list of revisions to jump to,
// stepping and playback from one revision to the next. The model is timeline.ts.
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import type { HistoryApi, Revision } from './historyapi';
import type { ColorBook } from './diffmodel';
import { describe, Latest, moveTo, needsOlder, revisionAt, type Slider, slider, step, withHead, withPage } from './timeline';
import { time } from './adminlist';

/** Time between two steps of playback. */
const PLAY_STEP_MS = 700;

export class HistoryView {
  readonly view: EditorView;
  #s: Slider;
  /** The version whose text the view shows (null before the first answer). */
  shownVersion: number | null = null;
  #playing: ReturnType<typeof setInterval> | null = null;
  #loadingOlder = false;
  private readonly texts: Latest<number, string>;
  private readonly range: HTMLInputElement;
  private readonly caption: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly olderButton: HTMLButtonElement;
  private readonly playButton: HTMLButtonElement;
  private readonly textBox: HTMLElement;

  constructor(root: HTMLElement, private readonly doc: string, private readonly api: HistoryApi,
              private readonly colors: ColorBook, head: number, private readonly failed: (e: unknown) => void) {
    root.innerHTML = `
      <h2>Timeline</h2>
      <div class="slider-row">
        <button type="button" class="step-back" title="previous revision" aria-label="previous revision">◀</button>
        <input type="range" class="history-slider" min="0" step="1" aria-label="version">
        <button type="button" class="step-forward" title="next revision" aria-label="next revision">▶</button>
        <button type="button" class="play">Play</button>
      </div>
      <p class="slider-caption" role="status" aria-live="polite"></p>
      <div class="history-text" data-loading="true">
        <span class="read-only" title="History is shown, not edited: restore a version to change the document">read only</span>
      </div>
      <details class="revisions" open>
        <summary>Revisions, newest first</summary>
        <ol></ol>
        <button type="button" class="older" hidden>Older revisions</button>
      </details>`;
    const q = <T extends HTMLElement>(sel: string) => root.querySelector(sel) as T;
    this.range = q('.history-slider');
    this.caption = q('.slider-caption');
    this.list = q('.revisions ol');
    this.olderButton = q('.older');
    this.playButton = q('.play');
    this.textBox = q('.history-text');
    this.view = new EditorView({
      parent: this.textBox,
      state: EditorState.create({
        doc: '',
        extensions: [
          EditorState.lineSeparator.of('\n'),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          lineNumbers(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': `text of ${doc} at the chosen version`, 'aria-readonly': 'true' }),
        ],
      }),
    });
    this.texts = new Latest((v) => this.api.text(this.doc, v).then((t) => t.text), (v, text) => this.showText(v, text),
      (_v, e) => { this.textBox.dataset.loading = 'false'; this.failed(e); });
    this.#s = slider(head);
    this.range.addEventListener('input', () => this.go(moveTo(this.#s, Number(this.range.value))));
    q('.step-back').addEventListener('click', () => this.go(step(this.#s, -1)));
    q('.step-forward').addEventListener('click', () => this.go(step(this.#s, 1)));
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.olderButton.addEventListener('click', () => void this.loadOlder());
    this.render();
    this.texts.request(head);
    void this.loadOlder();
  }

  get version(): number {
    return this.#s.version;
  }

  get head(): number {
    return this.#s.head;
  }

  /** The document's head now (polled): a slider at the head follows it. */
  setHead(head: number): void {
    if (head === this.#s.head) return;
    const atHead = this.#s.version === this.#s.head;
    this.#s = withHead(this.#s, head);
    this.list.replaceChildren();
    this.render();
    if (atHead) this.texts.request(this.#s.version);
    void this.loadOlder();
  }

  private go(s: Slider): void {
    if (s === this.#s) return;
    this.#s = s;
    this.render();
    this.textBox.dataset.loading = 'true';
    this.texts.request(s.version);
    if (needsOlder(s)) void this.loadOlder();
  }

  private showText(version: number, text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    this.shownVersion = version;
    this.textBox.dataset.version = String(version);
    this.textBox.dataset.loading = 'false';
  }

  private async loadOlder(): Promise<void> {
    if (this.#loadingOlder || this.#s.older === null) return;
    this.#loadingOlder = true;
    const head = this.#s.head;
    let again = false;
    try {
      const page = await this.api.timeline(this.doc, this.#s.older);
      again = head !== this.#s.head; // the head moved meanwhile: load from the new head
      if (!again) {
        const before = this.#s.revisions.length;
        this.#s = withPage(this.#s, page);
        for (const r of this.#s.revisions.slice(before)) this.list.append(this.item(r));
        this.render();
        again = needsOlder(this.#s); // the slider stands further back than this page
      }
    } catch (e) {
      this.failed(e);
    } finally {
      this.#loadingOlder = false;
    }
    if (again) void this.loadOlder();
  }

  private item(r: Revision): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.from = String(r.from);
    li.dataset.to = String(r.to);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'revision';
    b.style.setProperty('--author', this.colors.color(r.author));
    b.textContent = `${r.author || 'someone'} · ${time(r.end)} · +${r.added} −${r.removed} · versions ${r.from}–${r.to}`;
    b.addEventListener('click', () => this.go(moveTo(this.#s, r.to)));
    li.append(b);
    return li;
  }

  private render(): void {
    const s = this.#s;
    this.range.max = String(s.head);
    this.range.value = String(s.version);
    this.range.setAttribute('aria-valuetext', `version ${s.version} of ${s.head}`);
    this.caption.textContent = describe(s, time);
    this.olderButton.hidden = s.older === null;
    const current = revisionAt(s.revisions, s.version);
    for (const li of this.list.children) {
      (li as HTMLElement).classList.toggle('current', current !== null && (li as HTMLElement).dataset.from === String(current.from));
    }
  }

  private togglePlay(): void {
    if (this.#playing !== null) return this.stopPlay();
    if (this.#s.version === this.#s.head) this.go(moveTo(this.#s, 0));
    this.playButton.textContent = 'Pause';
    this.#playing = setInterval(() => {
      if (!this.range.isConnected) return this.stopPlay(); // the page was replaced
      const next = step(this.#s, 1);
      if (next === this.#s) return this.stopPlay();
      this.go(next);
    }, PLAY_STEP_MS);
  }

  private stopPlay(): void {
    if (this.#playing !== null) clearInterval(this.#playing);
    this.#playing = null;
    this.playButton.textContent = 'Play';
  }
}
