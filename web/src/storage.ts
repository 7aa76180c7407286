// What survives a reload, in localStorage: the display name, client ids with their seq counters, and
// per document and client id the pending state (last version, local text, inflight op, buffer).
//
// docs/protocol.md §2 asks for a client id per tab kept in memory, so that a duplicated tab never shares
// one. But resending an unacked op after a reload needs the same (clientId, seq), or it could be applied
// twice. So ids are persisted and each live tab holds an exclusive Web Lock on its id: a reloaded tab
// takes its id back (the old page's lock is gone), a second tab gets another id.
import type { PendingState } from './otclient';

const NAME = 'cowrite:name';
const IDS = 'cowrite:clients';
const seqKey = (id: string) => `cowrite:seq:${id}`;
const docKey = (doc: string, id: string) => `cowrite:doc:${doc}:${id}`;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch (e) {
    console.warn('cowrite: could not save to localStorage', e);
  }
}

export function displayName(): string | null {
  return localStorage.getItem(NAME);
}

export function setDisplayName(name: string): void {
  localStorage.setItem(NAME, name.slice(0, 64));
}

export function randomId(bytes = 16): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Holds the lock on `id` for the life of the page; resolves false when another tab holds it. */
function tryLock(id: string, waitMs: number): Promise<boolean> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return Promise.resolve(true); // no Web Locks (insecure origin): best effort
  return new Promise((resolve) => {
    const hold = (lock: Lock | null) => {
      resolve(lock !== null);
      return lock === null ? undefined : new Promise<void>(() => {});
    };
    const name = `cowrite:client:${id}`;
    // A reloading page may still hold its lock for a moment: wait a little for ids with pending state.
    const request = waitMs > 0
      ? locks.request(name, { signal: AbortSignal.timeout(waitMs) }, hold)
      : locks.request(name, { ifAvailable: true }, hold);
    request.catch(() => resolve(false));
  });
}

/** Picks this tab's client id for `doc`: one with pending state for the doc first, then any free one. */
export async function claimClientId(doc: string): Promise<string> {
  const known = read<string[]>(IDS) ?? [];
  const withState = known.filter((id) => localStorage.getItem(docKey(doc, id)) !== null);
  for (const id of withState) {
    if (await tryLock(id, 1500)) return id;
  }
  for (const id of known.filter((id) => !withState.includes(id))) {
    if (await tryLock(id, 0)) return id;
  }
  const id = randomId();
  await tryLock(id, 0);
  write(IDS, [...known, id].slice(-32));
  return id;
}

/** The next op seq of a client id: strictly increasing over all its ops, across reloads. */
export function nextSeq(id: string): number {
  const next = (read<number>(seqKey(id)) ?? 0) + 1;
  write(seqKey(id), next);
  return next;
}

export function loadPending(doc: string, id: string): PendingState | null {
  return read<PendingState>(docKey(doc, id));
}

export function savePending(doc: string, id: string, state: PendingState | null): void {
  if (state === null) localStorage.removeItem(docKey(doc, id));
  else write(docKey(doc, id), state);
}
