import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, type ConnectionState, HANDSHAKE_TIMEOUT_MS } from '../src/connection';
import { Backoff } from '../src/backoff';
import { TransportLadder } from '../src/ladder';
import { CLOSE_NODE_FULL } from '../src/protocol';
import { FakeNet } from './fakenet';

function connect(net = new FakeNet()) {
  const states: ConnectionState[] = [];
  const events: string[] = [];
  const conn = new Connection(() => null, () => ({ token: null, name: 'Ada' }), {
    welcome: (w) => events.push(`welcome ${w.clientId}`),
    message: (m) => events.push(m.type),
    closed: () => events.push('closed'),
    state: (s) => states.push(s),
    session: (id) => events.push(`session ${id}`),
    unauthorized: () => events.push('unauthorized'),
  }, 'ws://editor.test/ws', net.env);
  conn.start();
  return { net, conn, states, events, state: () => states[states.length - 1] };
}

/** The transport just opened fails before any welcome; the test then waits out the backoff. */
function failBeforeWelcome(net: FakeNet, code = 1006): void {
  net.last.fail(code);
  net.advance(net.nextTimerIn() ?? 0);
}

test('the backoff doubles from 250 ms and is capped at 3 s, with full jitter; reset starts low again', () => {
  const top = new Backoff(() => 1);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => top.next()), [250, 500, 1000, 2000, 3000, 3000]);
  assert.equal(top.next(5000), 5000, 'a close code may ask for more');
  top.reset();
  assert.equal(top.next(), 250);
  const bottom = new Backoff(() => 0);
  assert.equal(bottom.next(), 0, 'full jitter: anywhere from 0 to the ceiling');
});

test('the ladder: two failures before a welcome move down; past the last it starts again at the top', () => {
  const ladder = new TransportLadder();
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => ladder.failed()), ['websocket', 'sse', 'sse', 'polling', 'polling', 'websocket']);
  ladder.welcomed();
  // A transport that carried a session is not given up: the server is away, not the transport refused.
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map(() => ladder.failed()), Array(8).fill('websocket'));
  ladder.reset(); // another network: it may refuse what the last one let through
  assert.deepEqual([1, 2].map(() => ladder.failed()), ['websocket', 'sse']);
});

test('a WebSocket that never opens gives way to SSE, which carries the hello and the session', () => {
  const { net, state, events } = connect();
  assert.equal(net.last.kind, 'websocket');
  assert.deepEqual(state(), { kind: 'connecting', transport: 'websocket' });
  failBeforeWelcome(net);
  assert.equal(net.last.kind, 'websocket', 'one failure is not enough');
  failBeforeWelcome(net);
  assert.equal(net.last.kind, 'sse');
  assert.deepEqual(state(), { kind: 'connecting', transport: 'sse' });
  net.last.open();
  assert.deepEqual(net.last.sent, [{ type: 'hello', protocol: 1, name: 'Ada' }]);
  net.last.welcome();
  net.last.joined();
  assert.deepEqual(state(), { kind: 'live', transport: 'sse' });
  assert.deepEqual(events, ['welcome c1', 'snapshot']);
  // A session that ends after its join reply says nothing against the transport: the page stays on SSE.
  net.last.fail(1006);
  assert.deepEqual(events, ['welcome c1', 'snapshot', 'closed']);
  net.advance(net.nextTimerIn()!);
  assert.equal(net.last.kind, 'sse');
});

test('SSE failing too leads to long polling; the URL of each transport is the server\'s', () => {
  const { net, state } = connect();
  for (let i = 0; i < 4; i++) failBeforeWelcome(net);
  assert.equal(net.last.kind, 'polling');
  assert.equal(net.last.url, 'ws://editor.test/ws');
  net.last.open();
  net.last.welcome();
  net.last.joined();
  assert.deepEqual(state(), { kind: 'live', transport: 'polling' });
});

test('a WebSocket that hangs in its handshake counts as failed after the handshake timeout', () => {
  const { net } = connect();
  net.last.open(); // a proxy accepts the upgrade and then says nothing
  net.advance(HANDSHAKE_TIMEOUT_MS);
  assert.ok(net.last.closedByClient, 'the hanging transport is closed');
  net.advance(net.nextTimerIn()!);
  failBeforeWelcome(net);
  assert.equal(net.last.kind, 'sse');
});

test('reconnect delays stay within 3 s while the server is away, and the state says when', () => {
  const { net, state } = connect();
  net.last.open();
  net.last.welcome();
  net.last.joined();
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    net.last.fail(1006);
    const s = state();
    assert.equal(s.kind, 'waiting');
    delays.push(net.nextTimerIn()!);
    assert.equal(s.kind === 'waiting' && s.until, net.now + delays[i]);
    net.advance(delays[i]);
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000, 3000, 3000, 3000, 3000]);
});

