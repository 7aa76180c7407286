// The documents this browser opened recently, newest first, for the landing page: losing a link no longer
// loses the document. Kept in localStorage under `cowrite:recent` by the editor page when a document opens
// (and its first line as a title once the text is known). Each entry can be removed; the list keeps the
// newest MAX_RECENT. Nothing here is sent anywhere.
import { DOC_ID } from './protocol';

export interface RecentDocument {
  doc: string;
  /** When this browser last opened it (epoch ms). */
  openedAt: number;
  /** The document's first non-empty line when it was last open, shortened; '' when unknown or empty. */
  title: string;
}

const KEY = 'cowrite:recent';
export const MAX_RECENT = 30;
export const MAX_TITLE = 80;

function store(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null; // denied: there is no list to keep
  }
}

function valid(e: unknown): e is RecentDocument {
  const r = e as RecentDocument;
  return typeof r === 'object' && r !== null && typeof r.doc === 'string' && DOC_ID.test(r.doc)
    && typeof r.openedAt === 'number' && Number.isFinite(r.openedAt) && typeof r.title === 'string';
}

/** The list, newest first (entries that do not parse are dropped). */
export function recentDocuments(): RecentDocument[] {
  let raw: unknown;
  try {
    raw = JSON.parse(store()?.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter(valid).sort((a, b) => b.openedAt - a.openedAt);
}

function save(list: RecentDocument[]): void {
  try {
    store()?.setItem(KEY, JSON.stringify(list.slice(0, MAX_RECENT)));
  } catch {
    // quota or denied: the list is a convenience, the documents are on the server
  }
}

/** `doc` was opened now: it moves to the top (keeping its title until a new one is known). */
export function rememberOpened(doc: string, now = Date.now()): void {
  if (!DOC_ID.test(doc)) return;
  const list = recentDocuments();
  const title = list.find((r) => r.doc === doc)?.title ?? '';
  save([{ doc, openedAt: now, title }, ...list.filter((r) => r.doc !== doc)]);
}

/** The title of a listed document, from its text (not listed: nothing happens, it was removed meanwhile). */
export function rememberTitle(doc: string, text: string): void {
  const list = recentDocuments();
  const entry = list.find((r) => r.doc === doc);
  if (!entry) return;
  const title = titleOf(text);
  if (title === entry.title) return;
  save(list.map((r) => (r.doc === doc ? { ...r, title } : r)));
}

export function forgetRecent(doc: string): void {
  save(recentDocuments().filter((r) => r.doc !== doc));
}

/** The first non-empty line, trimmed, at most MAX_TITLE characters (not cutting a surrogate pair). */
export function titleOf(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  const chars = Array.from(line);
  return chars.length <= MAX_TITLE ? line : `${chars.slice(0, MAX_TITLE - 1).join('')}…`;
}
