import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, offersReconnect, transportText, type StatusInput } from '../src/status';

const live: StatusInput = { connection: { kind: 'live', transport: 'websocket' }, joined: true, pendingEdits: 0, edited: true, notSaved: false, noAccess: false };

test('after an edit was refused or rejected the indicator never says "all changes saved"', () => {
  assert.deepEqual(describe(live), { kind: 'saved', text: 'all changes saved' });
  assert.deepEqual(describe({ ...live, notSaved: true }), { kind: 'rejected', text: 'an edit was not saved — see the notice' });
  assert.deepEqual(describe({ ...live, notSaved: true, edited: false }).kind, 'rejected');
  // Edits on their way are reported as such; the notice comes back once they are acknowledged.
  assert.deepEqual(describe({ ...live, notSaved: true, pendingEdits: 2 }), { kind: 'saving', text: 'saving…' });
  assert.deepEqual(describe({ ...live, notSaved: true, joined: false }).kind, 'connecting');
  assert.deepEqual(describe({ ...live, notSaved: true, connection: { kind: 'offline' } }), { kind: 'offline', text: 'offline' });
  assert.deepEqual(describe({ ...live, edited: false }), { kind: 'live', text: 'live' });
});

test('a refused sign-in says so, with the edits still waiting; a refused join says there is no access', () => {
  const signedOut = (expired: boolean, pendingEdits = 0): StatusInput => ({ ...live, pendingEdits, connection: { kind: 'unauthorized', expired } });
  assert.deepEqual(describe(signedOut(false)), { kind: 'signed-out', text: 'not signed in' });
  assert.deepEqual(describe(signedOut(true, 2)), { kind: 'signed-out', text: 'session expired — 2 edits waiting' });
  assert.deepEqual(describe({ ...live, joined: false, noAccess: true }), { kind: 'no-access', text: 'no access to this document' });
});

test('the indicator names the transport, and offers "reconnect now" only while waiting or connecting', () => {
  assert.equal(transportText({ kind: 'live', transport: 'websocket' }), 'via WebSocket');
  assert.equal(transportText({ kind: 'live', transport: 'sse' }), 'via SSE + POST');
  assert.equal(transportText({ kind: 'connecting', transport: 'polling' }), 'trying long polling + POST');
  assert.equal(transportText({ kind: 'waiting', until: 0 }), '');
  assert.equal(offersReconnect({ kind: 'waiting', until: 0 }), true);
  assert.equal(offersReconnect({ kind: 'connecting', transport: 'websocket' }), true);
  assert.equal(offersReconnect({ kind: 'live', transport: 'websocket' }), false);
  assert.equal(offersReconnect({ kind: 'offline' }), false);
  assert.equal(offersReconnect({ kind: 'unauthorized', expired: true }), false);
  assert.equal(offersReconnect({ kind: 'stopped', reason: 'x' }), false);
});
