import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshLocalStorage } from './fakebrowser';
import { forgetRecent, MAX_RECENT, recentDocuments, rememberOpened, rememberTitle, titleOf } from '../src/recent';

test('documents opened are listed newest first; opening one again moves it to the top and keeps its title', () => {
  freshLocalStorage();
  rememberOpened('alpha', 1000);
  rememberOpened('beta', 2000);
  rememberTitle('alpha', '\n\n  Shopping list  \nmilk');
  rememberOpened('gamma', 3000);
  assert.deepEqual(recentDocuments().map((r) => r.doc), ['gamma', 'beta', 'alpha']);
  rememberOpened('alpha', 4000);
  assert.deepEqual(recentDocuments(), [
    { doc: 'alpha', openedAt: 4000, title: 'Shopping list' },
    { doc: 'gamma', openedAt: 3000, title: '' },
    { doc: 'beta', openedAt: 2000, title: '' },
  ]);
});

test('each can be removed; a title for a removed one does not bring it back', () => {
  freshLocalStorage();
  rememberOpened('alpha', 1);
  rememberOpened('beta', 2);
  forgetRecent('alpha');
  rememberTitle('alpha', 'Back?');
  assert.deepEqual(recentDocuments().map((r) => r.doc), ['beta']);
});

test('the list keeps the newest MAX_RECENT; invalid ids and damaged entries are left out', () => {
  const store = freshLocalStorage();
  for (let i = 0; i < MAX_RECENT + 5; i++) rememberOpened(`doc-${i}`, i);
  const list = recentDocuments();
  assert.equal(list.length, MAX_RECENT);
  assert.equal(list[0].doc, `doc-${MAX_RECENT + 4}`);
  rememberOpened('not/a/doc');
  assert.ok(!recentDocuments().some((r) => r.doc === 'not/a/doc'));
  store.setItem('cowrite:recent', JSON.stringify([{ doc: 'ok', openedAt: 5, title: 't' }, { doc: 'bad id!', openedAt: 1, title: '' }, 7, null]));
  assert.deepEqual(recentDocuments().map((r) => r.doc), ['ok']);
  store.setItem('cowrite:recent', '{broken');
  assert.deepEqual(recentDocuments(), []);
});

test('a title is the first non-empty line, shortened without splitting an emoji', () => {
  assert.equal(titleOf(''), '');
  assert.equal(titleOf('   \n\t\n  hi  '), 'hi');
  const long = '😀'.repeat(100);
  const t = titleOf(long);
  assert.equal(Array.from(t).length, 80);
  assert.ok(t.endsWith('…') && !t.includes('\uFFFD'));
  assert.equal(Array.from(t.slice(0, -1)).every((c) => c === '😀'), true);
});

test('where localStorage is denied there is simply no list', () => {
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() { throw new DOMException('denied', 'SecurityError'); },
  });
  try {
    rememberOpened('alpha');
    assert.deepEqual(recentDocuments(), []);
  } finally {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  }
});
