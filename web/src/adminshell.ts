// What the admin pages share: the header, the sign-in form (paste the admin token once per tab), and the
// banner that says why a request failed. A 401 forgets the token that was refused and offers the form
// again; once a new token is in, the page loads again.
import { AdminToken } from './admintoken';
import { ApiError, explain, HistoryApi, needsSignIn } from './historyapi';
import type { TokenSource } from './tokens';

export interface AdminShell {
  readonly api: HistoryApi;
  readonly token: AdminToken;
  /** The page's own content, below the header and the banner. */
  readonly main: HTMLElement;
  /** Shows why a request failed; a refused token brings the sign-in form back. */
  failed(e: unknown): void;
  /** Clears the banner. */
  ok(): void;
}

/**
 * Draws the header and, unless a token is at hand, the sign-in form; `load` draws the page's content and
 * runs again after a new sign-in.
 */
export function adminShell(root: HTMLElement, title: string, handed: TokenSource, load: (shell: AdminShell) => void): void {
  document.title = `${title} · Cowrite admin`;
  root.innerHTML = `
    <header class="bar admin-bar">
      <a class="brand" href="/admin" data-admin-link>Cowrite admin</a>
      <span class="admin-title"></span>
      <button class="sign-out" type="button" hidden>Forget token</button>
    </header>
    <div class="banner" role="alert" hidden></div>
    <main class="admin"></main>`;
  root.querySelector('.admin-title')!.textContent = title;
  const banner = root.querySelector<HTMLElement>('.banner')!;
  const main = root.querySelector<HTMLElement>('main')!;
  const signOut = root.querySelector<HTMLButtonElement>('.sign-out')!;
  const token = new AdminToken(handed);
  const api = new HistoryApi(() => token.token);
  const start = () => {
    signOut.hidden = token.token === null;
    if (token.token === null) return signInForm(main, token, start);
    load(shell);
  };
  const shell: AdminShell = {
    api, token, main,
    failed(e) {
      banner.hidden = false;
      banner.dataset.status = e instanceof ApiError ? String(e.status) : 'error';
      banner.textContent = explain(e);
      if (needsSignIn(e) && !token.refused(token.token)) {
        signOut.hidden = true;
        signInForm(main, token, () => { shell.ok(); start(); });
      }
    },
    ok() {
      banner.hidden = true;
      banner.textContent = '';
    },
  };
  handed.onFresh(() => { shell.ok(); start(); });
  signOut.addEventListener('click', () => { token.signOut(); location.reload(); });
  start();
}

function signInForm(main: HTMLElement, token: AdminToken, signedIn: () => void): void {
  main.innerHTML = `
    <form class="admin-sign-in">
      <h1>Sign in as an admin</h1>
      <p>Paste the admin token: on a server in the open mode, the one history-service printed once in its log at
        its first start (<code>Cowrite admin token (shown once …)</code>) or set as <code>cowrite.auth.admin-token</code>;
        on a server in the jwt mode, a token with the <code>admin</code> grant. It is kept in this tab only, until it closes.</p>
      <div class="row">
        <input id="admin-token" type="password" autocomplete="off" spellcheck="false" required placeholder="admin token">
        <button type="submit" class="primary">Sign in</button>
      </div>
    </form>`;
  const input = main.querySelector<HTMLInputElement>('#admin-token')!;
  input.focus();
  main.querySelector('form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    token.paste(input.value);
    signedIn();
  });
}
