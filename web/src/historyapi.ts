// The admin history API of history-service (docs/history-admin.md) and presence-service's document API
// (docs/operations.md, "presence-service"), typed. Every request carries the admin's token in the
// `Authorization` header, never in the URL. Both are asked on the page's own origin: in the single-process
// mode everything is on one port; in the distributed mode the load balancer routes `/api/history/` and
// `/presence/` to those services (docs/admin-pages.md).
//
// A refusal is an `ApiError` with the HTTP status and the service's stable code (`{"error", "message"}`);
// `explain` turns it into the sentence the page shows. Nothing parses message text. Lists and nulls the
// server leaves out of an answer (a serializer that omits empty values) come back as [] and null.

export interface DocumentSummary {
  id: string;
  headVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentList {
  documents: DocumentSummary[];
  /** The opaque cursor of the next page, or null on the last page. */
  next: string | null;
}

export interface EditorStats {
  author: string;
  ops: number;
  lastAt: string;
}

export interface DocumentDetail extends DocumentSummary {
  /** The oldest version whose op is still stored (0 when nothing was compacted). */
  horizon: number;
  milestones: number;
  editors: EditorStats[];
}

/** Consecutive ops of one author: they take the text from version `from` to version `to` (exclusive). */
export interface Revision {
  from: number;
  to: number;
  author: string;
  start: string;
  end: string;
  added: number;
  removed: number;
  ops: number;
}

export interface TimelinePage {
  /** Newest first. */
  revisions: Revision[];
  /** `before` for the next (older) page, or null when the first revision is in. */
  next: number | null;
}

export interface VersionText {
  version: number;
  text: string;
  at: string | null;
}

export interface Span {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
  /** Who inserted or deleted it (absent for `equal`). */
  author?: string | null;
  version?: number | null;
}

export interface Diff {
  from: number;
  to: number;
  spans: Span[];
}

/** A restore's or an undo's result: the preview (no `version`) or the committed op's version. */
export interface Change {
  base: number;
  version?: number;
  spans: Span[];
}

export interface Retention {
  horizon: string | null;
  compactedDocuments: number;
  lastRun: string | null;
}

export interface PresenceSession {
  session: string;
  node: string;
  color: string;
  since: number;
  cursor: { version: number; anchor: number; head: number } | null;
}

export interface PresencePerson {
  user: string | null;
  name: string;
  sessions: PresenceSession[];
}

export interface DocumentPresence {
  doc: string;
  warm: boolean;
  people: PresencePerson[];
}

export interface ListQuery {
  prefix?: string;
  editor?: string;
  activeAfter?: string;
  activeBefore?: string;
  limit?: number;
  cursor?: string | null;
}

/** A request the API refused, or could not be sent (`status` 0). `code` is the body's `error`, if any. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string | null, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export const HISTORY_BASE = '/api/history';
export const PRESENCE_BASE = '/presence';

/** `path` with the query parameters that have a value (empty strings, null and undefined are left out). */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const docPath = (doc: string) => `${HISTORY_BASE}/documents/${encodeURIComponent(doc)}`;

export class HistoryApi {
  /** `token`: the admin's token now (it may change after a new sign-in), or null when there is none. */
  constructor(private readonly token: () => string | null, private readonly fetcher: Fetch = (u, i) => fetch(u, i)) {}

  async listDocuments(q: ListQuery = {}): Promise<DocumentList> {
    const r = await this.json<Partial<DocumentList>>(withQuery(`${HISTORY_BASE}/documents`, { ...q }));
    return { documents: r.documents ?? [], next: r.next ?? null };
  }

  async document(doc: string): Promise<DocumentDetail> {
    const r = await this.json<DocumentDetail>(docPath(doc));
    return { ...r, editors: r.editors ?? [] };
  }

  async timeline(doc: string, before: number | null = null, limit = 50): Promise<TimelinePage> {
    const r = await this.json<Partial<TimelinePage>>(withQuery(`${docPath(doc)}/timeline`, { before, limit }));
    return { revisions: r.revisions ?? [], next: r.next ?? null };
  }

