// The landing page: set your name once, create a document or open one by id, or one of the documents this
// browser opened recently (recent.ts), each removable.
import { DOC_ID } from './protocol';
import * as storage from './storage';
import { forgetRecent, recentDocuments } from './recent';

export function showLanding(root: HTMLElement): void {
  document.title = 'Cowrite';
  root.innerHTML = `
    <main class="landing">
      <h1>Cowrite</h1>
      <p class="tagline">Write plain text together, live. Edits made offline are kept and sent when you are back.</p>
      <form class="name-form">
        <label for="name">Your name <small>(shown to the people you write with)</small></label>
        <input id="name" name="name" maxlength="64" autocomplete="nickname" required placeholder="e.g. Ada">
      </form>
      <section class="actions">
        <button id="create" type="button" class="primary">New document</button>
        <form class="open-form">
          <label for="doc-id">or open a document by id</label>
          <div class="row">
            <input id="doc-id" name="doc" maxlength="128" pattern="[A-Za-z0-9_\\-]{1,128}" placeholder="document id" required>
            <button type="submit">Open</button>
          </div>
          <p class="hint" role="alert"></p>
        </form>
      </section>
      <section class="recent" aria-labelledby="recent-title" hidden>
        <h2 id="recent-title">Opened recently in this browser</h2>
        <ul class="recent-list"></ul>
      </section>
    </main>`;
  showRecent(root.querySelector<HTMLElement>('.recent')!);
  const nameInput = root.querySelector<HTMLInputElement>('#name')!;
  nameInput.value = storage.displayName() ?? '';
  const saveName = () => storage.setDisplayName(nameInput.value.trim());
  nameInput.addEventListener('change', saveName);
  root.querySelector('.name-form')!.addEventListener('submit', (e) => { e.preventDefault(); saveName(); });

  const go = (doc: string) => { saveName(); location.assign(`/d/${doc}`); };
  root.querySelector('#create')!.addEventListener('click', () => go(storage.randomId(12)));
  root.querySelector<HTMLFormElement>('.open-form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = root.querySelector<HTMLInputElement>('#doc-id')!;
    const id = input.value.trim().replace(/^.*\/d\//, ''); // a pasted link works too
    if (DOC_ID.test(id)) go(id);
    else root.querySelector('.hint')!.textContent = 'A document id is 1 to 128 letters, digits, "-" or "_".';
  });
  (storage.displayName() ? root.querySelector<HTMLButtonElement>('#create')! : nameInput).focus();
}

/** The documents opened recently, newest first, each with a link and a button that takes it off the list. */
function showRecent(section: HTMLElement): void {
  const list = section.querySelector('ul')!;
  const docs = recentDocuments();
  section.hidden = docs.length === 0;
  list.replaceChildren(...docs.map((r) => {
    const li = document.createElement('li');
    li.dataset.doc = r.doc;
    const link = document.createElement('a');
    link.href = `/d/${r.doc}`;
    link.className = 'recent-doc';
    const title = document.createElement('span');
    title.className = 'recent-title';
    title.textContent = r.title || 'untitled';
    const id = document.createElement('span');
    id.className = 'recent-id';
    id.textContent = r.doc;
    link.append(title, id);
    const when = document.createElement('time');
    when.dateTime = new Date(r.openedAt).toISOString();
    when.textContent = new Date(r.openedAt).toLocaleString();
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'recent-remove';
    remove.textContent = 'Remove';
    remove.title = `Take ${r.doc} off this list (the document itself stays)`;
    remove.addEventListener('click', () => {
      forgetRecent(r.doc);
      showRecent(section);
    });
    li.append(link, when, remove);
    return li;
  }));
}

/** Asks for a display name once (on a shared link opened before ever visiting the landing page). */
export function askName(root: HTMLElement): Promise<string> {
  root.innerHTML = `
    <main class="landing">
      <h1>Cowrite</h1>
      <form class="name-form">
        <label for="name">Your name <small>(shown to the people you write with)</small></label>
        <div class="row">
          <input id="name" maxlength="64" autocomplete="nickname" required placeholder="e.g. Ada">
          <button type="submit" class="primary">Start writing</button>
        </div>
      </form>
    </main>`;
  const input = root.querySelector<HTMLInputElement>('#name')!;
  input.focus();
  return new Promise((resolve) => {
    root.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = input.value.trim();
      if (!name) return;
      storage.setDisplayName(name);
      resolve(name);
    });
  });
}

/** The landing page of a server in the jwt mode: people are signed in by another application, which links here. */
export function showSignInElsewhere(root: HTMLElement): void {
  document.title = 'Cowrite';
  root.innerHTML = `
    <main class="landing">
      <h1>Cowrite</h1>
      <p class="tagline">Write plain text together, live.</p>
      <p>On this server you are signed in by the application that uses Cowrite: open documents from there.</p>
    </main>`;
}
