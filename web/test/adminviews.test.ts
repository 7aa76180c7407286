import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../src/historyapi';
import { online } from '../src/online';
import { listQuery, PAGE_SIZE, time } from '../src/adminlist';

test('the search form: empty fields are no filter; a day counts from its start', () => {
  assert.deepEqual(listQuery('', ' ', ''), { limit: PAGE_SIZE });
  assert.deepEqual(listQuery(' team- ', 'Ada', '2026-11-01'), { limit: PAGE_SIZE, prefix: 'team-', editor: 'Ada', activeAfter: '2026-11-01T00:00:00Z' });
  assert.deepEqual(listQuery('', '', 'yesterday'), { limit: PAGE_SIZE });
  assert.equal(time(null), '—');
  assert.equal(time('not a time'), 'not a time');
});

test('online now: people with their color and number of tabs, or why presence is not available', () => {
  const o = online({ doc: 'd', warm: true, people: [
    { user: 'ada', name: 'Ada', sessions: [
      { session: 's1', node: 'n', color: '#e6194b', since: 1, cursor: null },
      { session: 's2', node: 'n', color: '#3cb44b', since: 2, cursor: null }] },
    { user: null, name: 'Guest', sessions: [{ session: 's3', node: 'n', color: '#4363d8', since: 3, cursor: null }] }] });
  assert.deepEqual(o, { available: true, warm: true, people: [
    { name: 'Ada', color: '#e6194b', sessions: 2 }, { name: 'Guest', color: '#4363d8', sessions: 1 }] });
  const note = (e: unknown) => { const r = online({ error: e }); return r.available ? '' : r.note; };
  assert.equal(note(new ApiError(404, null, 'Not Found')), 'presence not available (this server does not serve the presence API here)');
  assert.equal(note(new ApiError(0, null, 'x')), 'presence not available (presence-service cannot be reached)');
  assert.equal(note(new ApiError(503, 'unavailable', 'x')), 'presence not available (presence-service is unavailable)');
  assert.match(note(new Error('boom')), /^presence not available/);
});
