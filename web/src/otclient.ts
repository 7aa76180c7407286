// The client side of the write path for one document (docs/protocol.md §10 and §11):
// synchronized / awaiting ack / awaiting ack with buffer, resume after a reconnect, resync.
// Local edits are applied by the editor at once; this class only decides what goes on the wire.
import { type TextOp, type as textType } from 'ot-text-unicode';
import type { ClientMessage, Limits, ServerMessage, ServerMessageOf } from './protocol';
import { splitOp } from './positions';

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
  inflight: Inflight | null;
  buffer: TextOp | null;
  bufferEdits: number;
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
  /** A remote op was applied (positions of remote cursors are mapped by the editor itself). */
  loaded(): void;
}

export type Phase = 'idle' | 'joining' | 'joined';

export class OTClient {
  phase: Phase = 'idle';
  version: number | null = null;
  inflight: Inflight | null = null;
  buffer: TextOp | null = null;
  bufferEdits = 0;
  private limits: Limits | null = null;
  private lastSendAt = 0;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 0;

  constructor(
    readonly doc: string,
    readonly clientId: string,
    private readonly editor: EditorPort,
    private readonly send: (msg: ClientMessage) => boolean,
    private readonly nextSeq: () => number,
    private readonly events: ClientEvents,
    restored: PendingState | null,
  ) {
    if (restored) {
      this.version = restored.version;
      this.inflight = restored.inflight;
      this.buffer = restored.buffer;
      this.bufferEdits = restored.bufferEdits;
    }
  }

  /** Number of local edits not yet acknowledged by the server. */
  get pendingEdits(): number {
    return (this.inflight?.edits ?? 0) + (this.buffer ? this.bufferEdits : 0);
  }

  get synchronized(): boolean {
    return this.inflight === null && this.buffer === null;
  }

  /** The connection is up (welcome received): join, resuming from the last version if we have one. */
  connected(limits: Limits): void {
    this.limits = limits;
    this.phase = 'joining';
    this.send(this.version === null ? { type: 'join', doc: this.doc } : { type: 'join', doc: this.doc, version: this.version });
  }

