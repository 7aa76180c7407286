import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, explain, filenameOf, HistoryApi, needsSignIn, withQuery } from '../src/historyapi';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each request and answers with `reply`. */
function recording(reply: () => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetcher = async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return reply();
  };
  return { sent, fetcher };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

test('GET requests: the path, only the parameters that have a value, and the token in the Authorization header, never in the URL', async () => {
  const { sent, fetcher } = recording(() => json({ documents: [], next: null }));
  const api = new HistoryApi(() => 's3cret', fetcher);
  await api.listDocuments({ prefix: 'team-', editor: '', limit: 50, cursor: null });
  await api.document('notes_1');
  await api.timeline('notes_1', 120, 50);
  await api.timeline('notes_1');
  await api.text('notes_1', 0);
  await api.diff('notes_1', 3, 9);
  await api.presence('notes_1');
  assert.deepEqual(sent.map((s) => s.url), [
    '/api/history/documents?prefix=team-&limit=50',
    '/api/history/documents/notes_1',
    '/api/history/documents/notes_1/timeline?before=120&limit=50',
    '/api/history/documents/notes_1/timeline?limit=50',
    '/api/history/documents/notes_1/text?version=0',
    '/api/history/documents/notes_1/diff?from=3&to=9',
    '/presence/documents/notes_1',
  ]);
  for (const s of sent) {
    assert.equal(s.method, 'GET');
    assert.equal(s.headers.Authorization, 'Bearer s3cret');
    assert.ok(!s.url.includes('s3cret'));
    assert.equal(s.body, undefined);
  }
});

test('the list cursor is passed on as it came (opaque), encoded', async () => {
  const { sent, fetcher } = recording(() => json({ documents: [], next: null }));
  await new HistoryApi(() => 't', fetcher).listDocuments({ cursor: 'MjAyNi0x+/=', activeAfter: '2026-11-01T00:00:00Z' });
  assert.equal(sent[0].url, '/api/history/documents?cursor=MjAyNi0x%2B%2F%3D&activeAfter=2026-11-01T00%3A00%3A00Z');
  assert.equal(new URL(sent[0].url, 'http://x').searchParams.get('cursor'), 'MjAyNi0x+/=');
});

test('restore and undo POST JSON with preview true or false', async () => {
  const { sent, fetcher } = recording(() => json({ base: 7, spans: [] }));
  const api = new HistoryApi(() => 't', fetcher);
  await api.restore('d', 3, true);
  await api.undo('d', 'Bob', 2, 6, false);
  assert.deepEqual(sent.map((s) => [s.method, s.url, s.body, s.headers['Content-Type']]), [
    ['POST', '/api/history/documents/d/restore', { version: 3, preview: true }, 'application/json'],
    ['POST', '/api/history/documents/d/undo', { author: 'Bob', from: 2, to: 6, preview: false }, 'application/json'],
  ]);
});

test('without a token no Authorization header is sent (the API answers 401)', async () => {
  const { sent, fetcher } = recording(() => json({ error: 'unauthorized', message: 'no credential' }, 401));
  const err = await new HistoryApi(() => null, fetcher).retention().catch((e) => e);
  assert.equal(sent[0].headers.Authorization, undefined);
  assert.ok(err instanceof ApiError && err.status === 401 && err.code === 'unauthorized');
  assert.ok(needsSignIn(err));
  assert.match(explain(err), /admin token was refused/);
});

test('refusals become ApiErrors with the stable code, and each status its own sentence', async () => {
  const cases: [number, unknown, RegExp][] = [
    [403, { error: 'forbidden', message: 'x' }, /does not give admin rights/],
    [404, { error: 'not_found', message: 'x' }, /no such document/],
    [409, { error: 'conflict', message: 'x' }, /kept changing/],
    [410, { error: 'compacted', message: 'x' }, /retention horizon/],
    [503, { error: 'unavailable', message: 'x' }, /owner cannot be reached/],
    [503, { error: 'auth_unavailable', message: 'x' }, /sign-in keys/],
    [400, { error: 'invalid_request', message: 'from must be below to' }, /refused: from must be below to/],
  ];
  for (const [status, body, sentence] of cases) {
    const { fetcher } = recording(() => json(body, status));
    const err = await new HistoryApi(() => 't', fetcher).diff('d', 1, 2).catch((e) => e);
    assert.ok(err instanceof ApiError, `${status}`);
    assert.equal(err.status, status);
    assert.equal(err.code, (body as { error: string }).error);
    assert.match(explain(err), sentence);
    assert.ok(!needsSignIn(err));
  }
});

test('a 404 that is not the API (no JSON body: a route the server lacks) and a network failure say so', async () => {
  const { fetcher } = recording(() => new Response('<html>Not Found</html>', { status: 404, statusText: 'Not Found' }));
  const notThere = await new HistoryApi(() => 't', fetcher).document('d').catch((e) => e);
  assert.equal(notThere.code, null);
  assert.match(explain(notThere), /does not offer this page's API/);
  const down = await new HistoryApi(() => 't', async () => { throw new TypeError('Failed to fetch'); }).document('d').catch((e) => e);
  assert.ok(down instanceof ApiError && down.status === 0);
  assert.match(explain(down), /cannot be reached/);
});

test('an answer that is not JSON is an error, not a crash', async () => {
  const { fetcher } = recording(() => new Response('not json', { status: 200 }));
  const err = await new HistoryApi(() => 't', fetcher).document('d').catch((e) => e);
  assert.ok(err instanceof ApiError && err.code === 'bad_response');
});

test('export: the text as a blob under the server\'s file name, or a default name', async () => {
  const { sent, fetcher } = recording(() => new Response('héllo 😀', {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'attachment; filename="notes-v12.txt"' },
  }));
  const out = await new HistoryApi(() => 't', fetcher).exportText('notes', 12);
  assert.equal(sent[0].url, '/api/history/documents/notes/export?version=12');
  assert.equal(sent[0].headers.Authorization, 'Bearer t');
  assert.equal(out.filename, 'notes-v12.txt');
  assert.equal(await out.blob.text(), 'héllo 😀');
  const bare = recording(() => new Response('x'));
  assert.equal((await new HistoryApi(() => 't', bare.fetcher).exportText('notes', 3)).filename, 'notes-v3.txt');
  assert.equal(filenameOf('attachment; filename=a-v1.txt'), 'a-v1.txt');
  assert.equal(filenameOf(null), null);
});

test('withQuery leaves out empty values and keeps zero', () => {
  assert.equal(withQuery('/p', { a: '', b: null, c: undefined, d: 0 }), '/p?d=0');
  assert.equal(withQuery('/p', {}), '/p');
});

test('lists and nulls left out of an answer come back as [] and null (the pages never meet undefined)', async () => {
  const { fetcher } = recording(() => json({ id: 'd', headVersion: 0 }));
  const api = new HistoryApi(() => 't', fetcher);
  assert.deepEqual(await api.listDocuments(), { documents: [], next: null });
  assert.deepEqual(await api.timeline('d'), { revisions: [], next: null });
  assert.deepEqual((await api.document('d')).editors, []);
  assert.deepEqual((await api.diff('d', 0, 1)).spans, []);
  assert.deepEqual((await api.restore('d', 0, true)).spans, []);
  assert.deepEqual((await api.undo('d', 'a', 0, 1, true)).spans, []);
  assert.deepEqual((await api.presence('d')).people, []);
  assert.deepEqual(await api.text('d', 0), { version: 0, text: '', at: null }, 'the empty text at version 0');
});
