// /admin: every document, most recently active first, searched by id prefix, by editor and by last
// activity; one page of the API at a time, "More" follows its cursor.
import type { AdminShell } from './adminshell';
import type { DocumentSummary, ListQuery } from './historyapi';

export const PAGE_SIZE = 50;

/** The query of the search form's values (empty fields are no filter; a day is from its start, UTC). */
export function listQuery(prefix: string, editor: string, activeSince: string): ListQuery {
  const q: ListQuery = { limit: PAGE_SIZE };
  if (prefix.trim()) q.prefix = prefix.trim();
  if (editor.trim()) q.editor = editor.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(activeSince)) q.activeAfter = `${activeSince}T00:00:00Z`;
  return q;
}

export function showAdminList(shell: AdminShell): void {
  const { main, api } = shell;
  main.innerHTML = `
    <h1>Documents</h1>
    <form class="admin-search" role="search">
      <label>Id starts with <input name="prefix" maxlength="128" pattern="[A-Za-z0-9_\\-]*" autocomplete="off"></label>
      <label>Edited by <input name="editor" maxlength="256" autocomplete="off"></label>
      <label>Active since <input name="since" type="date"></label>
      <button type="submit" class="primary">Search</button>
    </form>
    <table class="admin-docs">
      <thead><tr><th>document</th><th>version</th><th>last activity</th><th>created</th></tr></thead>
      <tbody></tbody>
    </table>
    <p class="admin-empty" hidden>No document matches.</p>
    <button class="more" type="button" hidden>More</button>`;
  const form = main.querySelector<HTMLFormElement>('form')!;
  const rows = main.querySelector('tbody')!;
  const empty = main.querySelector<HTMLElement>('.admin-empty')!;
  const more = main.querySelector<HTMLButtonElement>('.more')!;
  let query: ListQuery = listQuery('', '', '');
  let next: string | null = null;
  let asked = 0;

  const load = async (append: boolean) => {
    const ask = ++asked;
    more.disabled = true;
    try {
      const page = await api.listDocuments({ ...query, cursor: append ? next : null });
      if (ask !== asked) return; // a newer search is under way
      shell.ok();
      if (!append) rows.replaceChildren();
      for (const d of page.documents) rows.append(row(d));
      next = page.next;
      empty.hidden = rows.children.length > 0;
      more.hidden = next === null;
    } catch (e) {
      if (ask === asked) shell.failed(e);
    } finally {
      more.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    query = listQuery(v('prefix'), v('editor'), v('since'));
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  void load(false);
}

function row(d: DocumentSummary): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.doc = d.id;
  const link = document.createElement('a');
  link.href = `/admin/d/${encodeURIComponent(d.id)}`;
  link.dataset.adminLink = '';
  link.textContent = d.id;
  const cells = [link, String(d.headVersion), time(d.updatedAt), time(d.createdAt)];
  for (const c of cells) {
    const td = document.createElement('td');
    td.append(c);
    tr.append(td);
  }
  return tr;
}

/** An ISO time as the admin's locale shows it (the ISO text itself if it does not parse). */
export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toLocaleString();
}
