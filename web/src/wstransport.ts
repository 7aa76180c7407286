// The WebSocket transport: one socket, one JSON text frame per message (docs/protocol.md §1).
import type { ClientMessage } from './protocol';
import type { Transport, TransportEvents } from './transport';

export class WebSocketTransport implements Transport {
  readonly kind = 'websocket';
  readonly heartbeat = true;
  private ws: WebSocket | null;

  constructor(url: string, events: TransportEvents) {
    const ws = new WebSocket(url); // throws on a malformed URL: the caller counts it as a failed attempt
    this.ws = ws;
    ws.onopen = () => { if (this.ws === ws) events.open(); };
    ws.onmessage = (ev) => {
      if (this.ws !== ws || typeof ev.data !== 'string') return;
      let value: unknown;
      try {
        value = JSON.parse(ev.data);
      } catch {
        return;
      }
      events.message(value);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      events.closed(ev.code);
    };
    ws.onerror = () => { /* onclose follows with the code */ };
  }

  send(msg: ClientMessage): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(msg));
    return true;
  }

  close(): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onclose = ws.onmessage = ws.onopen = null;
    try { ws.close(1000); } catch { /* already closing */ }
  }
}
