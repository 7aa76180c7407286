// Entry point: `/` is the landing page, `/d/<id>` a document.
import './style.css';
import { askName, showLanding } from './landing';
import { openDocument } from './editorpage';
import { DOC_ID } from './protocol';
import { displayName } from './storage';

async function route(root: HTMLElement): Promise<void> {
  const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) return showLanding(root);
  const doc = decodeURIComponent(match[1]);
  if (!DOC_ID.test(doc)) {
    root.innerHTML = '<main class="landing"><h1>Cowrite</h1><p>This is not a valid document link. <a href="/">Start here</a>.</p></main>';
    return;
  }
  const name = displayName() || (await askName(root));
  await openDocument(root, doc, name);
}

// The app shell is cached by a service worker so a document reloads offline (public/sw.js).
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('cowrite: no offline reload:', e));
}

void route(document.getElementById('app')!);
