// /admin/d/<id>: one document's history for an admin. The summary (versions, times, editors), who is in
// the document now (presence-service), export of the slider's version, the timeline (historyview.ts) and
// the diff, restore and undo (changeview.ts). The document is polled while the tab is visible, so the
// slider's end follows edits made meanwhile.
import type { AdminShell } from './adminshell';
import { type DocumentDetail, needsSignIn } from './historyapi';
import { online, type Online } from './online';
import { ColorBook } from './diffmodel';
import { HistoryView } from './historyview';
import { ChangeView } from './changeview';
import { time } from './adminlist';

/** How often the head and the people are asked again. */
const POLL_MS = 5000;

/** Counts the document pages drawn, so a page's timer knows when another one replaced it. */
let drawn = 0;

export function showAdminDocument(shell: AdminShell, doc: string): void {
  const { main, api } = shell;
  main.innerHTML = `
    <section class="doc-summary" aria-label="document">
      <h1 class="doc-heading"></h1>
      <dl class="facts"></dl>
      <p class="actions">
        <a class="open-editor" target="_blank" rel="noopener">Open in the editor</a>
        <button type="button" class="export">Export the slider's version (.txt)</button>
      </p>
      <div class="online" aria-live="polite"><h2>Online now</h2><ul class="online-people"></ul><p class="online-note"></p></div>
    </section>
    <section class="timeline" aria-label="timeline"></section>
    <section class="changes" aria-label="diff, restore and undo"></section>
    <dialog class="confirm" aria-label="confirm the change"></dialog>`;
  const page = String(++drawn);
  main.dataset.page = page;
  const q = <T extends HTMLElement>(sel: string) => main.querySelector(sel) as T;
  q('.doc-heading').textContent = doc;
  q<HTMLAnchorElement>('.open-editor').href = `/d/${encodeURIComponent(doc)}`;
  const colors = new ColorBook();
  let history: HistoryView | null = null;
  let changes: ChangeView | null = null;

  // The sign-in form or another page may have replaced this one while a request was under way.
  const current = () => main.isConnected && main.dataset.page === page && main.querySelector('.doc-summary') !== null;
  // A poll clears the banner only when it had put it there: another request's error stays on show.
  let refreshFailed = false;
  const refresh = async () => {
    let d: DocumentDetail;
    try {
      d = await api.document(doc);
    } catch (e) {
      if (current()) shell.failed(e);
      refreshFailed = true;
      return false;
    }
    if (!current()) return false;
    if (refreshFailed) shell.ok();
    refreshFailed = false;
    renderFacts(q('.facts'), d);
    if (history === null) {
      history = new HistoryView(q('.timeline'), doc, api, colors, d.headVersion, (e) => shell.failed(e));
      changes = new ChangeView(q('.changes'), q('dialog'), doc, api, colors, {
        slider: () => ({ version: history!.version, head: history!.head }),
        committed: () => void refresh(),
        failed: (e) => shell.failed(e),
      });
      // For the browser tests and debugging: the read-only view and where the slider stands.
      (window as unknown as { cowriteAdmin: unknown }).cowriteAdmin = {
        view: history.view,
        get version() { return history!.version; },
        get shownVersion() { return history!.shownVersion; },
        get head() { return history!.head; },
      };
    } else {
      history.setHead(d.headVersion);
    }
    changes!.setAuthors(d.editors.map((e) => e.author));
    return true;
  };
  const people = async () => {
    let o: Online;
    try {
      o = online(await api.presence(doc));
    } catch (e) {
      if (!current()) return;
      if (needsSignIn(e)) return shell.failed(e);
      o = online({ error: e });
    }
    if (current()) renderOnline(main, o);
  };
  q('.export').addEventListener('click', () => void exportVersion(shell, doc, history?.version ?? null));
  void refresh().then((ok) => {
    if (!ok) return;
    void people();
    const timer = setInterval(() => {
      if (!main.isConnected || main.dataset.page !== page) return clearInterval(timer); // another page is on show
      if (document.visibilityState !== 'visible' || shell.token.token === null) return;
      void refresh();
      void people();
    }, POLL_MS);
  });
}

function renderFacts(dl: HTMLElement, d: DocumentDetail): void {
  const facts: [string, string][] = [
    ['version now', String(d.headVersion)],
    ['created', time(d.createdAt)],
    ['last activity', time(d.updatedAt)],
    ['oldest stored op', d.horizon === 0 ? 'all ops kept' : `version ${d.horizon} (older ones compacted)`],
    ['editors', d.editors.map((e) => `${e.author || '(no name)'} (${e.ops} ops, last ${time(e.lastAt)})`).join(', ') || 'none yet'],
  ];
  dl.replaceChildren(...facts.flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dd.dataset.fact = k;
    return [dt, dd];
  }));
}

function renderOnline(main: HTMLElement, o: Online): void {
  const list = main.querySelector('.online-people')!;
  const note = main.querySelector('.online-note')!;
  if (!o.available) {
    list.replaceChildren();
    note.textContent = o.note;
    return;
  }
  list.replaceChildren(...o.people.map((p) => {
    const li = document.createElement('li');
    li.className = 'peer';
    const dot = document.createElement('span');
    dot.className = 'peer-dot';
    dot.style.background = p.color;
    li.append(dot, p.sessions > 1 ? `${p.name} (${p.sessions} tabs)` : p.name);
    return li;
  }));
  note.textContent = o.people.length === 0 ? 'Nobody has the document open.'
    : o.warm ? '' : 'presence-service is starting: the list may be incomplete.';
}

/** GET export with the token, as a blob, saved under the server's file name. */
async function exportVersion(shell: AdminShell, doc: string, version: number | null): Promise<void> {
  if (version === null) return;
  try {
    const { blob, filename } = await shell.api.exportText(doc, version);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    shell.failed(e);
  }
}
