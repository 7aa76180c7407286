import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PollTransport } from '../src/polltransport';
import { SseTransport } from '../src/ssetransport';
import type { TransportEvents } from '../src/transport';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each request and answers from a queue the test fills (an unanswered request waits). */
function fakeFetch() {
  const calls: Call[] = [];
  const answers: ((call: Call) => Promise<Response>)[] = [];
  const waiting: ((answer: (call: Call) => Promise<Response>) => void)[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
    const call = { method: init.method ?? 'GET', url, headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    calls.push(call);
    const answer = answers.shift() ?? await new Promise<(call: Call) => Promise<Response>>((r) => waiting.push(r));
    return answer(call);
  }) as typeof fetch;
  const answer = (fn: (call: Call) => Promise<Response>) => {
    const w = waiting.shift();
    if (w) w(fn); else answers.push(fn);
  };
  return {
    calls,
    json: (status: number, body: unknown) => answer(async () => new Response(JSON.stringify(body), { status })),
    fail: () => answer(async () => { throw new TypeError('network'); }),
    stream: (text: string) => answer(async () => new Response(text, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })),
  };
}

function recorder() {
  const seen: unknown[] = [];
  let opened = false;
  const events: TransportEvents = {
    open: () => { opened = true; },
    message: (v) => seen.push(v),
    closed: (code) => seen.push({ closed: code }),
  };
  return { events, seen, opened: () => opened };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await tick();
}

const welcome = { type: 'welcome', protocol: 1, sessionId: 's0', clientId: 'c1', resume: 'r1', node: 'n', limits: {} };

