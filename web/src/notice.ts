// The notices above the editor: local edits that could not be merged (with the previous text to copy)
// and edits refused as too large. From a notice until it is dismissed or a later edit is saved, the
// indicator says that an edit was not saved (status.ts): never "all changes saved" beside a notice.

type Unsaved = 'no' | 'yes' | 'edited since';

export class Notices {
  private unsaved: Unsaved = 'no';

  /** `changed` is called when what the indicator should say may have changed. */
  constructor(
    private readonly lostEl: HTMLElement,
    private readonly refusedEl: HTMLElement,
    private readonly changed: () => void,
  ) {}

  /** Local edits could not be merged (protocol §7 "op rejected", a resync): offer the previous text. */
  lost(previousText: string, reason: string): void {
    const area = document.createElement('textarea');
    area.readOnly = true;
    area.value = previousText;
    this.show(this.lostEl,
      `Some of your edits could not be merged (${reason}). Your previous version is below; copy what you need.`, area);
  }

  /** A local edit was refused before it was applied (editguard.ts): nothing changed, nothing was sent. */
  refused(why: string): void {
    this.show(this.refusedEl, `${why} Nothing was changed.`);
  }

  /** The person made a local edit: once it is saved, the indicator may say "all changes saved" again. */
  edited(): void {
    if (this.unsaved === 'yes') this.unsaved = 'edited since';
  }

  /** Whether the indicator must say an edit was not saved, given whether every local edit is acknowledged. */
  notSaved(synchronized: boolean): boolean {
    if (this.unsaved === 'edited since' && synchronized) this.unsaved = 'no';
    return this.unsaved !== 'no';
  }

  private show(el: HTMLElement, text: string, ...extra: HTMLElement[]): void {
    const p = document.createElement('p');
    p.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => this.dismiss(el));
    el.replaceChildren(p, ...extra, close);
    el.hidden = false;
    this.unsaved = 'yes';
    this.changed();
  }

  private dismiss(el: HTMLElement): void {
    el.hidden = true;
    if (this.lostEl.hidden && this.refusedEl.hidden) this.unsaved = 'no';
    this.changed();
  }
}
