import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshLocalStorage, Locks } from './fakebrowser';
import { TabIdentity } from '../src/identity';
import * as storage from '../src/storage';
import type { PendingState } from '../src/otclient';

const ADA = { clientId: 'ada-id', resume: 'ada-secret' };
const NEW = { clientId: 'new-id', resume: 'new-secret' };
const pending: PendingState = { version: 3, text: 'abc!', inflight: { op: [3, '!'], seq: 7, base: 3, edits: 1 }, buffered: [] };

test('an identity the server issued is stored with its pending state, and a reloaded tab takes both back', async () => {
  freshLocalStorage();
  const locks = new Locks();
  const first = locks.tab();
  const page = new TabIdentity(first.asLockManager());
  await page.claim('d');
  assert.equal(page.clientId, null, 'a new browser has no identity: the server issues one');
  assert.equal(page.resumable, null);
  assert.equal(page.adopt(ADA), null, 'nothing replaced');
  assert.ok(locks.isHeld('cowrite:client:ada-id'), 'the live tab holds its identity');
  storage.savePending('d', ADA.clientId, pending);
  assert.equal(storage.nextSeq(ADA.clientId), 1);

  first.close(); // reload: the old page is gone
  const reloaded = new TabIdentity(locks.tab().asLockManager());
  await reloaded.claim('d');
  assert.deepEqual(reloaded.resumable, ADA, 'the reloaded tab resumes its identity with its secret');
  assert.deepEqual(storage.loadPending('d', ADA.clientId), pending, 'and finds its pending state');
  assert.equal(storage.nextSeq(ADA.clientId), 2, 'its seq counter goes on');
  assert.equal(reloaded.adopt(ADA), null, 'the welcome resumed it');
  assert.deepEqual(storage.loadIdentities(), [ADA], 'stored once');
});

test('a second live tab never shares an identity: it gets a new one; a reload waits for the old page to let go', async () => {
  freshLocalStorage();
  const locks = new Locks();
  const oneTab = locks.tab();
  const one = new TabIdentity(oneTab.asLockManager());
  await one.claim('d');
  one.adopt(ADA);
  const two = new TabIdentity(locks.tab().asLockManager());
  await two.claim('d'); // Ada's identity has no pending state for d: not waited for
  assert.equal(two.clientId, null, 'the first tab holds the only identity: the server issues another');
  two.adopt(NEW);
  assert.deepEqual(storage.loadIdentities(), [ADA, NEW]);

  // The first tab reloads; its old page still holds the lock when the new page claims.
  storage.savePending('d', ADA.clientId, pending);
  const reloaded = new TabIdentity(locks.tab().asLockManager());
  const claimed = reloaded.claim('d');
  oneTab.close();
  await claimed;
  assert.deepEqual(reloaded.resumable, ADA);
});

test('an identity the server no longer knows is given up: its pending state for this document goes, the rest stays', async () => {
  freshLocalStorage();
  const locks = new Locks();
  storage.rememberIdentity(ADA);
  storage.savePending('d', ADA.clientId, pending);
  storage.savePending('e', ADA.clientId, pending);
  storage.nextSeq(ADA.clientId);
  const page = new TabIdentity(locks.tab().asLockManager());
  await page.claim('d');
  assert.equal(page.clientId, ADA.clientId);

  assert.equal(page.adopt(NEW), ADA.clientId, 'the welcome issued another identity');
  assert.equal(page.clientId, NEW.clientId);
  assert.ok(locks.isHeld('cowrite:client:new-id'));
  page.giveUp('d', ADA.clientId);
  await locks.whenFree('cowrite:client:ada-id'); // the lock on the old identity is released
  assert.equal(storage.loadPending('d', ADA.clientId), null);
  assert.deepEqual(storage.loadPending('e', ADA.clientId), pending, 'document e can still offer its text');
  assert.deepEqual(storage.loadIdentities(), [ADA, NEW], 'kept while document e has pending state under it');

  storage.savePending('e', ADA.clientId, null);
  page.giveUp('e', ADA.clientId);
  assert.deepEqual(storage.loadIdentities(), [NEW], 'forgotten once nothing is pending under it');
  assert.equal(localStorage.getItem('cowrite:seq:ada-id'), null, 'with its seq counter');
});

test('client ids an earlier app version made up are claimed for their pending state but never resumed', async () => {
  const ls = freshLocalStorage();
  ls.setItem('cowrite:clients', JSON.stringify(['old-1', 'old-2', 'not valid!']));
  storage.savePending('d', 'old-2', pending);
  const page = new TabIdentity(new Locks().tab().asLockManager());
  await page.claim('d');
  assert.equal(page.clientId, 'old-2', 'its pending state is restored…');
  assert.equal(page.resumable, null, '…but the hello asks for a new identity, so the welcome reports it lost');
  assert.deepEqual(storage.loadIdentities(), [{ clientId: 'old-1' }, { clientId: 'old-2' }]);
  assert.equal(ls.getItem('cowrite:clients'), null, 'migrated once');

  const other = new TabIdentity(new Locks().tab().asLockManager());
  await other.claim('e');
  assert.equal(other.clientId, null, 'an old id without pending state is never picked');
});

test('stored identities that are not well-formed are ignored', () => {
  const ls = freshLocalStorage();
  ls.setItem('cowrite:identities', JSON.stringify([ADA, { clientId: 'x y', resume: 's' }, { clientId: 'ok', resume: '' }, null, 'z']));
  assert.deepEqual(storage.loadIdentities(), [ADA]);
  ls.setItem('cowrite:identities', '{not json');
  assert.deepEqual(storage.loadIdentities(), []);
});
