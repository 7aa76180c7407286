// Which transport to try next. A page starts with the WebSocket. A transport that fails before it carried a
// join reply (cannot open, closes before the handshake is done, or before the document arrived) twice in a
// row gives way to the next one:
// WebSocket → SSE + POST → long polling + POST; past the last one, back to the top. A transport that has
// carried a session on this page is not given up: its failing now means the server is away (a restart, an
// outage), not that the network refuses it, and stepping down would leave the page on a lesser transport
// once the server is back. `reset` (the browser is online again, perhaps on another network, behind another
// proxy) forgets that and starts again from the top.
import { TRANSPORT_ORDER, type TransportKind } from './transport';

export const FAILURES_BEFORE_FALLBACK = 2;

export class TransportLadder {
  private index = 0;
  private failures = 0;
  private proven: TransportKind | null = null;

  constructor(private readonly order: readonly TransportKind[] = TRANSPORT_ORDER) {}

  get current(): TransportKind {
    return this.order[this.index];
  }

  /** The current transport carried a session: a welcome and a join reply. */
  welcomed(): void {
    this.failures = 0;
    this.proven = this.current;
  }

  /** The current transport failed before it carried a session; returns the transport to try next. */
  failed(): TransportKind {
    if (this.proven === this.current) return this.current;
    if (++this.failures >= FAILURES_BEFORE_FALLBACK) {
      this.index = (this.index + 1) % this.order.length;
      this.failures = 0;
    }
    return this.current;
  }

  reset(): void {
    this.index = 0;
    this.failures = 0;
    this.proven = null;
  }
}
