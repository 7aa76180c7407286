// The admin pages' token. In the open mode it is the admin token history-service printed once at its first
// start: the admin pastes it once and it is kept in sessionStorage (this tab, until it closes; never in
// localStorage, never in a URL). In the jwt mode it is a JWT with the admin grant, handed over as the editor
// page gets one (tokens.ts): in the URL fragment, taken out of the address bar before anything else runs,
// or from the embedding host over postMessage; those are kept in memory only. A pasted JWT works too.
//
// The API's 401 makes the page forget the token it used (`refused`) and ask for another.
import type { TokenSource } from './tokens';

const KEY = 'cowrite:admin-token';

export interface SessionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function session(): SessionStore | null {
  try {
    return sessionStorage;
  } catch {
    return null; // denied (third-party storage blocked): the token lives for the page only
  }
}

export class AdminToken {
  #pasted: string | null;
  /** Tokens the API refused: never sent again. */
  readonly #refused = new Set<string>();

  constructor(private readonly handed: TokenSource | null, private readonly store: SessionStore | null = session()) {
    this.#pasted = store?.getItem(KEY) ?? null;
  }

  /** The token to send: one handed over (fragment, host) first, else the pasted one, else null. */
  get token(): string | null {
    const handed = this.handed?.token ?? null;
    if (handed !== null && !this.#refused.has(handed)) return handed;
    return this.#pasted !== null && !this.#refused.has(this.#pasted) ? this.#pasted : null;
  }

  /** A token the admin pasted: kept for this tab. */
  paste(token: string): void {
    const t = token.trim();
    if (!t) return;
    this.#pasted = t;
    this.#refused.delete(t); // pasted again on purpose: try it again
    try {
      this.store?.setItem(KEY, t);
    } catch {
      // storage full or denied: kept in memory for this page
    }
  }

  /**
   * The API refused `token` (401): it is not sent again, and a pasted one is forgotten. True when another
   * token is at hand; else the embedding host, if any, is asked for one (`TokenSource.onFresh` says when).
   */
  refused(token: string | null, doc = '*'): boolean {
    if (token !== null) this.#refused.add(token);
    if (token !== null && token === this.#pasted) this.signOut();
    if (this.token !== null) return true;
    this.handed?.refused(token, doc);
    return false;
  }

  /** Forgets the pasted token (sign out). */
  signOut(): void {
    this.#pasted = null;
    try {
      this.store?.removeItem(KEY);
    } catch {
      // denied: nothing was kept
    }
  }
}