  async text(doc: string, version: number): Promise<VersionText> {
    const r = await this.json<Partial<VersionText>>(withQuery(`${docPath(doc)}/text`, { version }));
    return { version: r.version ?? version, text: r.text ?? '', at: r.at ?? null };
  }

  async diff(doc: string, from: number, to: number): Promise<Diff> {
    const r = await this.json<Diff>(withQuery(`${docPath(doc)}/diff`, { from, to }));
    return { ...r, spans: r.spans ?? [] };
  }

  async restore(doc: string, version: number, preview: boolean): Promise<Change> {
    const r = await this.json<Change>(`${docPath(doc)}/restore`, { version, preview });
    return { ...r, spans: r.spans ?? [] };
  }

  async undo(doc: string, author: string, from: number, to: number, preview: boolean): Promise<Change> {
    const r = await this.json<Change>(`${docPath(doc)}/undo`, { author, from, to, preview });
    return { ...r, spans: r.spans ?? [] };
  }

  retention(): Promise<Retention> {
    return this.json(`${HISTORY_BASE}/retention`);
  }

  /** The text at `version` as a file, and the name the server gives it. */
  async exportText(doc: string, version: number): Promise<{ blob: Blob; filename: string }> {
    const res = await this.send(withQuery(`${docPath(doc)}/export`, { version }));
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('Content-Disposition')) ?? `${doc}-v${version}.txt` };
  }

  /** Who is in the document now (presence-service). */
  async presence(doc: string): Promise<DocumentPresence> {
    const r = await this.json<DocumentPresence>(`${PRESENCE_BASE}/documents/${encodeURIComponent(doc)}`);
    return { ...r, people: (r.people ?? []).map((p) => ({ ...p, sessions: p.sessions ?? [] })) };
  }

  private async json<T>(url: string, body?: unknown): Promise<T> {
    const res = await this.send(url, body);
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(res.status, 'bad_response', 'The server sent an answer this page cannot read.');
    }
  }

  private async send(url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.token();
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method: body === undefined ? 'GET' : 'POST', headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await this.fetcher(url, init);
    } catch {
      throw new ApiError(0, null, 'The server cannot be reached.');
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  let code: string | null = null;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not the API's JSON (a proxy's page, or a route that does not exist): the status says enough
  }
  return new ApiError(res.status, code, message);
}

/** The file name of `Content-Disposition: attachment; filename="…"`, or null. */
export function filenameOf(disposition: string | null): string | null {
  const m = disposition === null ? null : /filename="?([^";]+)"?/i.exec(disposition);
  return m ? m[1] : null;
}

/** The sentence the page shows for a failed request. */
export function explain(e: unknown): string {
  if (!(e instanceof ApiError)) return `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
  switch (e.status) {
    case 0:
      return 'The server cannot be reached. Check the connection and try again.';
    case 401:
      return 'The admin token was refused (or none was given). Sign in again with a valid admin token.';
    case 403:
      return 'This token does not give admin rights here. Sign in with a token that has the admin grant.';
    case 404:
      return e.code === 'not_found' ? 'There is no such document.' : 'This server does not offer this page\'s API (404).';
    case 410:
      return 'That version is older than the retention horizon: its ops were compacted away. Pick a later version.';
    case 409:
      return 'The change could not be committed because the document kept changing. Look at the preview again and retry.';
    case 503:
      return e.code === 'auth_unavailable'
        ? 'The sign-in keys cannot be fetched right now. Try again in a moment.'
        : 'The document\'s owner cannot be reached right now. Try again in a moment.';
    case 400:
      return `The request was refused: ${e.message}`;
    default:
      return `The server answered ${e.status}: ${e.message}`;
  }
}

/** Whether the failure means the token is not good (sign in again). */
export function needsSignIn(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401;
}
