// Wire protocol v1 (docs/protocol.md): the messages this client sends and receives.
import type { TextOp } from 'ot-text-unicode';

export type { TextOp };

export const PROTOCOL_VERSION = 1;
export const DOC_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface Limits {
  maxMessageBytes: number;
  maxDocLength: number;
  opsPerSecond: number;
  maxPendingMessages: number;
}

export type ClientMessage =
  | { type: 'hello'; protocol: number; clientId: string; name?: string; token?: string }
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

export interface Peer {
  clientId: string;
  name?: string;
  color: string;
}

export type ServerMessage =
  | { type: 'welcome'; protocol: number; sessionId: string; node: string; limits: Limits }
  | { type: 'snapshot'; doc: string; version: number; text: string; resync: boolean }
  | { type: 'catchup'; doc: string; from: number; version: number; ops: CommittedOp[] }
  | { type: 'ack'; doc: string; seq: number; version: number }
  | ({ type: 'remote'; doc: string } & CommittedOp)
  | { type: 'cursor'; doc: string; clientId: string; name?: string; color: string; version: number; anchor: number; head: number }
  | { type: 'presence'; doc: string; peers: Peer[] }
  | { type: 'error'; code: string; message: string; retryable: boolean; doc?: string; seq?: number; detail?: string }
  | { type: 'reconnect'; reason?: string; retryAfterMs: number; url?: string }
  | { type: 'pong'; id?: number | string };

export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** What a close code tells the client to do (docs/protocol.md §8). */
export type CloseRule =
  | { kind: 'stop' }
  | { kind: 'terminal' }
  | { kind: 'reconnect'; minDelayMs: number };

export function closeRule(code: number): CloseRule {
  if (code === 1000) return { kind: 'stop' };
  if (code === 4003 || code === 4005) return { kind: 'reconnect', minDelayMs: 5000 };
  if (code >= 4500 && code <= 4999) return { kind: 'terminal' };
  // 1001, 1006, 1009, 1011, other 1xxx-3xxx, 4000-4499: transient.
  return { kind: 'reconnect', minDelayMs: 0 };
}

export function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
