// The client side of the write path for one document (docs/protocol.md §10 and §11):
// synchronized / awaiting ack / awaiting ack with buffer, resume after a reconnect, resync.
// Pending state belongs to one identity (the client id the server issued): its inflight op can only be
// resent or recognized under that id, so when a welcome names another id, that op is reported lost.
// Local edits are applied by the editor at once; this class only decides what goes on the wire.
// One local edit is one op, never cut in pieces (the editor refuses an edit too large to send);
// buffered edits are composed into as few ops as fit in one message each (editbuffer.ts).
// A reader (the join reply says `readOnly`) sends no ops: the editor takes no input, and local edits made
// before the reply said so are reported lost rather than sent to be refused.
// A resync snapshot (the client was behind the replay bound or the retention horizon) loses no pending edit:
// the client keeps the server's text at its version, resends its inflight op first (its answer tells whether
// the snapshot already contains it), then rebases what is still pending on the snapshot through a diff of the
// two server texts (textdiff.ts) and sends it (§11).
import { type TextOp, type as textType } from 'ot-text-unicode';
import type { ClientMessage, Limits, ServerMessage, ServerMessageOf } from './protocol';
import { type BufferedOp, EditBuffer } from './editbuffer';
import { maxOpBytes, messageBytes } from './opsize';
import { Resync } from './resync';

/** The op sent and not yet acknowledged; `base` is the version it applies to. */
export interface Inflight {
  op: TextOp;
  seq: number;
  base: number;
  edits: number;
}

/** Everything needed to resume after a reconnect or a reload (persisted by storage.ts). */
export interface PendingState {
  version: number;
  text: string;
  /** The server's text at `version` (what inflight and buffered apply to); absent in state saved by older versions. */
  serverText?: string;
  inflight: Inflight | null;
  /** Local edits not yet sent, oldest first, each op small enough for one message. */
  buffered: BufferedOp[];
}

/** What the client needs from the editor: apply server changes, replace the text, read it. */
export interface EditorPort {
  applyRemote(op: TextOp): void;
  replaceText(text: string): void;
  text(): string;
}

export interface ClientEvents {
  /** Called after every change of pending state (persist it). */
  changed(state: PendingState | null): void;
  /** Local edits could not be merged: the previous local text, so the user can recover it. */
  lost(previousText: string, reason: string): void;
  /** The text was loaded or caught up after a join (`readOnly` may have changed with it). */
  loaded(): void;
  /** The server refused the join: this person may not read the document (`forbidden`). */
  forbidden(): void;
}

export type Phase = 'idle' | 'joining' | 'joined';

/** Why local edits of a reader were not saved (the lost-edits notice says it). */
const READ_ONLY = 'you can only read this document';

export class OTClient {
  #phase: Phase = 'idle';
  #version: number | null = null;
  #clientId: string | null;
  #readOnly = false;
  /** The server's text at #version; null when unknown (state restored from an older version of the app). */
  #serverText: string | null = null;
  #resync: Resync | null = null;
  private inflight: Inflight | null = null;
  private readonly buffer: EditBuffer;
  private lastSendAt = 0;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 0;

