import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStorage } from './fakebrowser';
import { AdminToken } from '../src/admintoken';
import { TokenSource } from '../src/tokens';

const noEvents = { addEventListener: () => {} };

test('a pasted token is kept in this tab\'s session storage and survives a reload of the page', () => {
  const session = new MemoryStorage();
  const a = new AdminToken(null, session);
  assert.equal(a.token, null);
  a.paste('  abc  ');
  assert.equal(a.token, 'abc');
  assert.equal(session.getItem('cowrite:admin-token'), 'abc');
  assert.equal(new AdminToken(null, session).token, 'abc');
});

test('a refused pasted token is forgotten and the form comes back; pasting it again tries it again', () => {
  const session = new MemoryStorage();
  const a = new AdminToken(null, session);
  a.paste('wrong');
  assert.equal(a.refused('wrong'), false);
  assert.equal(a.token, null);
  assert.equal(session.getItem('cowrite:admin-token'), null);
  a.paste('wrong');
  assert.equal(a.token, 'wrong');
});

test('a token handed over (fragment or host, jwt mode) wins over a pasted one and is never stored', () => {
  const session = new MemoryStorage();
  session.setItem('cowrite:admin-token', 'pasted');
  const handed = new TokenSource('jwt-1', null, noEvents, () => null);
  const a = new AdminToken(handed, session);
  assert.equal(a.token, 'jwt-1');
  assert.equal(a.refused('jwt-1'), true, 'the pasted one is at hand');
  assert.equal(a.token, 'pasted');
  assert.equal(session.getItem('cowrite:admin-token'), 'pasted');
});

test('with a host, a refused handed token asks the host for a new one', () => {
  const posted: unknown[] = [];
  const host = { postMessage: (m: unknown) => posted.push(m) } as unknown as Window;
  const handed = new TokenSource('jwt-1', host, noEvents, () => null);
  const a = new AdminToken(handed, new MemoryStorage());
  assert.equal(a.refused('jwt-1', 'notes'), false);
  assert.equal(a.token, null);
  assert.deepEqual(posted, [{ type: 'cowrite:token-request', doc: 'notes' }]);
});

test('signing out forgets the pasted token', () => {
  const session = new MemoryStorage();
  const a = new AdminToken(null, session);
  a.paste('abc');
  a.signOut();
  assert.equal(a.token, null);
  assert.equal(session.length, 0);
});
