// One way of carrying protocol messages between this page and an editor server. The connection (connection.ts)
// speaks the protocol (hello, welcome, resume, close-code rules) and never knows which transport carries it;
// a transport only moves messages and reports how it ended, with a close code of docs/protocol.md §8
// (1006 when it could not open or broke without one).
import type { ClientMessage } from './protocol';

export type TransportKind = 'websocket' | 'sse' | 'polling';

/** The order in which a page tries transports when one fails (ladder.ts). */
export const TRANSPORT_ORDER: readonly TransportKind[] = ['websocket', 'sse', 'polling'];

/** What the indicator says a page is connected by. */
export const TRANSPORT_LABEL: Record<TransportKind, string> = {
  websocket: 'WebSocket',
  sse: 'SSE + POST',
  polling: 'long polling + POST',
};

export interface TransportEvents {
  /** The transport is ready: the `hello` may be sent. */
  open(): void;
  /** One decoded JSON value from the server (the connection checks it is a message). */
  message(value: unknown): void;
  /** The transport ended by itself (not by `close()`), with this close code. Called at most once. */
  closed(code: number): void;
}

export interface Transport {
  readonly kind: TransportKind;
  /** Whether the connection should run the protocol's own ping/pong heartbeat (§4.8) over it. */
  readonly heartbeat: boolean;
  /** Sends one message; false when it could not (not open, or already closed). */
  send(msg: ClientMessage): boolean;
  /** Ends the transport; no event follows. */
  close(): void;
}

/** Opens a transport of `kind` to the server at `url` (the WebSocket URL; HTTP transports use its origin). */
export type TransportFactory = (kind: TransportKind, url: string, events: TransportEvents) => Transport;

/** The http(s) origin of a ws(s) URL: where a server's HTTP transports live. */
export function httpOrigin(url: string): string {
  const u = new URL(url);
  const scheme = u.protocol === 'wss:' || u.protocol === 'https:' ? 'https:' : 'http:';
  return `${scheme}//${u.host}`;
}