  constructor(
    readonly doc: string,
    /** The identity `restored` belongs to; null for a tab without one yet (the welcome issues it). */
    clientId: string | null,
    private readonly editor: EditorPort,
    private readonly send: (msg: ClientMessage) => boolean,
    /** The next seq of a client id (strictly increasing over all its ops). */
    private readonly nextSeq: (clientId: string) => number,
    private readonly events: ClientEvents,
    restored: PendingState | null,
    /** The server's limits as last known (until the next `welcome`): they bound buffered ops. */
    private limits: Limits,
  ) {
    this.#clientId = clientId;
    this.#version = restored?.version ?? null;
    this.#serverText = restored?.serverText ?? null;
    this.inflight = restored?.inflight ?? null;
    this.buffer = new EditBuffer(restored?.buffered ?? []);
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** The last server version applied; null before the first snapshot (or after local state was discarded). */
  get version(): number | null {
    return this.#version;
  }

  /** The identity this client's ops and pending state belong to; null before the first welcome of a new tab. */
  get clientId(): string | null {
    return this.#clientId;
  }

  /** Whether the last join reply said this client may read the document but not edit it. */
  get readOnly(): boolean {
    return this.#readOnly;
  }

  /** Number of local edits not yet acknowledged by the server. */
  get pendingEdits(): number {
    return (this.inflight?.edits ?? 0) + this.buffer.edits;
  }

  get synchronized(): boolean {
    return this.inflight === null && this.buffer.isEmpty;
  }

  /** What to persist to resume after a reload; null before the first snapshot. */
  pending(): PendingState | null {
    if (this.#version === null) return null;
    const state: PendingState = { version: this.#version, text: this.editor.text(), inflight: this.inflight, buffered: this.buffer.snapshot() };
    if (this.#serverText !== null) state.serverText = this.#serverText;
    return state;
  }

  /**
   * The connection is up (welcome received) under `clientId`: join, resuming from the last version if we have
   * one. Another id than the one the pending state belongs to means the server no longer knew that identity.
   */
  connected(limits: Limits, clientId: string): void {
    this.limits = limits;
    if (clientId !== this.#clientId) this.changeIdentity(clientId);
    this.join();
  }

  disconnected(): void {
    this.#phase = 'idle';
    this.#resync = null; // the next join replies afresh; inflight is resent then
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** A local edit, already applied to the editor (which refuses edits whose op is too large to send). */
  localEdit(op: TextOp): void {
    if (op.length === 0) return;
    this.buffer.add(op, maxOpBytes(this.limits));
    this.persist();
    this.flush();
  }

  handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'snapshot': return this.onSnapshot(msg);
      case 'catchup': return this.onCatchup(msg);
      case 'ack': return this.onAck(msg);
      case 'remote': return this.onRemote(msg);
      case 'error': return this.onError(msg);
      default: return;
    }
  }

  /** Transforms a position (code points) of the server document at `version` into the local document. */
  toLocal(pos: number): number {
    if (this.inflight) pos = textType.transformPosition(pos, this.inflight.op);
    return this.buffer.transformPosition(pos);
  }

  /**
   * An op in flight under the old identity can neither be resent (had it committed, it would be applied
   * twice) nor acked under the new one: it is lost, with the edits buffered on top of it, as for a rejected
   * op (§7). Without one, every sent op was acked, and buffered edits simply go out under the new identity.
   */
  private changeIdentity(clientId: string): void {
    this.#clientId = clientId;
    if (this.inflight) this.discardLocal('the server no longer recognized this editor');
    else this.persist();
  }

  private join(): void {
    this.#phase = 'joining';
    this.send(this.#version === null ? { type: 'join', doc: this.doc } : { type: 'join', doc: this.doc, version: this.#version });
  }

  private onSnapshot(msg: ServerMessageOf<'snapshot'>): void {
    this.#readOnly = msg.readOnly === true;
    if (msg.resync && !this.#readOnly && !this.synchronized && this.#serverText !== null && this.#version !== null) {
      return this.resyncKeepingEdits(msg);
    }
    if (!this.synchronized) {
      this.events.lost(this.editor.text(), this.#readOnly ? READ_ONLY : msg.resync ? 'too far behind to merge' : 'rejoined');
    }
    this.editor.replaceText(msg.text);
    this.#version = msg.version;
    this.#serverText = msg.text;
    this.buffer.clear();
    this.#phase = 'joined';
    // Without the server's text of our version (state saved by an older app) the buffer cannot be rebased:
    // it was reported lost above. The inflight op is still resent unchanged: an ack with its original version
    // says it is in the snapshot; version_too_old says it was never committed (§11 step 4). A reader's op
    // would only be refused: the lost notice above has it.
    if (!msg.resync || this.#readOnly) this.inflight = null;
    if (this.inflight) this.sendInflight();
    this.persist();
    this.events.loaded();
  }

  /**
   * §11 resync with pending edits: nothing buffered is lost. Without an inflight op the buffer is rebased on
   * the snapshot at once. With one, it is resent first (same seq, its original base and op); the answer
   * says whether the snapshot (or an op committed after it) contains it, and only then is the rest rebased.
   */
  private resyncKeepingEdits(msg: ServerMessageOf<'snapshot'>): void {
    this.#phase = 'joined';
    this.#resync = new Resync(msg.version, msg.text);
    if (this.inflight) {
      this.sendInflight();
      this.persist();
    } else {
      this.resolveResync(false);
    }
    this.events.loaded();
  }

  /**
   * The inflight op's fate is known (or there was none): what is pending applies to the old server text
   * (with the inflight op, if it was committed); it is moved onto the server's text through their diff.
   */
  private resolveResync(inflightCommitted: boolean): void {
    const r = this.#resync;
    if (r === null || this.#serverText === null) return;
    let base = this.#serverText;
    if (this.inflight && inflightCommitted) base = textType.apply(base, this.inflight.op);
    else if (this.inflight) this.buffer.prepend(this.inflight.op, this.inflight.edits);
    this.inflight = null;
    this.#resync = null;
    this.editor.applyRemote(this.buffer.transformRemote(r.diffFrom(base)));
    this.#serverText = r.text;
    this.#version = r.version;
    this.retryDelay = 0;
    this.persist();
    this.flush();
  }

  /** During a resync: an op committed after the snapshot (ours, if it is the inflight op committing late). */
  private resyncRemote(msg: ServerMessageOf<'remote'>): void {
    const ours = this.inflight !== null && msg.clientId === this.#clientId && msg.seq === this.inflight.seq;
    const known = this.#resync!.remote(msg.version, msg.op, ours);
    if (known === 'gap') return this.rejoin(true); // resync again from our version
    if (known) this.resolveResync(true);
  }

  private onCatchup(msg: ServerMessageOf<'catchup'>): void {
    this.#resync = null;
    if (this.#version === null || msg.from !== this.#version) return this.rejoin(false);
    this.#readOnly = msg.readOnly === true;
    for (const c of msg.ops) {
      if (this.inflight && c.clientId === this.#clientId && c.seq === this.inflight.seq) {
        this.inflight = null; // our op, committed while we were away: it is its own ack
      } else {
        this.applyRemote(c.op);
      }
      this.advanceServer(c.op);
      this.#version = c.version + 1;
    }
    this.#version = msg.version;
    this.#phase = 'joined';
    // Local edits of a reader can never commit (its own op, committed while it was away, was recognized
    // above): offer them to the person and take the server's text.
    if (this.#readOnly && !this.synchronized) return this.resetToServer(READ_ONLY);
    if (this.inflight) {
      this.inflight.base = this.#version;
      this.sendInflight();
    }
    this.persist();
    this.events.loaded();
    this.flush();
  }

  private onAck(msg: ServerMessageOf<'ack'>): void {
    if (this.#phase !== 'joined' || !this.inflight || msg.seq !== this.inflight.seq || this.#version === null) return;
    if (this.#resync) {
      // committed: resolved at once if the server text here has it, else when its op arrives among the remotes
      if (this.#resync.acked(msg.version)) this.resolveResync(true);
      return;
    }
    if (msg.version > this.#version) return this.rejoin(true); // a gap: we missed a remote
    if (msg.version === this.#version) {
      this.advanceServer(this.inflight.op);
      this.#version++;
    }
    // else: a resent op acked with its original version; it is already in our text.
    this.inflight = null;
    this.retryDelay = 0;
    this.persist();
    this.flush();
  }

  private onRemote(msg: ServerMessageOf<'remote'>): void {
    if (this.#phase !== 'joined' || this.#version === null) return;
    if (this.#resync) return this.resyncRemote(msg);
    if (this.inflight && msg.clientId === this.#clientId && msg.seq === this.inflight.seq) {
      return this.onAck({ type: 'ack', doc: msg.doc, seq: msg.seq, version: msg.version });
    }
    if (msg.version !== this.#version) return this.rejoin(true);
    this.applyRemote(msg.op);
    this.advanceServer(msg.op);
    this.#version++;
    if (this.inflight) this.inflight.base = this.#version; // it was transformed past the remote: resends go from here
    this.persist();
  }

  /** The server's text follows every committed op (null stays null: unknown until the next snapshot). */
  private advanceServer(op: TextOp): void {
    if (this.#serverText !== null) this.#serverText = textType.apply(this.#serverText, op);
  }

  private onError(msg: ServerMessageOf<'error'>): void {
    const ours = this.inflight !== null && msg.seq === this.inflight.seq;
    if (msg.retryable) {
      if (ours) {
        this.retryDelay = Math.min(5000, Math.max(1000 / this.limits.opsPerSecond, this.retryDelay * 2));
        setTimeout(() => { if (this.#phase === 'joined' && this.inflight) this.sendInflight(); }, this.retryDelay);
      } else if (msg.seq === undefined && this.#phase === 'joining') {
        // The join itself failed (e.g. `unavailable` while storage is unreachable): try it again.
        this.retryDelay = Math.min(5000, Math.max(500, this.retryDelay * 2));
        setTimeout(() => { if (this.#phase === 'joining') this.join(); }, this.retryDelay);
      }
      return;
    }
    if (this.#resync && ours) return this.resolveResync(false); // version_too_old, …: it never commits, so it is pending
    switch (msg.code) {
      case 'already_joined': return;
      case 'not_joined': return this.rejoin(true);
      case 'version_ahead': return this.resetToServer('the server has less history than this editor');
      case 'forbidden': return this.onForbidden(ours, msg.seq);
      // Our op's base is behind the server's transform window or retention horizon: it was not committed.
      // Resume from our version: the reply is a catchup (the op is rebased and resent) or a resync (§11).
      case 'version_too_old':
        if (ours && this.#serverText !== null) return this.rejoin(true);
        console.warn(`cowrite: ${msg.code}: ${msg.message}`);
        if (ours) this.resetToServer(`edit rejected (${msg.code})`);
        return;
      // stale_seq, storage_rejected, doc_too_large, invalid_op, …: for our op, "op rejected".
      default:
        console.warn(`cowrite: ${msg.code}: ${msg.message}`);
        if (ours) this.resetToServer(`edit rejected (${msg.code})`);
    }
  }

  /** No read access (to a join), or no write access (to our op: this client is a reader now). */
  private onForbidden(ours: boolean, seq: number | undefined): void {
    if (seq === undefined && this.#phase === 'joining') return this.events.forbidden();
    if (!ours) return;
    this.#readOnly = true;
    this.resetToServer(READ_ONLY);
  }

  /** The server cannot merge our local state: keep a copy for the user, rejoin fresh. */
  private resetToServer(reason: string): void {
    this.discardLocal(reason);
    this.rejoin(false);
  }

  /** Local edits that cannot be merged: a copy of the text for the user; the next join is fresh (a snapshot). */
  private discardLocal(reason: string): void {
    if (!this.synchronized) this.events.lost(this.editor.text(), reason);
    this.inflight = null;
    this.#resync = null;
    this.buffer.clear();
    this.#version = null;
    this.#serverText = null;
    this.persist();
  }

  /** Leave and join again; with `resume`, from our version (a catchup), else fresh (a snapshot). */
  private rejoin(resume: boolean): void {
    if (!resume) this.#version = null;
    this.send({ type: 'leave', doc: this.doc });
    this.join();
  }

  /** §10: transform a committed op against inflight and buffer, apply it to the editor. */
  private applyRemote(op: TextOp): void {
    let r = op;
    if (this.inflight) {
      const r1 = textType.transform(r, this.inflight.op, 'right');
      this.inflight.op = textType.transform(this.inflight.op, r, 'left');
      r = r1;
    }
    this.editor.applyRemote(this.buffer.transformRemote(r));
  }

  /** Sends the oldest buffered op when nothing is in flight, paced to the server's ops-per-second limit. */
  flush(): void {
    const next = this.buffer.peek();
    if (this.#phase !== 'joined' || this.inflight || !next || this.flushTimer) return;
    if (this.#version === null || this.#clientId === null) return; // both are set once joined
    const interval = 1000 / Math.max(1, this.limits.opsPerSecond);
    const wait = this.lastSendAt + interval - Date.now();
    if (wait >= 1) {
      this.flushTimer = setTimeout(() => { this.flushTimer = null; this.flush(); }, wait);
      return;
    }
    this.buffer.shift();
    this.inflight = { op: next.op, seq: this.nextSeq(this.#clientId), base: this.#version, edits: next.edits };
    this.persist();
    this.sendInflight();
  }

  /**
   * Sends the inflight op. One that does not fit in a message (buffered under larger limits, or grown
   * past the margin by transforms) can never commit, and cutting it would half-commit an edit: it is
   * treated as rejected (§8, 4503: never resend that message).
   */
  private sendInflight(): void {
    const f = this.inflight;
    if (f === null || this.#clientId === null) return; // both are set whenever this is called
    const msg: ClientMessage = { type: 'op', doc: this.doc, base: f.base, clientId: this.#clientId, seq: f.seq, op: f.op };
    if (messageBytes(msg) > this.limits.maxMessageBytes) return this.resetToServer('an edit too large to send');
    this.lastSendAt = Date.now();
    this.send(msg);
  }

  private persist(): void {
    this.events.changed(this.pending());
  }
}