test('"reconnect now" skips the wait, and the next wait starts low again', () => {
  const { net, conn, state } = connect();
  net.last.open();
  net.last.welcome();
  net.last.joined();
  for (let i = 0; i < 5; i++) failBeforeWelcome(net);
  const before = net.opened.length;
  net.last.fail(1006);
  assert.equal(state().kind, 'waiting');
  conn.reconnectNow();
  assert.equal(net.opened.length, before + 1, 'a new attempt at once');
  assert.equal(state().kind, 'connecting');
  net.last.fail(1006);
  assert.equal(net.nextTimerIn(), 250);
  // Live: nothing to do.
  net.advance(250);
  net.last.open();
  net.last.welcome();
  net.last.joined();
  conn.reconnectNow();
  assert.equal(state().kind, 'live');
});

test('the browser going online retries at once, from the WebSocket', () => {
  const { net, state } = connect();
  for (let i = 0; i < 2; i++) failBeforeWelcome(net);
  assert.equal(net.last.kind, 'sse');
  net.goOffline();
  assert.ok(net.last.closedByClient);
  assert.deepEqual(state(), { kind: 'offline' });
  assert.equal(net.nextTimerIn(), null, 'no retry while offline');
  net.goOnline();
  assert.equal(net.last.kind, 'websocket');
  assert.deepEqual(state(), { kind: 'connecting', transport: 'websocket' });
  // Online while waiting to reconnect: at once too.
  net.last.open();
  net.last.welcome();
  net.last.joined();
  net.last.fail(1006);
  const before = net.opened.length;
  net.goOnline();
  assert.equal(net.opened.length, before + 1);
});

test('a reconnect message: wait retryAfterMs plus jitter, then go to its URL', () => {
  const { net, state } = connect();
  net.last.open();
  net.last.welcome();
  net.last.joined();
  net.random = 0.5;
  net.last.receive({ type: 'reconnect', reason: 'draining', retryAfterMs: 1500, url: 'wss://node-b.test/ws' });
  net.last.fail(4000);
  assert.equal(state().kind, 'waiting');
  assert.equal(net.nextTimerIn(), 1500 + 500);
  const before = net.opened.length;
  net.advance(1999);
  assert.equal(net.opened.length, before);
  net.advance(1);
  assert.equal(net.last.url, 'wss://node-b.test/ws');
  assert.equal(net.last.kind, 'websocket');
});

test('a full node: try again soon (another node may have room), without giving up the transport', () => {
  const { net } = connect();
  net.random = 0.25;
  for (let i = 0; i < 3; i++) {
    net.last.fail(CLOSE_NODE_FULL);
    assert.equal(net.nextTimerIn(), 250);
    net.advance(250);
    assert.equal(net.last.kind, 'websocket');
  }
});

test('terminal closes stop, a 4501 waits for a token, and neither is retried by "reconnect now"', () => {
  const { net, conn, state, events } = connect();
  net.last.open();
  net.last.welcome();
  net.last.joined();
  net.last.fail(4501);
  assert.deepEqual(state(), { kind: 'unauthorized', expired: true });
  assert.ok(events.includes('unauthorized'));
  const before = net.opened.length;
  conn.reconnectNow();
  assert.equal(net.opened.length, before);
  conn.retry();
  net.advance(net.nextTimerIn()!);
  net.last.open();
  net.last.welcome();
  net.last.joined();
  net.last.fail(4502);
  assert.equal(state().kind, 'stopped');
  conn.reconnectNow();
  net.goOnline();
  assert.equal(net.nextTimerIn(), null);
});

test('the heartbeat runs over the WebSocket: no answer to a ping within 10 s is a dead link', () => {
  const { net, events } = connect();
  net.last.open();
  net.last.welcome();
  net.last.joined();
  const ws = net.last;
  net.advance(20_000);
  assert.deepEqual(ws.sent.at(-1), { type: 'ping', id: 1 });
  net.advance(10_000);
  assert.ok(ws.closedByClient);
  assert.ok(events.includes('closed'));
});

test('a second welcome of the same identity (an SSE stream\'s own) names the session, it is no new handshake', () => {
  const { net, events } = connect();
  net.last.open();
  net.last.welcome('c1');
  net.last.receive({ type: 'welcome', protocol: 1, sessionId: 's2', clientId: 'c1', resume: 'r1', node: 'n1', limits: {} });
  assert.deepEqual(events, ['welcome c1', 'session s2']);
});

test('an SSE transport whose welcome comes (a POST) but whose stream never does is not kept: long polling is next', () => {
  const { net, state } = connect();
  for (let i = 0; i < 2; i++) failBeforeWelcome(net);
  for (let i = 0; i < 2; i++) {
    assert.equal(net.last.kind, 'sse');
    net.last.open();
    net.last.welcome();
    net.last.fail(1006); // the stream is broken by a proxy: no join reply ever came
    net.advance(net.nextTimerIn()!);
  }
  assert.equal(net.last.kind, 'polling');
  net.last.open();
  net.last.welcome();
  net.last.joined();
  assert.deepEqual(state(), { kind: 'live', transport: 'polling' });
});
