// One session with the editor server over whichever transport works (transport.ts, ladder.ts): hello/welcome,
// heartbeat, and reconnects with a short backoff (backoff.ts) that follow the close-code rules of
// docs/protocol.md §8. A 4501 (token missing, invalid or expired) is no reason to reconnect: the connection
// waits until the page has a new token. "Reconnect now" and the browser coming back online skip the wait.
import {
  CLOSE_NODE_FULL, CLOSE_UNAUTHORIZED, closeRule, type ClientMessage, type Identity, isCompleteWelcome, isServerMessage,
  PROTOCOL_VERSION, type ServerMessage, type ServerMessageOf,
} from './protocol';
import { Backoff } from './backoff';
import { TransportLadder } from './ladder';
import type { Transport, TransportFactory, TransportKind } from './transport';
import { WebSocketTransport } from './wstransport';
import { SseTransport } from './ssetransport';
import { PollTransport } from './polltransport';
import { httpOrigin, TRANSPORT_ORDER } from './transport';

export type ConnectionState =
  | { kind: 'connecting'; transport: TransportKind }
  | { kind: 'live'; transport: TransportKind }
  | { kind: 'waiting'; until: number } // reconnecting at `until` (ms since epoch)
  | { kind: 'offline' } // the browser says it has no network
  | { kind: 'stopped'; reason: string } // terminal: do not reconnect
  // 4501: waiting for a new token (`retry`); `expired` when this page had been signed in before.
  | { kind: 'unauthorized'; expired: boolean };

/** What a hello says about who is connecting: a token (jwt mode) or a display name (open mode), or neither. */
export interface Credentials {
  token: string | null;
  name: string | null;
}

/** The editor server's WebSocket URL on this page's origin. */
export function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export interface ConnectionHandlers {
  /** The handshake is done: `welcome` says this connection's session id, the identity to use, and the limits. */
  welcome(welcome: ServerMessageOf<'welcome'>): void;
  message(msg: ServerMessage): void;
  closed(): void;
  state(state: ConnectionState): void;
  /** This page's session has a new id, on the same identity (an SSE stream names its own session). */
  session(sessionId: string): void;
  /** The server refused `token` (close 4501; null: the hello had none). Call `retry` once there is a new one. */
  unauthorized(token: string | null): void;
}

/** What the connection needs from the browser; tests give it fake timers, network events and transports. */
export interface ConnectionEnv {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  now(): number;
  random(): number;
  isOnline(): boolean;
  onNetwork(online: () => void, offline: () => void): void;
  /** The transports this page can use, best first. */
  kinds: readonly TransportKind[];
  transport: TransportFactory;
}

export const browserEnv = (): ConnectionEnv => ({
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
  random: () => Math.random(),
  isOnline: () => navigator.onLine,
  onNetwork: (online, offline) => {
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
  },
  kinds: TRANSPORT_ORDER,
  transport: (kind, url, events) => {
    switch (kind) {
      case 'websocket': return new WebSocketTransport(url, events);
      case 'sse': return new SseTransport(httpOrigin(url), events);
      case 'polling': return new PollTransport(httpOrigin(url), events);
    }
  },
});

const PING_AFTER_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;
/** A transport with no welcome after this long counts as failed (a proxy may hold an upgrade forever). */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
const STABLE_AFTER_MS = 10_000;
/** After a `reconnect` message or a full node: up to this much random delay on top, so clients spread out. */
export const SPREAD_MS = 1_000;

type Timer = 'retry' | 'ping' | 'dead' | 'handshake';

export class Connection {
  private transport: Transport | null = null;
  private ready = false;
  private openedAt = 0;
  private url: string;
  private readonly timers = new Map<Timer, unknown>();
  private pingId = 0;
  private override: { delayMs: number; url?: string } | null = null;
  private stopped = false;
  private waitingForToken = false;
  private sentToken: string | null = null;
  private signedIn = false;
  private clientId: string | null = null; // the identity of the live session
  /** The transport in use brought a join reply: it works end to end (a welcome alone proves less over HTTP). */
  private carried = false;
  private readonly backoff: Backoff;
  private readonly ladder: TransportLadder;

