// The document page (/d/<id>): CodeMirror bound to the OT client, the connection, cursors, people and
// what this person may do. The page's identity is the one it claims from storage (a reload takes its
// identity back) until the first welcome says which identity the server knows this tab by (identity.ts).
// It signs in with a token (jwt mode, tokens.ts) or a display name (open mode).
import type { EditorView } from '@codemirror/view';
import { Connection, type ConnectionState } from './connection';
import { OTClient, type PendingState } from './otclient';
import { toUtf16 } from './positions';
import type { Limits, ServerMessage, ServerMessageOf } from './protocol';
import { PresenceList, sessions } from './presence';
import { StatusView } from './status';
import { Notices } from './notice';
import { dropCursor, keepCursors, remoteCursor, setCursor } from './cursors';
import { CursorSender } from './cursorsend';
import { TabIdentity } from './identity';
import { AccessView } from './access';
import { createEditor, editorPort, setEditability, type Editability } from './editor';
import type { TokenSource } from './tokens';
import * as storage from './storage';
import { rememberOpened, rememberTitle } from './recent';

/** How the page signs in: the display name to send (open mode; null when a token names the person) and the tokens. */
export interface SignIn {
  name: string | null;
  tokens: TokenSource;
}

interface Shell {
  status: HTMLElement;
  transport: HTMLElement;
  reconnect: HTMLButtonElement;
  loading: HTMLElement;
  readOnly: HTMLElement;
  peers: HTMLElement;
  presenceNote: HTMLElement;
  access: HTMLElement;
  lost: HTMLElement;
  refused: HTMLElement;
  editor: HTMLElement;
}

function renderShell(root: HTMLElement, doc: string): Shell {
  document.title = `${doc} · Cowrite`;
  root.innerHTML = `
    <header class="bar">
      <a class="brand" href="/" aria-label="Cowrite home">Cowrite</a>
      <span class="doc-id" title="document id"></span>
      <button class="share" type="button" title="Copy the link to this document">Copy link</button>
      <span class="connection">
        <span class="status" role="status" aria-live="polite" data-state="connecting">connecting…</span>
        <span class="transport" title="how this page is connected to the server" hidden></span>
        <button class="reconnect-now" type="button" hidden>Reconnect now</button>
      </span>
      <span class="read-only" title="You can read this document and see edits live, but not edit it" hidden>read only</span>
      <ul class="peers" aria-label="people in this document"></ul>
      <span class="presence-note" role="status" aria-live="polite"
        title="Who is here cannot be checked right now: the list may be incomplete. Edits are saved as usual."></span>
    </header>
    <div class="banner" role="alert" hidden></div>
    <div class="notice" data-notice="lost" hidden></div>
    <div class="notice" data-notice="refused" role="alert" hidden></div>
    <p class="loading-note" role="status">The document is not loaded yet: it can be edited once the server answers.</p>
    <main class="editor" aria-label="document text"></main>`;
  const q = (sel: string) => root.querySelector(sel) as HTMLElement;
  q('.doc-id').textContent = doc;
  q('.share').addEventListener('click', () => {
    void navigator.clipboard?.writeText(location.href).then(() => { q('.share').textContent = 'Link copied'; }, () => {});
  });
  return {
    status: q('.status'), transport: q('.transport'), reconnect: q('.reconnect-now') as HTMLButtonElement,
    loading: q('.loading-note'), readOnly: q('.read-only'), peers: q('.peers'), presenceNote: q('.presence-note'), access: q('.banner'),
    lost: q('[data-notice="lost"]'), refused: q('[data-notice="refused"]'), editor: q('.editor'),
  };
}

export async function openDocument(root: HTMLElement, doc: string, signIn: SignIn): Promise<void> {
  const shell = renderShell(root, doc);
  rememberOpened(doc); // the landing page lists it, so losing the link does not lose the document
  const identity = new TabIdentity();
  await identity.claim(doc);
  const restored = identity.clientId === null ? null : storage.loadPending(doc, identity.clientId);
  const page = new DocumentPage(shell, doc, identity, restored, signIn);
  // For debugging and the browser tests: the identity and session this page uses now.
  (window as unknown as { cowrite: unknown }).cowrite = {
    view: page.view, client: page.client, connection: page.connection, people: page.people,
    get clientId() { return identity.clientId; },
    get sessionId() { return page.sessionId; },
  };
  page.start();
}

class DocumentPage {
  readonly view: EditorView;
  readonly client: OTClient;
  readonly connection: Connection;
  readonly people: PresenceList;
  sessionId: string | null = null;
  private readonly cursor: CursorSender;
  private readonly statusView: StatusView;
  private readonly notices: Notices;
  private readonly access: AccessView;
  private readonly loadingNote: HTMLElement;
  private limits: Limits = storage.loadLimits(); // the last known ones until the welcome
  private connState: ConnectionState = { kind: 'connecting', transport: 'websocket' };
  private edited = false;
  private loaded: boolean;
  private noAccess = false;
  private editability: Editability;

