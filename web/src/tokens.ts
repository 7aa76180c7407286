// The sign-in token of the jwt mode, kept in memory only (never in localStorage, never left in the URL).
//
// The first token comes in the URL fragment, `/d/<id>#token=<jwt>`: browsers never send a fragment to a
// server, so it reaches no access log and no Referer. The page takes it out of the address bar before
// anything else runs, so it is not in the history entry, in a copied link or in a bookmark. Opening the
// same link with a new token changes only the fragment (the page is not reloaded): that token is taken too.
//
// Fresh tokens come from the embedding host (README.md, "Embedding"), the page's parent window, over
// postMessage: when the server refuses the token (close 4501, e.g. it expired), the page posts
// {type: 'cowrite:token-request', doc} to its parent, which answers {type: 'cowrite:token', token}. The host
// may also send a token unasked, e.g. before the current one expires: the page keeps it for its next hello.
// Only messages whose source is the parent window are read; the request carries nothing secret.

export const TOKEN_REQUEST = 'cowrite:token-request';
export const TOKEN_MESSAGE = 'cowrite:token';
/** The longest token a hello may carry (docs/protocol.md §5). */
const MAX_TOKEN_LENGTH = 4096;

function usable(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH && !token.includes('\u0000');
}

/** Takes `token` out of the URL fragment and out of the address bar (the history entry is replaced). */
export function takeTokenFromFragment(loc: Location = location, hist: History = history): string | null {
  const params = new URLSearchParams(loc.hash.slice(1));
  if (!params.has('token')) return null;
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  hist.replaceState(hist.state, '', loc.pathname + loc.search + (rest ? `#${rest}` : ''));
  return usable(token) ? token : null;
}

/** The page's window that may hand it tokens: its parent when it is embedded in a frame, else none. */
export function hostWindow(): Window | null {
  return window.parent !== window ? window.parent : null;
}

export class TokenSource {
  #token: string | null;
  /** Tokens the server refused: never sent again, even when the host hands one back. */
  readonly #refused = new Set<string>();
  #fresh: () => void = () => {};

  constructor(
    initial: string | null,
    private readonly host: Window | null = hostWindow(),
    events: Pick<EventTarget, 'addEventListener'> = window,
    fragment: () => string | null = takeTokenFromFragment,
  ) {
    this.#token = usable(initial) ? initial : null;
    events.addEventListener('message', (ev) => this.onMessage(ev as MessageEvent));
    events.addEventListener('hashchange', () => this.offer(fragment()));
  }

  /** The token to send in the next hello; null when the page has none. */
  get token(): string | null {
    return this.#token;
  }

  /** Whether a host can be asked for a fresh token. */
  get hasHost(): boolean {
    return this.host !== null;
  }

  /** `listener` runs when the host hands over a token the server has not refused yet. */
  onFresh(listener: () => void): void {
    this.#fresh = listener;
  }

  /**
   * The server refused `token` (null: the hello carried none). True when a token it has not refused is at
   * hand already (the host sent one meanwhile); else the host, if any, is asked for one and `onFresh` runs
   * when it arrives.
   */
  refused(token: string | null, doc: string): boolean {
    if (token !== null) this.#refused.add(token);
    if (this.#token !== null && !this.#refused.has(this.#token)) return true;
    this.host?.postMessage({ type: TOKEN_REQUEST, doc }, '*');
    return false;
  }

  private onMessage(ev: MessageEvent): void {
    if (this.host === null || ev.source !== this.host) return;
    const data: unknown = ev.data;
    if (typeof data !== 'object' || data === null) return;
    const { type, token } = data as { type?: unknown; token?: unknown };
    if (type === TOKEN_MESSAGE) this.offer(token);
  }

  /** A token from the host or the fragment: kept unless the server refused it already. */
  private offer(token: unknown): void {
    if (!usable(token) || token === this.#token || this.#refused.has(token)) return;
    this.#token = token;
    this.#fresh();
  }
}