  constructor(
    /** The identity to resume in each `hello` (the last one welcomed), or null to be issued a new one. */
    private readonly identity: () => Identity | null,
    private readonly credentials: () => Credentials,
    private readonly handlers: ConnectionHandlers,
    url?: string,
    private readonly env: ConnectionEnv = browserEnv(),
  ) {
    this.url = url ?? socketUrl();
    this.backoff = new Backoff(() => env.random());
    this.ladder = new TransportLadder(env.kinds);
    env.onNetwork(() => this.goOnline(), () => this.goOffline());
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The transport in use or being tried; null while waiting. */
  get transportKind(): TransportKind | null {
    return this.transport?.kind ?? null;
  }

  start(): void {
    if (!this.env.isOnline()) return this.goOffline();
    this.open();
  }

  /**
   * After a 4501, the page has a new token: connect again. With backoff like any reconnect, so a host that
   * hands out tokens the server refuses cannot make a tight loop.
   */
  retry(): void {
    if (!this.waitingForToken) return;
    this.waitingForToken = false;
    this.stopped = false;
    this.scheduleReconnect(0);
  }

  /** The person asked to reconnect now: skip the wait (or a handshake that hangs). Nothing to do when live or stopped. */
  reconnectNow(): void {
    if (this.stopped || this.ready) return;
    this.backoff.reset();
    this.drop();
    this.open();
  }

  /** Sends a message when the handshake is done; false when it could not be sent. */
  send(msg: ClientMessage): boolean {
    if (!this.ready || !this.transport || !this.transport.send(msg)) return false;
    this.armPing();
    return true;
  }

  private open(): void {
    this.clearTimers();
    const kind = this.ladder.current;
    this.handlers.state({ kind: 'connecting', transport: kind });
    let t: Transport | null = null;
    const events = {
      open: () => { if (t !== null && t === this.transport) this.onOpen(t); },
      message: (value: unknown) => { if (t !== null && t === this.transport) this.onMessage(t, value); },
      closed: (code: number) => { if (t !== null && t === this.transport) this.onClose(code); },
    };
    try {
      t = this.env.transport(kind, this.url, events);
    } catch {
      return this.onClose(1006);
    }
    this.transport = t;
    this.setTimer('handshake', () => this.abandon(), HANDSHAKE_TIMEOUT_MS);
  }

  private onOpen(t: Transport): void {
    this.openedAt = this.env.now();
    t.send(this.hello());
    this.armPing();
  }

  private hello(): ClientMessage {
    const id = this.identity();
    const { token, name } = this.credentials();
    this.sentToken = token;
    const hello = {
      type: 'hello' as const, protocol: PROTOCOL_VERSION, ...(token === null ? {} : { token }), ...(name === null ? {} : { name }),
    };
    return id === null ? hello : { ...hello, clientId: id.clientId, resume: id.resume };
  }

  private onMessage(t: Transport, msg: unknown): void {
    if (!isServerMessage(msg)) return;
    this.gotMessage();
    if (msg.type === 'welcome' && this.ready) {
      // The same identity again (an SSE stream's own welcome): only the session id is new.
      if (msg.clientId === this.clientId && typeof msg.sessionId === 'string') this.handlers.session(msg.sessionId);
    } else if (msg.type === 'welcome') {
      this.onWelcome(t, msg);
    } else if (msg.type === 'reconnect') {
      this.override = { delayMs: msg.retryAfterMs, url: msg.url }; // the close (4000) follows
    } else if (msg.type !== 'pong') {
      if ((msg.type === 'snapshot' || msg.type === 'catchup') && !this.carried) {
        this.carried = true;
        this.ladder.welcomed();
      }
      this.handlers.message(msg);
    }
  }

  private onWelcome(t: Transport, msg: ServerMessageOf<'welcome'>): void {
    this.clearTimer('handshake');
    if (!isCompleteWelcome(msg)) {
      // No identity to send ops under: a server of another protocol revision. Reconnecting would not help.
      this.drop();
      return this.stop('The server speaks another version of the protocol. Reload the page.');
    }
    this.ready = true;
    this.signedIn = true;
    this.clientId = msg.clientId;
    this.handlers.state({ kind: 'live', transport: t.kind });
    this.handlers.welcome(msg);
  }

  private onClose(code: number): void {
    const wasReady = this.ready;
    const carried = this.carried;
    this.carried = false;
    this.transport = null;
    this.ready = false;
    this.clearTimers();
    if (wasReady) this.handlers.closed();
    if (this.stopped) return;
    if (!this.env.isOnline()) return this.goOffline();
    if (this.openedAt > 0 && this.env.now() - this.openedAt >= STABLE_AFTER_MS) this.backoff.reset();
    this.openedAt = 0;
    if (code === CLOSE_UNAUTHORIZED) return this.unauthorized();
    const rule = closeRule(code);
    if (rule.kind === 'stop') return this.stop('This document was opened again elsewhere with the same identity.');
    if (rule.kind === 'terminal') return this.stop(`The server refused this editor (close ${code}). Reload the page.`);
    if (this.override) {
      const { delayMs, url } = this.override;
      this.override = null;
      if (url) this.url = url;
      return this.scheduleReconnect(delayMs + this.env.random() * SPREAD_MS, true);
    }
    // A full node answered: the transport works, another node (behind the same URL) may have room.
    if (code === CLOSE_NODE_FULL) return this.scheduleReconnect(this.env.random() * SPREAD_MS, true);
    // Closed before it carried a join reply (or never opened): the transport may be what fails, e.g. an SSE
    // stream that a proxy breaks while its POSTs go through; the ladder decides.
    if (!carried) this.ladder.failed();
    this.scheduleReconnect(rule.minDelayMs);
  }

  private scheduleReconnect(minDelayMs: number, exact = false): void {
    const delay = exact ? minDelayMs : this.backoff.next(minDelayMs);
    this.handlers.state({ kind: 'waiting', until: this.env.now() + delay });
    this.setTimer('retry', () => this.open(), delay);
  }

  /** No reconnect loop: wait for the page to get a new token (`retry`), whether the host has one at hand or not. */
  private unauthorized(): void {
    this.stopped = true;
    this.waitingForToken = true;
    this.handlers.state({ kind: 'unauthorized', expired: this.signedIn });
    this.handlers.unauthorized(this.sentToken);
  }

  private stop(reason: string): void {
    this.stopped = true;
    this.handlers.state({ kind: 'stopped', reason });
  }

  /** Ends the transport in use (no close event follows) and tells the page if a session was live. */
  private drop(): void {
    this.clearTimers();
    const t = this.transport;
    this.transport = null;
    t?.close();
    if (this.ready) { this.ready = false; this.handlers.closed(); }
  }

  /** The browser lost the network: drop the transport now rather than wait for a timeout. */
  private goOffline(): void {
    if (this.stopped) return;
    this.drop();
    this.handlers.state({ kind: 'offline' });
  }

  /** The network is back, perhaps another one: try now, from the best transport. */
  private goOnline(): void {
    if (this.stopped || this.ready) return;
    this.ladder.reset();
    this.reconnectNow();
  }

  /** The handshake hangs (a proxy holding the upgrade, a server that never answers): a failed attempt. */
  private abandon(): void {
    if (this.ready) return;
    this.transport?.close();
    this.onClose(1006);
  }

  /** Heartbeat (§4.8): ping after 20 s without sending; no answer within 10 s means a dead link. */
  private armPing(): void {
    const t = this.transport;
    if (!t?.heartbeat) return;
    this.setTimer('ping', () => {
      if (t !== this.transport || !t.send({ type: 'ping', id: ++this.pingId })) return;
      this.armPing();
      if (!this.timers.has('dead')) this.setTimer('dead', () => this.dead(t), PONG_TIMEOUT_MS);
    }, PING_AFTER_MS);
  }

  private gotMessage(): void {
    this.clearTimer('dead');
  }

  private dead(t: Transport): void {
    if (t !== this.transport) return;
    t.close();
    this.onClose(1006);
  }

  private setTimer(name: Timer, fn: () => void, ms: number): void {
    this.clearTimer(name);
    this.timers.set(name, this.env.setTimer(() => { this.timers.delete(name); fn(); }, ms));
  }

  private clearTimer(name: Timer): void {
    const h = this.timers.get(name);
    if (h !== undefined) this.env.clearTimer(h);
    this.timers.delete(name);
  }

  private clearTimers(): void {
    for (const name of [...this.timers.keys()]) this.clearTimer(name);
  }
}
