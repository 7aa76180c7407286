// Wire protocol v1 (docs/protocol.md): the messages this client sends and receives.
import type { TextOp } from 'ot-text-unicode';

export type { TextOp };

export const PROTOCOL_VERSION = 1;
export const DOC_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const RESUME = /^[A-Za-z0-9_-]{1,128}$/;
export const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A client's identity, issued by the server in `welcome`: the id its ops carry, and the secret that resumes
 * it in a later `hello`. The secret is private: only the holder of it may act under the id.
 */
export interface Identity {
  clientId: string;
  resume: string;
}

export interface Limits {
  maxMessageBytes: number;
  maxDocLength: number;
  opsPerSecond: number;
  maxPendingMessages: number;
}

/**
 * Limits assumed before the first `welcome` has told the real ones (and none was stored): the example of
 * docs/protocol.md §6, smaller than the server's defaults, so nothing accepted under them is refused later.
 */
export const DEFAULT_LIMITS: Limits = { maxMessageBytes: 65536, maxDocLength: 1_000_000, opsPerSecond: 20, maxPendingMessages: 1024 };

export type ClientMessage =
  // Both `clientId` and `resume` (an identity to resume), or neither (the server issues a new one).
  | ({ type: 'hello'; protocol: number; name?: string; token?: string } & (Identity | { clientId?: never; resume?: never }))
  | { type: 'join'; doc: string; version?: number }
  | { type: 'op'; doc: string; base: number; clientId: string; seq: number; op: TextOp }
  | { type: 'cursor'; doc: string; version: number; anchor: number; head: number }
  | { type: 'leave'; doc: string }
  | { type: 'ping'; id?: number | string };

export interface CommittedOp {
  version: number;
  op: TextOp;
  clientId: string;
  seq: number;
  author?: string;
}

/** A participant as `presence` lists it: by public session id, never by client id. */
export interface Peer {
  session: string;
  name?: string;
  color: string;
}

export type ServerMessage =
  | { type: 'welcome'; protocol: number; sessionId: string; clientId: string; resume: string; node: string; limits: Limits }
  // `readOnly: true`: this client may read the document but not edit it (an `op` gets `forbidden`).
  | { type: 'snapshot'; doc: string; version: number; text: string; resync: boolean; readOnly?: boolean }
  | { type: 'catchup'; doc: string; from: number; version: number; ops: CommittedOp[]; readOnly?: boolean }
  | { type: 'ack'; doc: string; seq: number; version: number }
  | ({ type: 'remote'; doc: string } & CommittedOp)
  | { type: 'cursor'; doc: string; session: string; name?: string; color: string; version: number; anchor: number; head: number }
  // The whole list. `available: false`: the presence registry is unreachable, the list may be incomplete
  // (editing goes on). Absent from servers that predate it: available.
  | { type: 'presence'; doc: string; peers: Peer[]; available?: boolean }
  // One change each, sent to everyone else in the document.
  | { type: 'peer_joined'; doc: string; peer: Peer }
  | { type: 'peer_left'; doc: string; session: string }
  | { type: 'error'; code: string; message: string; retryable: boolean; doc?: string; seq?: number; detail?: string }
  | { type: 'reconnect'; reason?: string; retryAfterMs: number; url?: string }
  | { type: 'pong'; id?: number | string };

export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** 4501 `unauthorized`: the token is missing, invalid or expired; terminal until the client has a new one. */
export const CLOSE_UNAUTHORIZED = 4501;

/**
 * 4006 `node_full`: the node is at its connection cap; another node behind the same URL may have room. Transient
 * (4000-4499): reconnect soon, with a little jitter, and do not count it against the transport.
 */
export const CLOSE_NODE_FULL = 4006;

/** What a close code tells the client to do (docs/protocol.md §8). */
export type CloseRule =
  | { kind: 'stop' }
  | { kind: 'terminal' }
  | { kind: 'reconnect'; minDelayMs: number };

export function closeRule(code: number): CloseRule {
  if (code === 1000) return { kind: 'stop' };
  if (code === 4003 || code === 4005) return { kind: 'reconnect', minDelayMs: 5000 };
  if (code >= 4500 && code <= 4999) return { kind: 'terminal' };
  // 1001, 1002 (framing error), 1006, 1009, 1011, 1013 (node starting), other 1xxx-3xxx, 4000-4499: transient.
  return { kind: 'reconnect', minDelayMs: 0 };
}

/** Whether a `welcome` carries what this client needs: a valid session id and identity. */
export function isCompleteWelcome(msg: ServerMessageOf<'welcome'>): boolean {
  return typeof msg.sessionId === 'string' && SESSION_ID.test(msg.sessionId)
    && typeof msg.clientId === 'string' && CLIENT_ID.test(msg.clientId)
    && typeof msg.resume === 'string' && RESUME.test(msg.resume);
}

/** Whether `value` is a participant as the server describes one: a valid session id and a color. */
export function isPeer(value: unknown): value is Peer {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as { session?: unknown; name?: unknown; color?: unknown };
  return typeof p.session === 'string' && SESSION_ID.test(p.session) && typeof p.color === 'string'
    && (p.name == null || typeof p.name === 'string');
}

export type PresenceMessage = ServerMessageOf<'presence' | 'peer_joined' | 'peer_left'>;

/**
 * Whether a `presence`, `peer_joined` or `peer_left` carries what the people list needs (a server of
 * another revision may not): a list of peers (and a boolean `available`, if any), a peer, a session id.
 */
export function isWellFormedPresence(msg: PresenceMessage): boolean {
  switch (msg.type) {
    case 'presence':
      return Array.isArray(msg.peers) && msg.peers.every(isPeer)
        && (msg.available == null || typeof msg.available === 'boolean');
    case 'peer_joined':
      return isPeer(msg.peer);
    case 'peer_left':
      return typeof msg.session === 'string' && SESSION_ID.test(msg.session);
  }
}

export function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