test('long polling: the hello is POST /api/session, the first answer is the join reply, later ops become remotes', async () => {
  const net = fakeFetch();
  const rec = recorder();
  const t = new PollTransport('http://editor.test', rec.events);
  await settle();
  assert.ok(rec.opened(), 'ready without a connection to open');
  t.send({ type: 'hello', protocol: 1, name: 'Ada', token: 'tok', clientId: 'c1', resume: 'r1' });
  net.json(200, welcome);
  await settle();
  assert.deepEqual(net.calls[0], { method: 'POST', url: 'http://editor.test/api/session',
    headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' }, body: { clientId: 'c1', resume: 'r1', name: 'Ada' } });
  assert.deepEqual(rec.seen, [welcome]);

  t.send({ type: 'join', doc: 'd', version: 5 });
  const catchup = { type: 'catchup', doc: 'd', from: 5, version: 5, ops: [] };
  net.json(200, catchup);
  net.json(200, { type: 'catchup', doc: 'd', from: 5, version: 7, ops: [
    { version: 5, op: ['a'], clientId: 'c2', seq: 1 }, { version: 6, op: ['b'], clientId: 'c1', seq: 9 }] });
  await settle();
  assert.equal(net.calls[1].url, 'http://editor.test/api/docs/d/ops?since=5&name=Ada');
  assert.equal(net.calls[1].headers.Authorization, 'Bearer tok', 'the token in a header, never in the URL');
  assert.equal(net.calls[2].url, 'http://editor.test/api/docs/d/ops?since=5&name=Ada');
  assert.equal(net.calls[3].url, 'http://editor.test/api/docs/d/ops?since=7&name=Ada', 'the next poll goes on from the version reached');
  assert.deepEqual(rec.seen.slice(1), [catchup,
    { type: 'remote', doc: 'd', version: 5, op: ['a'], clientId: 'c2', seq: 1 },
    { type: 'remote', doc: 'd', version: 6, op: ['b'], clientId: 'c1', seq: 9 }]);
  // A snapshot between two polls (behind the replay bound): the transport ends; the resume gets the resync.
  net.json(200, { type: 'snapshot', doc: 'd', version: 90, text: 'x', resync: true });
  await settle();
  assert.deepEqual(rec.seen.at(-1), { closed: 1006 });
});

test('a POSTed op: an ack is left to the stream or the poll, a refusal is the reply error, no answer ends the transport', async () => {
  const net = fakeFetch();
  const rec = recorder();
  const t = new PollTransport('http://editor.test', rec.events);
  t.send({ type: 'hello', protocol: 1 });
  net.json(200, welcome);
  await settle();
  const op = { type: 'op' as const, doc: 'd', base: 3, clientId: 'c1', seq: 4, op: ['x'] };
  t.send(op);
  net.json(200, { type: 'ack', doc: 'd', seq: 4, version: 3 });
  await settle();
  assert.deepEqual(net.calls[1], { method: 'POST', url: 'http://editor.test/api/docs/d/ops',
    headers: { 'Cowrite-Client-Id': 'c1', 'Cowrite-Resume': 'r1', 'Content-Type': 'application/json' },
    body: { base: 3, clientId: 'c1', seq: 4, op: ['x'] } });
  assert.deepEqual(rec.seen, [welcome], 'the ack is not passed on');
  t.send({ ...op, seq: 5 });
  net.json(422, { type: 'error', code: 'doc_too_large', message: 'too large', retryable: false });
  await settle();
  assert.deepEqual(rec.seen.at(-1), { type: 'error', code: 'doc_too_large', message: 'too large', retryable: false, doc: 'd', seq: 5 });
  t.send({ ...op, seq: 6 });
  net.fail();
  await settle();
  assert.deepEqual(rec.seen.at(-1), { closed: 1006 });
  assert.equal(t.send({ ...op, seq: 7 }), false, 'nothing is sent on an ended transport');
});

test('refusals map to the close codes of the WebSocket: 401 → 4501, 503 node_full → 4006', async () => {
  for (const [status, code, close] of [[401, 'unauthorized', 4501], [503, 'node_full', 4006], [503, 'unavailable', 1013]] as const) {
    const net = fakeFetch();
    const rec = recorder();
    const t = new PollTransport('http://editor.test', rec.events);
    t.send({ type: 'hello', protocol: 1 });
    net.json(status, { type: 'error', code, message: '', retryable: status === 503 });
    await settle();
    assert.deepEqual(rec.seen, [{ closed: close }], `${status} ${code}`);
  }
});

test('SSE: the stream follows the document under the identity; its events are messages; a close event ends it with its code', async () => {
  const net = fakeFetch();
  const rec = recorder();
  const t = new SseTransport('http://editor.test', rec.events);
  t.send({ type: 'hello', protocol: 1, name: 'Ada' });
  net.json(200, welcome);
  await settle();
  t.send({ type: 'join', doc: 'd' });
  net.stream(['event: welcome', `data: ${JSON.stringify({ ...welcome, sessionId: 's9' })}`, '',
    'id: 3', 'event: snapshot', 'data: {"type":"snapshot","doc":"d","version":3,"text":"abc","resync":false}', '',
    ': keep-alive', '', 'event: reconnect', 'data: {"type":"reconnect","retryAfterMs":100}', '',
    'event: close', 'data: {"type":"close","code":4000,"reason":"draining"}', '', ''].join('\n'));
  await settle();
  assert.equal(net.calls[1].url, 'http://editor.test/api/docs/d/events?name=Ada');
  assert.equal(net.calls[1].headers['Cowrite-Client-Id'], 'c1');
  assert.equal(net.calls[1].headers['Cowrite-Resume'], 'r1');
  assert.deepEqual(rec.seen.slice(1), [{ ...welcome, sessionId: 's9' },
    { type: 'snapshot', doc: 'd', version: 3, text: 'abc', resync: false },
    { type: 'reconnect', retryAfterMs: 100 }, { closed: 4000 }]);
});

test('SSE: a stream that ends without a close event, or a refused join, ends or answers as on the WebSocket', async () => {
  const net = fakeFetch();
  const rec = recorder();
  const t = new SseTransport('http://editor.test', rec.events);
  t.send({ type: 'hello', protocol: 1 });
  net.json(200, welcome);
  await settle();
  t.send({ type: 'join', doc: 'd', version: 4 });
  net.json(403, { type: 'error', code: 'forbidden', message: 'no', retryable: false });
  await settle();
  assert.equal(net.calls[1].url, 'http://editor.test/api/docs/d/events?version=4');
  assert.deepEqual(rec.seen.at(-1), { type: 'error', code: 'forbidden', message: 'no', retryable: false, doc: 'd' });
  t.send({ type: 'join', doc: 'd' });
  net.stream('event: snapshot\ndata: {"type":"snapshot"}\n\n');
  await settle();
  assert.deepEqual(rec.seen.slice(-2), [{ type: 'snapshot' }, { closed: 1006 }]);
});
