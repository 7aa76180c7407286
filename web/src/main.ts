// Entry point: `/` is the landing page, `/d/<id>` a document, `/admin` the admin's documents list and
// `/admin/d/<id>` a document's history. A sign-in token in the URL fragment is taken out of the address bar
// before anything else runs (tokens.ts).
import './style.css';
import { askName, showLanding, showSignInElsewhere } from './landing';
import { openDocument } from './editorpage';
import { DOC_ID } from './protocol';
import { displayName } from './storage';
import { takeTokenFromFragment, TokenSource } from './tokens';
import { probeAuthMode } from './authmode';
import { adminShell } from './adminshell';
import { showAdminList } from './adminlist';
import { showAdminDocument } from './admindoc';

const fragmentToken = takeTokenFromFragment();

const NOT_A_DOCUMENT = '<main class="landing"><h1>Cowrite</h1><p>This is not a valid document link. <a href="/">Start here</a>.</p></main>';

async function route(root: HTMLElement): Promise<void> {
  if (/^\/admin(\/|$)/.test(location.pathname)) return routeAdmin(root);
  const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) {
    if (fragmentToken === null && (await probeAuthMode()) === 'token') return showSignInElsewhere(root);
    return showLanding(root);
  }
  const doc = decodeURIComponent(match[1]);
  if (!DOC_ID.test(doc)) {
    root.innerHTML = NOT_A_DOCUMENT;
    return;
  }
  const tokens = new TokenSource(fragmentToken);
  await openDocument(root, doc, { tokens, name: await nameToSend(root, tokens) });
}

/** The admin pages' token source, one for the page's life (its token is kept in memory only). */
let adminTokens: TokenSource | null = null;

/**
 * The admin pages sign in with the admin token (admintoken.ts), never with a display name. Links between
 * them (`a[data-admin-link]`) change the address without loading the page, so a token handed over in
 * memory (the jwt mode) stays.
 */
function routeAdmin(root: HTMLElement): void {
  if (adminTokens === null) {
    adminTokens = new TokenSource(fragmentToken);
    document.addEventListener('click', (e) => {
      const a = (e.target as Element | null)?.closest?.('a[data-admin-link]') as HTMLAnchorElement | null;
      if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      history.pushState(null, '', a.href);
      routeAdmin(root);
    });
    window.addEventListener('popstate', () => (/^\/admin(\/|$)/.test(location.pathname) ? routeAdmin(root) : location.reload()));
  }
  const tokens = adminTokens;
  if (/^\/admin\/?$/.test(location.pathname)) return adminShell(root, 'Documents', tokens, showAdminList);
  const match = /^\/admin\/d\/([^/]+)\/?$/.exec(location.pathname);
  const doc = match ? decodeURIComponent(match[1]) : '';
  if (!DOC_ID.test(doc)) {
    root.innerHTML = NOT_A_DOCUMENT;
    return;
  }
  adminShell(root, doc, tokens, (shell) => showAdminDocument(shell, doc));
}

/**
 * The display name for the hello: none when a token names the person (jwt mode), else the one chosen
 * earlier, else a new one; but a newcomer is asked for a name only when the server lets people choose it.
 */
async function nameToSend(root: HTMLElement, tokens: TokenSource): Promise<string | null> {
  if (tokens.token !== null) return null;
  const stored = displayName();
  if (stored) return stored;
  return (await probeAuthMode()) === 'token' ? null : askName(root);
}

// The app shell is cached by a service worker so a document reloads offline (public/sw.js).
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('cowrite: no offline reload:', e));
}

void route(document.getElementById('app')!);
