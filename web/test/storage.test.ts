import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as storage from '../src/storage';

test('where the browser denies localStorage (an embedded editor, third-party storage blocked), state lives for the page', () => {
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
  });
  const warn = console.warn;
  console.warn = () => {};
  try {
    storage.rememberIdentity({ clientId: 'c1', resume: 'r1' });
    assert.deepEqual(storage.loadIdentities(), [{ clientId: 'c1', resume: 'r1' }]);
    assert.equal(storage.nextSeq('c1'), 1);
    assert.equal(storage.nextSeq('c1'), 2);
    storage.savePending('notes', 'c1', { version: 3, text: 'abc', inflight: null, buffered: [] });
    assert.ok(storage.hasPending('c1', 'notes') && storage.hasPending('c1'));
    assert.equal(storage.loadPending('notes', 'c1')?.text, 'abc');
    storage.savePending('notes', 'c1', null);
    assert.ok(!storage.hasPending('c1'));
    assert.equal(storage.displayName(), null);
  } finally {
    console.warn = warn;
    delete (globalThis as { localStorage?: unknown }).localStorage;
  }
});
