// What survives a reload, in localStorage: the display name, this browser's identities (client id and resume
// secret, issued by the server) with their seq counters, the server's last announced limits, and per document
// and client id the pending state (last version, local text, inflight op, buffered ops).
//
// Pending state and seq counters are per identity: an inflight op can only be resent (or recognized when it
// committed) under the identity that sent it. Which tab uses which identity is decided in identity.ts.
import type { PendingState } from './otclient';
import type { TextOp } from 'ot-text-unicode';
import { CLIENT_ID, DEFAULT_LIMITS, type Identity, type Limits, RESUME } from './protocol';

const NAME = 'cowrite:name';
const IDENTITIES = 'cowrite:identities';
const BARE_IDS = 'cowrite:clients'; // client ids an earlier version of the app made up itself: no resume secret
const MAX_IDENTITIES = 32;
const LIMITS = 'cowrite:limits';
const seqKey = (id: string) => `cowrite:seq:${id}`;
const docKey = (doc: string, id: string) => `cowrite:doc:${doc}:${id}`;

/**
 * localStorage, or where the browser denies it (third-party storage blocked, e.g. the editor embedded in
 * another site's iframe) a stand-in for the life of the page: the editor works, but nothing survives a
 * reload. Looked up on each use: reading `localStorage` itself throws when it is denied.
 */
function store(): Storage {
  try {
    return localStorage;
  } catch {
    if (pageOnly === null) {
      pageOnly = new MemoryStorage();
      console.warn('cowrite: this browser denies localStorage here: edits not yet saved are lost if the page is closed');
    }
    return pageOnly;
  }
}

let pageOnly: MemoryStorage | null = null;

/** A `Storage` kept in memory: the page's fallback when localStorage is denied (tests use it as localStorage). */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  [name: string]: unknown;

  get length(): number {
    return this.items.size;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  clear(): void {
    this.items.clear();
  }
}

function read<T>(key: string): T | null {
  try {
    const raw = store().getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    store().setItem(key, JSON.stringify(value));
  } catch (e) {
    console.warn('cowrite: could not save to localStorage', e);
  }
}

export function displayName(): string | null {
  return store().getItem(NAME);
}

export function setDisplayName(name: string): void {
  // U+0000 makes the server refuse the hello (its storage cannot keep it): never store it in a name.
  store().setItem(NAME, name.replace(/\u0000/g, '').slice(0, 64));
}

export function randomId(bytes = 16): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * An identity as stored. `resume` is absent for an id an earlier version of the app made up itself: the
 * server cannot resume it, but the pending state kept under it is still offered to the person once.
 */
export interface StoredIdentity {
  clientId: string;
  resume?: string;
}

function valid(s: unknown): s is StoredIdentity {
  const i = s as StoredIdentity;
  return typeof i === 'object' && i !== null && typeof i.clientId === 'string' && CLIENT_ID.test(i.clientId)
    && (i.resume === undefined || (typeof i.resume === 'string' && RESUME.test(i.resume)));
}

/** This browser's identities, oldest first. */
export function loadIdentities(): StoredIdentity[] {
  const stored = read<unknown[]>(IDENTITIES);
  const list = Array.isArray(stored) ? stored.filter(valid) : [];
  const bare = read<unknown[]>(BARE_IDS);
  if (!Array.isArray(bare)) return list;
  // Once: ids of the earlier app join the list without a secret; a tab that claims one learns it is gone.
  const known = new Set(list.map((i) => i.clientId));
  const old = bare.filter((id): id is string => typeof id === 'string' && CLIENT_ID.test(id) && !known.has(id));
  const merged = [...old.map((clientId) => ({ clientId })), ...list].slice(-MAX_IDENTITIES);
  write(IDENTITIES, merged);
  store().removeItem(BARE_IDS);
  return merged;
}

/** Stores an identity the server issued (or updates its secret), as the newest. */
export function rememberIdentity(identity: Identity): void {
  const others = loadIdentities().filter((i) => i.clientId !== identity.clientId);
  write(IDENTITIES, [...others, { clientId: identity.clientId, resume: identity.resume }].slice(-MAX_IDENTITIES));
}

/** Forgets an identity the server no longer knows, with its seq counter. Its pending state is not touched. */
export function forgetIdentity(clientId: string): void {
  write(IDENTITIES, loadIdentities().filter((i) => i.clientId !== clientId));
  store().removeItem(seqKey(clientId));
}

/** Whether `clientId` has pending state for `doc`, or (without `doc`) for any document. */
export function hasPending(clientId: string, doc?: string): boolean {
  if (doc !== undefined) return store().getItem(docKey(doc, clientId)) !== null;
  const items = store();
  for (let i = 0; i < items.length; i++) {
    const key = items.key(i);
    if (key !== null && key.startsWith('cowrite:doc:') && key.endsWith(`:${clientId}`)) return true;
  }
  return false;
}

/** The next op seq of a client id: strictly increasing over all its ops, across reloads. */
export function nextSeq(id: string): number {
  const next = (read<number>(seqKey(id)) ?? 0) + 1;
  write(seqKey(id), next);
  return next;
}

/** Pending state as an earlier version of the app stored it: the whole buffer composed into one op. */
interface StoredBefore {
  buffer?: TextOp | null;
  bufferEdits?: number;
}

export function loadPending(doc: string, id: string): PendingState | null {
  const s = read<PendingState & StoredBefore>(docKey(doc, id));
  if (s === null || Array.isArray(s.buffered)) return s;
  const { buffer, bufferEdits, ...rest } = s;
  return { ...rest, buffered: buffer ? [{ op: buffer, edits: bufferEdits ?? 1 }] : [] };
}

export function savePending(doc: string, id: string, state: PendingState | null): void {
  if (state === null) store().removeItem(docKey(doc, id));
  else write(docKey(doc, id), state);
}

/** The limits of the last `welcome`: they bound edits made before the next one (e.g. offline). */
export function loadLimits(): Limits {
  const l = read<Partial<Limits>>(LIMITS);
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  if (!l || !ok(l.maxMessageBytes) || !ok(l.maxDocLength) || !ok(l.opsPerSecond) || !ok(l.maxPendingMessages)) return DEFAULT_LIMITS;
  return { maxMessageBytes: l.maxMessageBytes, maxDocLength: l.maxDocLength, opsPerSecond: l.opsPerSecond, maxPendingMessages: l.maxPendingMessages };
}

export function saveLimits(limits: Limits): void {
  write(LIMITS, limits);
}
