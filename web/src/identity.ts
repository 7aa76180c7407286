// This tab's identity: the client id the server issued in `welcome` and the secret that resumes it.
//
// Two live tabs must never share an identity (the server closes the older connection of a client id, and
// their seqs would collide). But resending an unacked op after a reload needs the same (clientId, seq), or it
// could be applied twice. So identities are kept in localStorage (storage.ts) and each live tab holds an
// exclusive Web Lock on the one it uses: a reloaded tab takes its identity back (the old page's lock is gone),
// a second tab takes a free one or is issued a new one by the server. Without Web Locks (an insecure origin)
// tabs may share one: best effort.
import type { Identity } from './protocol';
import * as storage from './storage';
import type { StoredIdentity } from './storage';

/** How long to wait for a lock on an identity with pending state: a reloading page may still hold it. */
const RELOAD_WAIT_MS = 1500;

export class TabIdentity {
  private current: StoredIdentity | null = null;
  private readonly held = new Map<string, () => void>();

  constructor(private readonly locks: LockManager | undefined = (navigator as Navigator & { locks?: LockManager }).locks) {}

  /** The client id this tab acts under; null until it has one (claimed, or issued in a welcome). */
  get clientId(): string | null {
    return this.current?.clientId ?? null;
  }

  /** What `hello` resumes: the identity with its secret, or null to ask the server for a new one. */
  get resumable(): Identity | null {
    const c = this.current;
    return c?.resume === undefined ? null : { clientId: c.clientId, resume: c.resume };
  }

  /**
   * Picks a stored identity for this tab: one with pending state for `doc` first, then any free one.
   * Without one, the tab stays without identity until the welcome issues one.
   */
  async claim(doc: string): Promise<void> {
    const known = storage.loadIdentities();
    const withState = known.filter((i) => storage.hasPending(i.clientId, doc));
    for (const i of withState) {
      if (await this.lock(i.clientId, RELOAD_WAIT_MS)) return void (this.current = i);
    }
    for (const i of known.filter((k) => !withState.includes(k) && k.resume !== undefined)) {
      if (await this.lock(i.clientId, 0)) return void (this.current = i);
    }
  }

  /**
   * The identity a welcome gave this tab: locked and stored, so a reload takes it back. Returns the client
   * id it replaces (the server no longer knew it, e.g. its key changed), or null when it resumed the same.
   */
  adopt(issued: Identity): string | null {
    const before = this.current?.clientId ?? null;
    // Requested before the id is stored, so no other tab can take the lock first.
    if (before !== issued.clientId) void this.lock(issued.clientId, 0);
    storage.rememberIdentity(issued);
    this.current = { clientId: issued.clientId, resume: issued.resume };
    return before === issued.clientId ? null : before;
  }

  /**
   * Lets go of a replaced identity: its pending state for `doc` (already handed over or reported lost), its
   * lock, and, once no document has pending state under it, the identity itself. Pending state of other
   * documents stays, so the tab that opens one of them can offer its text to the person.
   */
  giveUp(doc: string, clientId: string): void {
    storage.savePending(doc, clientId, null);
    this.held.get(clientId)?.();
    this.held.delete(clientId);
    if (!storage.hasPending(clientId)) storage.forgetIdentity(clientId);
  }

  /** Holds the lock on `id` for the life of the page (or until given up); false when another tab holds it. */
  private lock(id: string, waitMs: number): Promise<boolean> {
    const locks = this.locks;
    if (!locks) return Promise.resolve(true);
    return new Promise((resolve) => {
      const hold = (lock: Lock | null) => {
        resolve(lock !== null);
        if (lock === null) return undefined;
        return new Promise<void>((release) => this.held.set(id, release));
      };
      const name = `cowrite:client:${id}`;
      const request = waitMs > 0
        ? locks.request(name, { signal: AbortSignal.timeout(waitMs) }, hold)
        : locks.request(name, { ifAvailable: true }, hold);
      request.catch(() => resolve(false));
    });
  }
}
