// A Connection's world in memory: a virtual clock with timers, the browser's online/offline events, and
// transports the test opens, answers and breaks by hand.
import type { ConnectionEnv } from '../src/connection';
import type { ClientMessage } from '../src/protocol';
import { TRANSPORT_ORDER, type Transport, type TransportEvents, type TransportKind } from '../src/transport';

export class FakeTransport implements Transport {
  readonly heartbeat: boolean;
  readonly sent: ClientMessage[] = [];
  closedByClient = false;

  constructor(readonly kind: TransportKind, readonly url: string, private readonly events: TransportEvents) {
    this.heartbeat = kind === 'websocket';
  }

  send(msg: ClientMessage): boolean {
    if (this.closedByClient) return false;
    this.sent.push(msg);
    return true;
  }

  close(): void {
    this.closedByClient = true;
  }

  open(): void {
    this.events.open();
  }

  receive(value: unknown): void {
    this.events.message(value);
  }

  welcome(clientId = 'c1'): void {
    this.receive({ type: 'welcome', protocol: 1, sessionId: 's1', clientId, resume: 'r1', node: 'n1',
      limits: { maxMessageBytes: 65536, maxDocLength: 1_000_000, opsPerSecond: 20, maxPendingMessages: 1024 } });
  }

  /** The join reply: the transport has carried a session. */
  joined(): void {
    this.receive({ type: 'snapshot', doc: 'd', version: 0, text: '', resync: false });
  }

  /** The server or the network ended it. */
  fail(code = 1006): void {
    this.events.closed(code);
  }
}

export class FakeNet {
  now = 1_000_000;
  online = true;
  random = 1; // the top of every jitter range, so delays are the schedule's ceilings
  readonly opened: FakeTransport[] = [];
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  private onOnline: () => void = () => {};
  private onOffline: () => void = () => {};

  readonly env: ConnectionEnv = {
    setTimer: (fn, ms) => { const id = ++this.nextId; this.timers.push({ at: this.now + ms, fn, id }); return id; },
    clearTimer: (h) => { this.timers = this.timers.filter((t) => t.id !== h); },
    now: () => this.now,
    random: () => this.random,
    isOnline: () => this.online,
    onNetwork: (online, offline) => { this.onOnline = online; this.onOffline = offline; },
    kinds: TRANSPORT_ORDER,
    transport: (kind, url, events) => {
      const t = new FakeTransport(kind, url, events);
      this.opened.push(t);
      return t;
    },
  };

  get last(): FakeTransport {
    return this.opened[this.opened.length - 1];
  }

  /** Runs the clock forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }

  /** When the next timer fires, relative to now; null when none is set. */
  nextTimerIn(): number | null {
    if (this.timers.length === 0) return null;
    return Math.min(...this.timers.map((t) => t.at)) - this.now;
  }

  goOffline(): void {
    this.online = false;
    this.onOffline();
  }

  goOnline(): void {
    this.online = true;
    this.onOnline();
  }
}
