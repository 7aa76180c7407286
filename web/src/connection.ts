// One WebSocket to the editor server: hello/welcome, heartbeat, and reconnects with exponential
// backoff and full jitter that follow the close-code rules of docs/protocol.md §8.
import { closeRule, PROTOCOL_VERSION, type ClientMessage, type Limits, type ServerMessage, isServerMessage } from './protocol';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'waiting'; until: number } // reconnecting at `until` (ms since epoch)
  | { kind: 'offline' } // the browser says it has no network
  | { kind: 'stopped'; reason: string }; // terminal: do not reconnect

export interface ConnectionHandlers {
  welcome(limits: Limits): void;
  message(msg: ServerMessage): void;
  closed(): void;
  state(state: ConnectionState): void;
}

const PING_AFTER_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const STABLE_AFTER_MS = 30_000;

export class Connection {
  private ws: WebSocket | null = null;
  private ready = false;
  private attempt = 0;
  private openedAt = 0;
  private url: string;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setTimeout> | null = null;
  private deadTimer: ReturnType<typeof setTimeout> | null = null;
  private pingId = 0;
  private override: { delayMs: number; url?: string } | null = null;
  private stopped = false;

  constructor(
    private readonly clientId: string,
    private readonly name: string,
    private readonly handlers: ConnectionHandlers,
    url?: string,
  ) {
    this.url = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    window.addEventListener('offline', () => this.goOffline());
    window.addEventListener('online', () => this.goOnline());
  }

  get isReady(): boolean {
    return this.ready;
  }

  start(): void {
    if (!navigator.onLine) return this.goOffline();
    this.open();
  }

  /** Sends a message when the handshake is done; false when it could not be sent. */
  send(msg: ClientMessage): boolean {
    if (!this.ready || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    this.armPing();
    return true;
  }

  private open(): void {
    this.clearTimers();
    this.handlers.state({ kind: 'connecting' });
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      return this.scheduleReconnect(0);
    }
    this.ws = ws;
    ws.onopen = () => {
      this.openedAt = Date.now();
      ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, clientId: this.clientId, name: this.name } satisfies ClientMessage));
      this.armPing();
    };
    ws.onmessage = (ev) => this.onMessage(ws, ev);
    ws.onclose = (ev) => this.onClose(ws, ev.code);
    ws.onerror = () => { /* onclose follows with the code */ };
  }

  private onMessage(ws: WebSocket, ev: MessageEvent): void {
    if (ws !== this.ws || typeof ev.data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (!isServerMessage(msg)) return;
    this.gotMessage();
    if (msg.type === 'welcome') {
      this.ready = true;
      this.handlers.state({ kind: 'live' });
      this.handlers.welcome(msg.limits);
    } else if (msg.type === 'reconnect') {
      this.override = { delayMs: msg.retryAfterMs, url: msg.url }; // the close (4000) follows
    } else if (msg.type !== 'pong') {
      this.handlers.message(msg);
    }
  }

  private onClose(ws: WebSocket, code: number): void {
    if (ws !== this.ws) return;
    const wasReady = this.ready;
    this.ws = null;
    this.ready = false;
    this.clearTimers();
    if (wasReady) this.handlers.closed();
    if (this.stopped) return;
    if (!navigator.onLine) return this.goOffline();
    if (this.openedAt > 0 && Date.now() - this.openedAt >= STABLE_AFTER_MS) this.attempt = 0;
    this.openedAt = 0;
    const rule = closeRule(code);
    if (rule.kind === 'stop') return this.stop('This document was opened again elsewhere with the same identity.');
    if (rule.kind === 'terminal') return this.stop(`The server refused this editor (close ${code}). Reload the page.`);
    if (this.override) {
      const { delayMs, url } = this.override;
      this.override = null;
      if (url) this.url = url;
      return this.scheduleReconnect(delayMs + Math.random() * 1000, true);
    }
    this.scheduleReconnect(rule.minDelayMs);
  }

  private scheduleReconnect(minDelayMs: number, exact = false): void {
    const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt++;
    const delay = exact ? minDelayMs : Math.max(minDelayMs, Math.random() * cap); // full jitter
    const until = Date.now() + delay;
    this.handlers.state({ kind: 'waiting', until });
    this.retryTimer = setTimeout(() => { this.retryTimer = null; this.open(); }, delay);
  }

  private stop(reason: string): void {
    this.stopped = true;
    this.handlers.state({ kind: 'stopped', reason });
  }

  /** The browser lost the network: drop the socket now rather than wait for a timeout. */
  private goOffline(): void {
    if (this.stopped) return;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      try { ws.close(1000); } catch { /* already closing */ }
      if (this.ready) { this.ready = false; this.handlers.closed(); }
    }
    this.ready = false;
    this.handlers.state({ kind: 'offline' });
  }

  private goOnline(): void {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.open();
  }

  /** Heartbeat (§4.7): ping after 20 s without sending; no answer within 10 s means a dead link. */
  private armPing(): void {
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => {
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify({ type: 'ping', id: ++this.pingId } satisfies ClientMessage));
      this.armPing();
      if (!this.deadTimer) this.deadTimer = setTimeout(() => this.dead(ws), PONG_TIMEOUT_MS);
    }, PING_AFTER_MS);
  }

  private gotMessage(): void {
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.deadTimer = null;
  }

  private dead(ws: WebSocket): void {
    this.deadTimer = null;
    if (ws !== this.ws) return;
    ws.onclose = null;
    try { ws.close(); } catch { /* ignore */ }
    this.onClose(ws, 1006);
  }

  private clearTimers(): void {
    for (const t of [this.retryTimer, this.pingTimer, this.deadTimer]) if (t) clearTimeout(t);
    this.retryTimer = this.pingTimer = this.deadTimer = null;
  }
}
