import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeTokenFromFragment, TOKEN_MESSAGE, TOKEN_REQUEST, TokenSource } from '../src/tokens';

function fakeLocation(hash: string) {
  const replaced: string[] = [];
  const loc = { pathname: '/d/notes', search: '?x=1', hash } as Location;
  const hist = { state: null, replaceState: (_s: unknown, _t: string, url: string) => { replaced.push(url); } } as unknown as History;
  return { loc, hist, replaced };
}

test('the token is taken out of the fragment and the address bar; other fragment parameters stay', () => {
  const a = fakeLocation('#token=eyJ.abc.def');
  assert.equal(takeTokenFromFragment(a.loc, a.hist), 'eyJ.abc.def');
  assert.deepEqual(a.replaced, ['/d/notes?x=1']);
  const b = fakeLocation('#line=3&token=t1');
  assert.equal(takeTokenFromFragment(b.loc, b.hist), 't1');
  assert.deepEqual(b.replaced, ['/d/notes?x=1#line=3']);
  const c = fakeLocation('#line=3');
  assert.equal(takeTokenFromFragment(c.loc, c.hist), null);
  assert.deepEqual(c.replaced, [], 'no token: the address is left alone');
  const d = fakeLocation('#token=');
  assert.equal(takeTokenFromFragment(d.loc, d.hist), null, 'an empty token is none');
  assert.deepEqual(d.replaced, ['/d/notes?x=1']);
});

class FakeWindow {
  posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
}

function source(initial: string | null, host: FakeWindow | null) {
  const listeners = new Map<string, (ev: Event) => void>();
  const events = { addEventListener: (type: string, l: (ev: Event) => void) => { listeners.set(type, l); } };
  let fragment: string | null = null;
  const tokens = new TokenSource(initial, host as unknown as Window, events as Pick<EventTarget, 'addEventListener'>, () => fragment);
  let fresh = 0;
  tokens.onFresh(() => fresh++);
  // What a browser delivers: a MessageEvent with the sending window as its source.
  const send = (data: unknown, from: unknown = host) => listeners.get('message')!({ data, source: from } as unknown as Event);
  const hashchange = (token: string | null) => {
    fragment = token;
    listeners.get('hashchange')!(new Event('hashchange'));
  };
  return { tokens, send, hashchange, fresh: () => fresh };
}

test('a refused token is never used again; the host is asked for a fresh one, which wakes the page', () => {
  const host = new FakeWindow();
  const s = source('t1', host);
  assert.equal(s.tokens.refused('t1', 'notes'), false);
  assert.deepEqual(host.posted, [{ type: TOKEN_REQUEST, doc: 'notes' }]);
  s.send({ type: TOKEN_MESSAGE, token: 't1' });
  assert.equal(s.fresh(), 0, 'the refused token handed back is ignored');
  s.send({ type: TOKEN_MESSAGE, token: 't2' });
  assert.equal(s.fresh(), 1);
  assert.equal(s.tokens.token, 't2');
});

test('a token the host sent unasked is used at the next refusal without asking', () => {
  const host = new FakeWindow();
  const s = source('t1', host);
  s.send({ type: TOKEN_MESSAGE, token: 't2' });
  assert.equal(s.tokens.token, 't2');
  assert.equal(s.tokens.refused('t1', 'notes'), true, 'a newer token is at hand');
  assert.deepEqual(host.posted, []);
});

test('only the parent window hands over tokens, and only well-formed ones', () => {
  const host = new FakeWindow();
  const s = source(null, host);
  s.send({ type: TOKEN_MESSAGE, token: 'evil' }, new FakeWindow());
  s.send({ type: TOKEN_MESSAGE, token: 'x'.repeat(4097) });
  s.send({ type: TOKEN_MESSAGE, token: 42 });
  s.send({ type: 'other', token: 't' });
  s.send('cowrite:token');
  assert.equal(s.tokens.token, null);
  assert.equal(s.fresh(), 0);
});

test('without a host nobody is asked and no token comes', () => {
  const s = source(null, null);
  assert.equal(s.tokens.hasHost, false);
  assert.equal(s.tokens.refused(null, 'notes'), false);
  s.send({ type: TOKEN_MESSAGE, token: 't' }, null);
  assert.equal(s.tokens.token, null);
});

test('the same link opened again with a new token (only the fragment changes) hands the page that token', () => {
  const s = source('t1', null);
  assert.equal(s.tokens.refused('t1', 'notes'), false);
  s.hashchange(null);
  s.hashchange('t1');
  assert.equal(s.fresh(), 0, 'no token, or the refused one: nothing');
  s.hashchange('t2');
  assert.equal(s.fresh(), 1);
  assert.equal(s.tokens.token, 't2');
});