  disconnected(): void {
    this.phase = 'idle';
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** A local edit, already applied to the editor. */
  localEdit(op: TextOp): void {
    if (op.length === 0) return;
    this.buffer = this.buffer ? textType.compose(this.buffer, op) : op;
    this.bufferEdits++;
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
    if (this.buffer) pos = textType.transformPosition(pos, this.buffer);
    return pos;
  }

  private onSnapshot(msg: ServerMessageOf<'snapshot'>): void {
    if (!this.synchronized) this.events.lost(this.editor.text(), msg.resync ? 'too far behind to merge' : 'rejoined');
    this.editor.replaceText(msg.text);
    this.version = msg.version;
    this.buffer = null;
    this.bufferEdits = 0;
    this.phase = 'joined';
    // After a resync the inflight op is resent unchanged: an ack with its original version says it is
    // in the snapshot; version_too_old says it was never committed (§11 step 4).
    if (!msg.resync) this.inflight = null;
    if (this.inflight) this.sendInflight();
    this.persist();
    this.events.loaded();
  }

  private onCatchup(msg: ServerMessageOf<'catchup'>): void {
    if (this.version === null || msg.from !== this.version) return this.rejoin(false);
    for (const c of msg.ops) {
      if (this.inflight && c.clientId === this.clientId && c.seq === this.inflight.seq) {
        this.inflight = null; // our op, committed while we were away: it is its own ack
        this.version = c.version + 1;
      } else {
        this.applyRemote(c.op);
        this.version = c.version + 1;
      }
    }
    this.version = msg.version;
    this.phase = 'joined';
    if (this.inflight) {
      this.inflight.base = this.version;
      this.sendInflight();
    }
    this.persist();
    this.events.loaded();
    this.flush();
  }

  private onAck(msg: ServerMessageOf<'ack'>): void {
    if (this.phase !== 'joined' || !this.inflight || msg.seq !== this.inflight.seq || this.version === null) return;
    if (msg.version > this.version) return this.rejoin(true); // a gap: we missed a remote
    if (msg.version === this.version) this.version++;
    // else: a resent op acked with its original version; it is already in our text.
    this.inflight = null;
    this.retryDelay = 0;
    this.persist();
    this.flush();
  }

  private onRemote(msg: ServerMessageOf<'remote'>): void {
    if (this.phase !== 'joined' || this.version === null) return;
    if (this.inflight && msg.clientId === this.clientId && msg.seq === this.inflight.seq) {
      return this.onAck({ type: 'ack', doc: msg.doc, seq: msg.seq, version: msg.version });
    }
    if (msg.version !== this.version) return this.rejoin(true);
    this.applyRemote(msg.op);
    this.version++;
    this.persist();
  }

  private onError(msg: ServerMessageOf<'error'>): void {
    const ours = this.inflight !== null && msg.seq === this.inflight.seq;
    if (msg.retryable) {
      if (ours) {
        this.retryDelay = Math.min(5000, Math.max(1000 / (this.limits?.opsPerSecond ?? 20), this.retryDelay * 2));
        setTimeout(() => { if (this.phase === 'joined' && this.inflight) this.sendInflight(); }, this.retryDelay);
      } else if (msg.seq === undefined && this.phase === 'joining') {
        // The join itself failed (e.g. `unavailable` while storage is unreachable): try it again.
        this.retryDelay = Math.min(5000, Math.max(500, this.retryDelay * 2));
        setTimeout(() => { if (this.phase === 'joining' && this.limits) this.connected(this.limits); }, this.retryDelay);
      }
      return;
    }
    switch (msg.code) {
      case 'already_joined': return;
      case 'not_joined': return this.rejoin(true);
      case 'version_ahead': return this.resetToServer('the server has less history than this editor');
      default:
        console.warn(`cowrite: ${msg.code}: ${msg.message}`);
        if (ours) this.resetToServer(`edit rejected (${msg.code})`);
    }
  }

  /** The server cannot merge our local state: keep a copy for the user, rejoin fresh. */
  private resetToServer(reason: string): void {
    if (!this.synchronized) this.events.lost(this.editor.text(), reason);
    this.inflight = null;
    this.buffer = null;
    this.bufferEdits = 0;
    this.version = null;
    this.persist();
    this.rejoin(false);
  }

  /** Leave and join again; with `resume`, from our version (a catchup), else fresh (a snapshot). */
  private rejoin(resume: boolean): void {
    if (!resume) this.version = null;
    this.send({ type: 'leave', doc: this.doc });
    if (this.limits) this.connected(this.limits);
  }

  /** §10: transform a committed op against inflight and buffer, apply it to the editor. */
  private applyRemote(op: TextOp): void {
    let r = op;
    if (this.inflight) {
      const r1 = textType.transform(r, this.inflight.op, 'right');
      this.inflight.op = textType.transform(this.inflight.op, r, 'left');
      r = r1;
    }
    if (this.buffer) {
      const r2 = textType.transform(r, this.buffer, 'right');
      this.buffer = textType.transform(this.buffer, r, 'left');
      r = r2;
    }
    this.editor.applyRemote(r);
  }

  /** Sends the buffer when nothing is in flight, paced to the server's ops-per-second limit. */
  flush(): void {
    if (this.phase !== 'joined' || this.inflight || !this.buffer || this.version === null || this.flushTimer) return;
    const interval = 1000 / Math.max(1, this.limits?.opsPerSecond ?? 20);
    const wait = this.lastSendAt + interval - Date.now();
    if (wait >= 1) {
      this.flushTimer = setTimeout(() => { this.flushTimer = null; this.flush(); }, wait);
      return;
    }
    // Frames are bounded (maxMessageBytes, UTF-8): a big paste goes out as several ops.
    const maxChars = Math.max(1024, Math.floor((this.limits?.maxMessageBytes ?? 65536) / 4) - 512);
    const [first, rest] = splitOp(this.buffer, maxChars);
    this.inflight = { op: first, seq: this.nextSeq(), base: this.version, edits: rest ? 0 : this.bufferEdits };
    this.buffer = rest;
    if (!rest) this.bufferEdits = 0;
    this.persist();
    this.sendInflight();
  }

  private sendInflight(): void {
    const f = this.inflight!;
    this.lastSendAt = Date.now();
    this.send({ type: 'op', doc: this.doc, base: f.base, clientId: this.clientId, seq: f.seq, op: f.op });
  }

  private persist(): void {
    this.events.changed(this.version === null ? null : {
      version: this.version,
      text: this.editor.text(),
      inflight: this.inflight,
      buffer: this.buffer,
      bufferEdits: this.bufferEdits,
    });
  }
}
