// What the HTTP transports (SSE + POST, long polling + POST) share, per docs/protocol.md §13: the `hello` is a
// `POST /api/session` (its answer is the `welcome`), an `op` is a `POST /api/docs/{doc}/ops`, the token travels in
// `Authorization`, the identity in `Cowrite-Client-Id` / `Cowrite-Resume`, never in a URL. How the document is
// followed (`join`) is the subclass's. The answer to a POSTed op is not passed on when it is an ack: the ack (or
// the op, as a `remote` with this client's id and seq) arrives in order with the other ops on the way the
// document is followed, as on the WebSocket (§6 ordering). A refused op is passed on as the reply error it is.
// No cursors travel over HTTP, and no protocol ping: the transport notices a dead link by itself.
import { CLOSE_NODE_FULL, CLOSE_UNAUTHORIZED, type ClientMessage, type Identity } from './protocol';
import type { Transport, TransportEvents, TransportKind } from './transport';

type Op = Extract<ClientMessage, { type: 'op' }>;

export abstract class HttpTransport implements Transport {
  abstract readonly kind: TransportKind;
  readonly heartbeat = false;
  protected ended = false;
  protected readonly abort = new AbortController();
  private identity: Identity | null = null;
  private token: string | null = null;
  protected name: string | null = null;

  constructor(protected readonly origin: string, protected readonly events: TransportEvents) {
    // Ready at once (there is no connection to open), but never before the caller holds this transport.
    void Promise.resolve().then(() => { if (!this.ended) events.open(); });
  }

  send(msg: ClientMessage): boolean {
    if (this.ended) return false;
    switch (msg.type) {
      case 'hello':
        this.token = msg.token ?? null;
        this.name = msg.name ?? null;
        void this.hello(msg.clientId === undefined ? {} : { clientId: msg.clientId, resume: msg.resume });
        return true;
      case 'join':
        this.follow(msg.doc, msg.version);
        return true;
      case 'leave':
        this.unfollow();
        return true;
      case 'op':
        void this.submit(msg);
        return true;
      case 'cursor':
      case 'ping':
        return true;
    }
  }

  close(): void {
    this.ended = true;
    this.abort.abort();
  }

  /** Follows `doc` from `version` (absent: a fresh join); the join reply and every op after it become messages. */
  protected abstract follow(doc: string, version: number | undefined): void;

  protected abstract unfollow(): void;

  protected emit(value: unknown): void {
    if (!this.ended) this.events.message(value);
  }

  /** The transport ends with `code` (§8), once. */
  protected fail(code: number): void {
    if (this.ended) return;
    this.close();
    this.events.closed(code);
  }

  protected headers(withIdentity: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    if (this.token !== null) h.Authorization = `Bearer ${this.token}`;
    if (withIdentity && this.identity) {
      h['Cowrite-Client-Id'] = this.identity.clientId;
      h['Cowrite-Resume'] = this.identity.resume;
    }
    return h;
  }

  protected query(params: Record<string, string | number | undefined>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    if (this.name !== null) q.set('name', this.name);
    const s = q.toString();
    return s === '' ? '' : `?${s}`;
  }

  /** A request of this transport; null (and the transport failed with 1006) when the network failed. */
  protected async request(path: string, init: RequestInit): Promise<Response | null> {
    try {
      return await fetch(this.origin + path, { ...init, signal: this.abort.signal, cache: 'no-store' });
    } catch {
      this.fail(1006);
      return null;
    }
  }

  /**
   * A refusal before anything was streamed: the close it amounts to (the same rules as the WebSocket's), or, for
   * a refused join or op, the reply error passed on (`doc`, and `seq` for an op, added so the client can match it).
   */
  protected async refused(res: Response, doc: string | null, seq?: number): Promise<void> {
    let body: { code?: string; retryable?: boolean; message?: string } = {};
    try { body = await res.json(); } catch { /* no JSON body */ }
    if (res.status === 401) return this.fail(CLOSE_UNAUTHORIZED);
    if (res.status === 503 && body.code === 'node_full') return this.fail(CLOSE_NODE_FULL);
    if (res.status === 503 && seq === undefined) return this.fail(body.code === 'draining' ? 4000 : 1013);
    if (res.status === 429 && body.code === 'too_many_connections') return this.fail(4005);
    if (doc === null || typeof body.code !== 'string') return this.fail(res.status === 400 ? 4502 : 1006);
    this.emit({ type: 'error', message: '', retryable: false, ...body, doc, ...(seq === undefined ? {} : { seq }) });
  }

  private async hello(resume: Partial<Identity>): Promise<void> {
    const body = { ...resume, ...(this.name === null ? {} : { name: this.name }) };
    const res = await this.request('/api/session', {
      method: 'POST', headers: { ...this.headers(false), 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res) return;
    if (!res.ok) return this.refused(res, null);
    let welcome: { clientId?: unknown; resume?: unknown };
    try { welcome = await res.json(); } catch { return this.fail(1006); }
    if (typeof welcome.clientId === 'string' && typeof welcome.resume === 'string') {
      this.identity = { clientId: welcome.clientId, resume: welcome.resume };
    }
    this.emit(welcome);
  }

  private async submit(op: Op): Promise<void> {
    const res = await this.request(`/api/docs/${encodeURIComponent(op.doc)}/ops`, {
      method: 'POST',
      headers: { ...this.headers(true), 'Content-Type': 'application/json' },
      body: JSON.stringify({ base: op.base, clientId: op.clientId, seq: op.seq, op: op.op }),
    });
    // A dropped answer means "committed or not": the transport fails, the client resumes and resends (§11).
    if (!res || res.ok) return;
    return this.refused(res, op.doc, op.seq);
  }
}