  constructor(shell: Shell, private readonly doc: string, private readonly identity: TabIdentity,
              restored: PendingState | null, private readonly signIn: SignIn) {
    this.people = new PresenceList(shell.peers, shell.presenceNote);
    this.statusView = new StatusView(shell, () => this.connection.reconnectNow());
    this.loadingNote = shell.loading;
    this.access = new AccessView(shell.readOnly, shell.access);
    this.notices = new Notices(shell.lost, shell.refused, () => this.refresh());
    this.loaded = restored !== null;
    this.editability = this.loaded ? 'editable' : 'loading';
    this.loadingNote.hidden = this.loaded;
    this.view = createEditor(shell.editor, doc, restored?.text ?? null, {
      limits: () => this.limits,
      refused: (why) => this.notices.refused(why),
      localEdit: (op) => {
        this.edited = true;
        this.notices.edited();
        this.client.localEdit(op);
      },
      updated: (cursor) => {
        if (cursor !== null) this.cursor.changed(cursor);
        this.refresh();
      },
    });
    this.client = new OTClient(doc, identity.clientId, editorPort(this.view), (msg) => this.connection.send(msg),
      (clientId) => storage.nextSeq(clientId), {
        changed: (state) => this.save(state),
        lost: (previous, reason) => this.notices.lost(previous, reason),
        loaded: () => {
          this.loaded = true;
          this.noAccess = false;
          rememberTitle(doc, this.view.state.doc.toString());
          this.cursor.changed('moved'); // a new session: the others have no cursor of ours yet
        },
        forbidden: () => { this.noAccess = true; },
      }, restored, this.limits);
    this.cursor = new CursorSender(doc, this.view, this.client, (msg) => this.connection.send(msg));
    this.connection = this.connect();
    signIn.tokens.onFresh(() => this.connection.retry());
    window.addEventListener('pagehide', () => {
      const pending = this.client.pending();
      if (pending) this.save(pending);
      if (this.loaded) rememberTitle(doc, this.view.state.doc.toString());
    });
  }

  start(): void {
    this.connection.start();
    this.refresh();
    this.view.focus();
  }

  private connect(): Connection {
    const { tokens, name } = this.signIn;
    return new Connection(() => this.identity.resumable, () => ({ token: tokens.token, name }), {
      welcome: (w) => this.welcome(w),
      message: (msg) => {
        this.onMessage(msg);
        this.refresh();
        this.updateEditability();
      },
      closed: () => {
        this.client.disconnected();
        this.people.clear();
        this.view.dispatch({ effects: keepCursors.of(new Set()) });
        this.refresh();
      },
      session: (id) => {
        this.sessionId = id;
        this.refresh();
      },
      state: (s) => {
        this.connState = s;
        this.refresh();
        this.updateEditability();
      },
      // A token the server refused (or none): retry at once with a newer one, else ask the host for one.
      unauthorized: (token) => { if (tokens.refused(token, this.doc)) this.connection.retry(); },
    });
  }

  private welcome(w: ServerMessageOf<'welcome'>): void {
    this.sessionId = w.sessionId;
    this.limits = w.limits;
    storage.saveLimits(w.limits);
    const replaced = this.identity.adopt(w);
    this.client.connected(w.limits, w.clientId); // hands pending state over to the new identity, or reports it lost
    if (replaced !== null) this.identity.giveUp(this.doc, replaced);
    this.refresh();
  }

  private save(state: PendingState | null): void {
    if (this.client.clientId !== null) storage.savePending(this.doc, this.client.clientId, state);
  }

  private onMessage(msg: ServerMessage): void {
    if ('doc' in msg && msg.doc !== this.doc) return;
    if (msg.type === 'presence' || msg.type === 'peer_joined' || msg.type === 'peer_left') {
      this.people.apply(msg, this.sessionId);
      // A whole list drops the cursors of everyone not on it; one who left takes their cursor along.
      if (msg.type === 'presence') this.view.dispatch({ effects: keepCursors.of(sessions(this.people.all)) });
      if (msg.type === 'peer_left') this.view.dispatch({ effects: dropCursor.of(msg.session) });
    } else if (msg.type === 'cursor') {
      this.showCursor(msg);
    } else {
      this.client.handle(msg);
    }
  }

  /** Another person's cursor, at the server's `msg.version`: mapped through our unacked edits when current. */
  private showCursor(msg: ServerMessageOf<'cursor'>): void {
    const client = this.client;
    if (client.phase !== 'joined' || msg.session === this.sessionId) return;
    const text = this.view.state.doc.toString();
    const local = (p: number) => toUtf16(text, client.version === msg.version ? client.toLocal(p) : p);
    this.view.dispatch({ effects: setCursor.of(remoteCursor(msg, local)) });
  }

  private refresh(): void {
    const client = this.client;
    const c = this.connState;
    this.statusView.show({ connection: c, joined: client.phase === 'joined', pendingEdits: client.pendingEdits,
      edited: this.edited, notSaved: this.notices.notSaved(client.synchronized), noAccess: this.noAccess });
    this.access.show({ readOnly: client.readOnly, noAccess: this.noAccess, host: this.signIn.tokens.hasHost,
      signedOut: c.kind === 'unauthorized' ? { expired: c.expired } : null });
    if (client.synchronized) this.cursor.schedule();
  }

  /**
   * A reader cannot type at all (so nothing of theirs is ever refused). Only the server's messages and the
   * connection change it; never called from an editor update (CodeMirror forbids a dispatch while one runs).
   */
  private updateEditability(): void {
    // Signed out before any text was known: nothing to show or edit until a token comes.
    const locked = this.client.readOnly || this.noAccess || (!this.loaded && this.connState.kind === 'unauthorized');
    const how: Editability = locked ? 'read-only' : this.loaded ? 'editable' : 'loading';
    if (how === this.editability) return;
    const wasLoading = this.editability === 'loading';
    this.editability = how;
    this.loadingNote.hidden = how !== 'loading';
    setEditability(this.view, how);
    if (wasLoading && how === 'editable' && document.activeElement === document.body) this.view.focus();
  }
}
