// The document page (/d/<id>): CodeMirror bound to the OT client, the connection, cursors and people.
import { Annotation, Compartment, EditorState, Transaction } from '@codemirror/state';
import { EditorView, keymap, drawSelection, highlightActiveLine, lineNumbers, placeholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import type { TextOp } from 'ot-text-unicode';
import { Connection, type ConnectionState } from './connection';
import { OTClient } from './otclient';
import { changesToOp, opToChanges, toCodePoint, toUtf16 } from './positions';
import type { ServerMessage } from './protocol';
import { PresenceList } from './presence';
import { StatusView } from './status';
import { cursorTheme, keepCursors, remoteCursors, setCursor } from './cursors';
import * as storage from './storage';

const remote = Annotation.define<boolean>();
const CURSOR_EVERY_MS = 100;

export async function openDocument(root: HTMLElement, doc: string, name: string): Promise<void> {
  document.title = `${doc} · Cowrite`;
  root.innerHTML = `
    <header class="bar">
      <a class="brand" href="/" aria-label="Cowrite home">Cowrite</a>
      <span class="doc-id" title="document id"></span>
      <button class="share" type="button" title="Copy the link to this document">Copy link</button>
      <span class="status" role="status" aria-live="polite" data-state="connecting">connecting…</span>
      <ul class="peers" aria-label="people in this document"></ul>
    </header>
    <div class="notice" hidden></div>
    <main class="editor" aria-label="document text"></main>`;
  const q = <T extends HTMLElement>(sel: string) => root.querySelector(sel) as T;
  q('.doc-id').textContent = doc;
  q<HTMLButtonElement>('.share').addEventListener('click', () => {
    void navigator.clipboard?.writeText(location.href).then(() => { q('.share').textContent = 'Link copied'; }, () => {});
  });

  const clientId = await storage.claimClientId(doc);
  const restored = storage.loadPending(doc, clientId);
  const people = new PresenceList(q('.peers'), clientId);
  const statusView = new StatusView(q('.status'));
  let connState: ConnectionState = { kind: 'connecting' };
  let edited = false;
  let cursorDirty = true;
  let cursorTimer: ReturnType<typeof setTimeout> | null = null;
  let lastCursorAt = 0;

  // Read-only until the text is known (restored from storage or received from the server).
  const editability = new Compartment();
  const view = new EditorView({
    parent: q('.editor'),
    state: EditorState.create({
      doc: restored?.text ?? '',
      extensions: [
        EditorState.lineSeparator.of('\n'), // keep \r as text: offsets must match the server's text exactly
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        placeholder('Start typing…'),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        remoteCursors,
        cursorTheme,
        EditorView.contentAttributes.of({ 'aria-label': `text of ${doc}` }),
        editability.of(EditorState.readOnly.of(restored === null)),
        EditorView.updateListener.of((update) => {
          for (const tr of update.transactions) {
            if (tr.docChanged && !tr.annotation(remote)) {
              edited = true;
              client.localEdit(changesToOp(tr.changes, tr.startState.doc));
            }
          }
          if (update.selectionSet || update.docChanged) cursorDirty = true;
          scheduleCursor();
          refresh();
        }),
      ],
    }),
  });
  let editable = restored !== null;

  const dispatchRemote = (changes: ReturnType<typeof opToChanges>) => view.dispatch({
    changes,
    annotations: [remote.of(true), Transaction.addToHistory.of(false)],
  });

  const client = new OTClient(doc, clientId, {
    applyRemote: (op: TextOp) => dispatchRemote(opToChanges(op, view.state.doc.toString())),
    replaceText: (text: string) => dispatchRemote([{ from: 0, to: view.state.doc.length, insert: text }]),
    text: () => view.state.doc.toString(),
  }, (msg) => connection.send(msg), () => storage.nextSeq(clientId), {
    changed: (state) => storage.savePending(doc, clientId, state),
    lost: (previous, reason) => showLost(q('.notice'), previous, reason),
    loaded: () => {
      if (!editable) {
        editable = true;
        view.dispatch({ effects: editability.reconfigure(EditorState.readOnly.of(false)) });
      }
      cursorDirty = true;
      scheduleCursor();
    },
  }, restored);


  const connection = new Connection(clientId, name, {
    welcome: (limits) => { client.connected(limits); refresh(); },
    message: (msg) => { onMessage(msg); refresh(); },
    closed: () => { client.disconnected(); people.clear(); view.dispatch({ effects: keepCursors.of(new Set()) }); refresh(); },
    state: (s) => { connState = s; refresh(); },
  });

  function onMessage(msg: ServerMessage): void {
    if ('doc' in msg && msg.doc !== doc) return;
    if (msg.type === 'presence') {
      people.update(msg.peers);
      view.dispatch({ effects: keepCursors.of(new Set(msg.peers.map((p) => p.clientId))) });
    } else if (msg.type === 'cursor') {
      if (client.phase !== 'joined' || msg.clientId === clientId) return;
      const text = view.state.doc.toString();
      const local = (p: number) => toUtf16(text, client.version === msg.version ? client.toLocal(p) : p);
      view.dispatch({ effects: setCursor.of({
        clientId: msg.clientId, name: msg.name ?? '', color: msg.color, anchor: local(msg.anchor), head: local(msg.head),
      }) });
    } else {
      client.handle(msg);
    }
  }

  /** Own cursor, throttled; sent only when synchronized, so its positions are the server's at our version. */
  function scheduleCursor(): void {
    if (!cursorDirty || cursorTimer) return;
    const wait = Math.max(0, lastCursorAt + CURSOR_EVERY_MS - Date.now());
    cursorTimer = setTimeout(() => {
      cursorTimer = null;
      if (!cursorDirty || client.phase !== 'joined' || !client.synchronized || client.version === null) return;
      const text = view.state.doc.toString();
      const sel = view.state.selection.main;
      if (connection.send({ type: 'cursor', doc, version: client.version,
        anchor: toCodePoint(text, sel.anchor), head: toCodePoint(text, sel.head) })) {
        cursorDirty = false;
        lastCursorAt = Date.now();
      }
    }, wait);
  }

  function refresh(): void {
    statusView.show({ connection: connState, joined: client.phase === 'joined', pendingEdits: client.pendingEdits, edited });
    if (client.synchronized) scheduleCursor();
  }

  window.addEventListener('pagehide', () => {
    if (client.version !== null) {
      storage.savePending(doc, clientId, {
        version: client.version, text: view.state.doc.toString(), inflight: client.inflight,
        buffer: client.buffer, bufferEdits: client.bufferEdits,
      });
    }
  });

  (window as unknown as { cowrite: unknown }).cowrite = { view, client, connection, people, clientId };
  connection.start();
  refresh();
  view.focus();
}

function showLost(el: HTMLElement, previous: string, reason: string): void {
  el.hidden = false;
  el.replaceChildren();
  const p = document.createElement('p');
  p.textContent = `Some of your edits could not be merged (${reason}). Your previous version is below; copy what you need.`;
  const area = document.createElement('textarea');
  area.readOnly = true;
  area.value = previous;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.addEventListener('click', () => { el.hidden = true; });
  el.append(p, area, close);
}
