import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type TextOp, type as textType } from 'ot-text-unicode';
import { OTClient } from '../src/otclient';
import type { ClientMessage, ServerMessage } from '../src/protocol';
import { randomText, rng, SEED } from './random';
import { codePoints } from '../src/positions';
import { MESSAGE_MARGIN_BYTES, messageBytes } from '../src/opsize';

// Ops of at most 200 bytes: buffers of a few edits already take several ops.
const LIMITS = { maxMessageBytes: MESSAGE_MARGIN_BYTES + 200, maxDocLength: 1_000_000, opsPerSecond: 1e9, maxPendingMessages: 1000 };

/** The server of docs/protocol.md in miniature: transform with side left against what was committed first, dedup by seq. */
class Server {
  text = '';
  log: { op: TextOp; clientId: string; seq: number }[] = [];
  lastSeq = new Map<string, { seq: number; version: number }>();
  members = new Set<Peer>();
  /** Client ids that may read but not write (the join reply says `readOnly`, an op is `forbidden`). */
  readers = new Set<string>();
  /** Client ids that may not even read (a join is `forbidden`). */
  strangers = new Set<string>();
  /** Retention: ops below it are compacted away; a resume from below gets a resync, an op based below is too old. */
  horizon = 0;

  receive(from: Peer, m: ClientMessage): void {
    const readOnly = this.readers.has(from.id) ? { readOnly: true } : {};
    if (m.type === 'join' && this.strangers.has(from.id)) {
      from.inbox.push({ type: 'error', code: 'forbidden', message: '', retryable: false, doc: 'd' });
    } else if (m.type === 'join') {
      this.members.add(from);
      if (m.version === undefined) {
        from.inbox.push({ type: 'snapshot', doc: 'd', version: this.log.length, text: this.text, resync: false, ...readOnly });
      } else if (m.version > this.log.length) {
        from.inbox.push({ type: 'error', code: 'version_ahead', message: '', retryable: false, doc: 'd' });
      } else if (m.version < this.horizon) {
        from.inbox.push({ type: 'snapshot', doc: 'd', version: this.log.length, text: this.text, resync: true, ...readOnly });
      } else {
        const ops = this.log.slice(m.version).map((c, i) => ({ ...c, version: m.version! + i }));
        from.inbox.push({ type: 'catchup', doc: 'd', from: m.version, version: this.log.length, ops, ...readOnly });
      }
    } else if (m.type === 'leave') {
      this.members.delete(from);
    } else if (m.type === 'op') {
      // The real server closes the connection (4503) instead: a client must never send such a message.
      assert.ok(messageBytes(m) <= LIMITS.maxMessageBytes, `op message of ${messageBytes(m)} bytes`);
      if (!this.members.has(from)) {
        from.inbox.push({ type: 'error', code: 'not_joined', message: '', retryable: false, doc: 'd', seq: m.seq });
        return;
      }
      if (this.readers.has(m.clientId)) {
        from.inbox.push({ type: 'error', code: 'forbidden', message: '', retryable: false, doc: 'd', seq: m.seq });
        return;
      }
      const last = this.lastSeq.get(m.clientId);
      if (last && last.seq === m.seq) {
        from.inbox.push({ type: 'ack', doc: 'd', seq: m.seq, version: last.version });
        return;
      }
      if (m.base < this.horizon) {
        from.inbox.push({ type: 'error', code: 'version_too_old', message: '', retryable: false, doc: 'd', seq: m.seq });
        return;
      }
      let op = m.op;
      for (let v = m.base; v < this.log.length; v++) op = textType.transform(op, this.log[v].op, 'left');
      const version = this.log.length;
      this.text = textType.apply(this.text, op);
      this.log.push({ op, clientId: m.clientId, seq: m.seq });
      this.lastSeq.set(m.clientId, { seq: m.seq, version });
      for (const p of this.members) {
        p.inbox.push(p === from
          ? { type: 'ack', doc: 'd', seq: m.seq, version }
          : { type: 'remote', doc: 'd', version, op, clientId: m.clientId, seq: m.seq });
      }
    }
  }
}

class Peer {
  text = '';
  inbox: ServerMessage[] = [];
  outbox: ClientMessage[] = [];
  online = false;
  seqs = new Map<string, number>();
  client: OTClient;
  forbidden = 0;

  /** `id` is the identity the server issues in every welcome, until a test changes it. */
  constructor(public id: string, readonly server: Server, lost = (_text: string): void => { throw new Error(`${id} lost edits`); }) {
    this.client = new OTClient('d', id, {
      applyRemote: (op) => { this.text = textType.apply(this.text, op); },
      replaceText: (t) => { this.text = t; },
      text: () => this.text,
    }, (m) => { if (this.online) this.outbox.push(m); return this.online; }, (clientId) => this.nextSeq(clientId),
    { changed: () => {}, lost, loaded: () => {}, forbidden: () => { this.forbidden++; } }, null, LIMITS);
  }

  private nextSeq(clientId: string): number {
    const seq = (this.seqs.get(clientId) ?? 0) + 1;
    this.seqs.set(clientId, seq);
    return seq;
  }

  connect(): void {
    this.online = true;
    this.client.connected(LIMITS, this.id);
  }

  /** The network drops: whatever was on the wire in either direction may be lost. */
  drop(r: () => number): void {
    this.online = false;
    this.client.disconnected();
    this.server.members.delete(this);
    // Messages already sent may or may not have reached the server.
    for (const m of this.outbox.splice(0)) if (r() < 0.5) this.server.receive(this, m);
    this.inbox = [];
  }

  /** A local edit: applied to the text at once, then given to the client. */
  apply(op: TextOp): void {
    this.text = textType.apply(this.text, op);
    this.client.localEdit(op);
  }

  /** Delivers everything both ways until nothing moves. */
  quiesce(): void {
    for (let n = 0; this.outbox.length || this.inbox.length; n++) {
      assert.ok(n < 100_000, 'quiesces');
      if (this.outbox.length) this.server.receive(this, this.outbox.shift()!);
      if (this.inbox.length) this.client.handle(this.inbox.shift()!);
    }
  }

  edit(r: () => number): void {
    if (this.client.version === null) return;
    const len = codePoints(this.text);
    const pos = Math.floor(r() * (len + 1));
    const op: TextOp = r() < 0.7 || len === pos
      ? textType.normalize([pos, randomText(r, 6) || 'x'])
      : textType.normalize([pos, { d: Math.min(len - pos, 1 + Math.floor(r() * 3)) }]);
    this.apply(op);
  }
}

test(`clients converge on the server's text through concurrency and drops (seed ${SEED})`, () => {
  for (let run = 0; run < 200; run++) {
    const r = rng(SEED * 1000 + run);
    const server = new Server();
    const peers = [new Peer('a', server), new Peer('b', server), new Peer('c', server)];
    for (const p of peers) p.connect();
    for (let step = 0; step < 300; step++) {
      const p = peers[Math.floor(r() * peers.length)];
      const x = r();
      if (x < 0.3) p.edit(r);
      else if (x < 0.6 && p.outbox.length) server.receive(p, p.outbox.shift()!);
      else if (x < 0.9 && p.inbox.length) p.client.handle(p.inbox.shift()!);
      else if (x < 0.95 && p.online) p.drop(r);
      else if (!p.online) p.connect();
    }
    for (const p of peers) if (!p.online) p.connect();
    for (let quiet = false, n = 0; !quiet; n++) {
      assert.ok(n < 100_000, 'quiesces');
      quiet = true;
      for (const p of peers) {
        if (p.outbox.length) { server.receive(p, p.outbox.shift()!); quiet = false; }
        if (p.inbox.length) { p.client.handle(p.inbox.shift()!); quiet = false; }
      }
    }
    for (const p of peers) {
      const where = `seed ${SEED} run ${run} client ${p.id}`;
      assert.ok(p.client.synchronized, `${where}: synchronized`);
      assert.equal(p.client.version, server.log.length, `${where}: version`);
      assert.equal(p.text, server.text, `${where}: text`);
    }
    // Every edit is applied exactly once: (clientId, seq) pairs in the log are unique.
    const keys = server.log.map((c) => `${c.clientId}/${c.seq}`);
    assert.equal(new Set(keys).size, keys.length, `seed ${SEED} run ${run}: no op applied twice`);
  }
});

test(`edits buffered offline go out as ops cut only between edits, each in one message (seed ${SEED})`, () => {
  let split = 0; // runs whose edits took more than one op
  for (let run = 0; run < 100; run++) {
    const r = rng(SEED * 1000 + run);
    const server = new Server();
    const ada = new Peer('a', server);
    ada.connect();
    ada.quiesce();
    ada.drop(r);
    const texts = [ada.text]; // the local text after each edit: the only texts an op may leave on the server
    for (let i = 0; i < 40; i++) {
      const len = codePoints(ada.text);
      const pos = Math.floor(r() * (len + 1));
      const large = r() < 0.2; // more than half an op: two of them never share one
      const insert = large ? randomText(r, 4) + '😀'.repeat(26 + Math.floor(r() * 10)) : randomText(r, 8) || 'x';
      const op = r() < 0.8 || pos === len
        ? textType.normalize([pos, insert])
        : textType.normalize([pos, { d: Math.min(len - pos, 1 + Math.floor(r() * 5)) }]);
      ada.apply(op);
      texts.push(ada.text);
    }
    assert.equal(ada.client.pendingEdits, 40);
    ada.connect();
    ada.quiesce();
    const where = `seed ${SEED} run ${run}`;
    assert.equal(server.text, ada.text, `${where}: text`);
    assert.ok(ada.client.synchronized, `${where}: synchronized`);
    if (server.log.length > 1) split++;
    let text = '';
    let at = 0;
    for (const c of server.log) {
      text = textType.apply(text, c.op);
      const next = texts.indexOf(text, at + 1);
      assert.ok(next > at, `${where}: op ${JSON.stringify(c.op)} ends between two edits`);
      at = next;
    }
    // every edit sent: the last op leaves the text of the last edit (an index before it when two edits cancel
    // out, e.g. an insert then the delete of what it inserted: indexOf finds the first of equal texts)
    assert.equal(texts[at], texts[texts.length - 1], `${where}: every edit sent`);
  }
  assert.ok(split > 50, `seed ${SEED}: buffers were split in only ${split} runs`);
});

test('an op too large for one message is never sent: the edit is reported lost', () => {
  const server = new Server();
  const lost: string[] = [];
  const ada = new Peer('a', server, () => { lost.push(ada.text); });
  ada.connect();
  ada.quiesce();
  const huge = 'x'.repeat(LIMITS.maxMessageBytes);
  ada.apply([huge]); // the editor refuses such an edit (editguard.ts); the client copes anyway
  ada.quiesce();
  assert.deepEqual(lost, [huge]);
  assert.equal(server.log.length, 0);
  assert.equal(ada.text, '');
  assert.ok(ada.client.synchronized);
});

/** Ada with "hello" committed and acked, then " world" typed: in flight, its message still in her outbox. */
function adaWithAnOpInFlight(lost: string[]): { server: Server; ada: Peer } {
  const server = new Server();
  const ada: Peer = new Peer('a', server, (text) => { lost.push(text); });
  ada.connect();
  ada.quiesce();
  ada.apply(['hello']);
  ada.quiesce();
  ada.apply([5, ' world']);
  assert.equal(ada.outbox.length, 1);
  return { server, ada };
}

for (const committed of [true, false]) {
  test(`a welcome with another identity: the inflight op (${committed ? '' : 'not '}committed) is reported lost, not resent, and the join is fresh`, () => {
    const lost: string[] = [];
    const { server, ada } = adaWithAnOpInFlight(lost);
    const op = ada.outbox.shift()!;
    if (committed) server.receive(ada, op); // committed, but the ack never arrives
    ada.online = false;
    ada.client.disconnected();
    server.members.delete(ada);
    ada.inbox = [];
    ada.apply([11, '!']); // buffered on top of the op in flight

    ada.id = 'a2'; // the server no longer knows "a" (e.g. its key changed) and issues another identity
    ada.connect();
    assert.deepEqual(ada.outbox, [{ type: 'join', doc: 'd' }], 'a fresh join: no version to resume from');
    assert.deepEqual(lost, ['hello world!'], 'the local text is offered to the person once');
    ada.quiesce();

    const expected = committed ? 'hello world' : 'hello';
    assert.equal(server.text, expected);
    assert.equal(ada.text, expected, 'the editor shows the server text');
    assert.equal(server.log.length, committed ? 2 : 1, 'nothing was applied twice');
    assert.ok(ada.client.synchronized);
    assert.equal(ada.client.clientId, 'a2');
    assert.deepEqual(lost, ['hello world!'], 'reported once, not again by the snapshot');

    ada.apply(['> ']); // later edits go out under the new identity, its seq counter starting afresh
    ada.quiesce();
    assert.equal(server.text, `> ${expected}`);
    assert.deepEqual(server.log.at(-1), { op: ['> '], clientId: 'a2', seq: 1 });
  });
}

test('a welcome with another identity and nothing in flight: buffered edits go out under the new one, nothing lost', () => {
  const lost: string[] = [];
  const { server, ada } = adaWithAnOpInFlight(lost);
  ada.quiesce(); // " world" acked
  ada.online = false;
  ada.client.disconnected();
  server.members.delete(ada);
  ada.apply([11, '!']); // offline: buffered, nothing in flight

  ada.id = 'a2';
  ada.connect();
  assert.deepEqual(ada.outbox, [{ type: 'join', doc: 'd', version: 2 }], 'resumes from its version');
  ada.quiesce();
  assert.deepEqual(lost, []);
  assert.equal(server.text, 'hello world!');
  assert.equal(ada.text, 'hello world!');
  assert.deepEqual(server.log.map((c) => c.clientId), ['a', 'a', 'a2']);
  assert.ok(ada.client.synchronized);
});

test('the same identity welcomed again: the inflight op is resent with its seq and applied once', () => {
  const lost: string[] = [];
  const { server, ada } = adaWithAnOpInFlight(lost);
  server.receive(ada, ada.outbox.shift()!); // committed; the ack is lost with the connection
  ada.online = false;
  ada.client.disconnected();
  server.members.delete(ada);
  ada.inbox = [];
  ada.connect();
  ada.quiesce();
  assert.deepEqual(lost, []);
  assert.equal(server.text, 'hello world');
  assert.equal(server.log.length, 2);
  assert.ok(ada.client.synchronized);
});

test('a reader sees the writer\'s edits live and sends no op', () => {
  const server = new Server();
  server.readers.add('b');
  const ada = new Peer('a', server);
  const bob = new Peer('b', server);
  ada.connect();
  bob.connect();
  ada.quiesce();
  bob.quiesce();
  assert.equal(bob.client.readOnly, true);
  assert.equal(ada.client.readOnly, false);
  for (const word of ['hello', ' world', ' 😀']) {
    ada.apply(textType.normalize([codePoints(ada.text), word]));
    ada.quiesce();
    bob.quiesce();
  }
  assert.equal(bob.text, 'hello world 😀');
  assert.deepEqual(bob.outbox, []);
  assert.equal(bob.forbidden, 0);
});

for (const via of ['catchup', 'snapshot'] as const) {
  test(`edits made before the join reply (${via}) said "read only" are offered to the person, never sent`, () => {
    const lost: string[] = [];
    const server = new Server();
    const bob = new Peer('b', server, (text) => { lost.push(text); });
    bob.connect();
    bob.quiesce();
    bob.apply(['shared ']);
    bob.quiesce();
    bob.online = false; // offline, then the owner makes Bob a reader
    bob.client.disconnected();
    server.members.delete(bob);
    bob.apply([7, 'mine']);
    server.readers.add('b');
    if (via === 'snapshot') server.log.push(...Array.from({ length: 3 }, () => ({ op: [] as TextOp, clientId: 'z', seq: 1 })));
    bob.online = true;
    bob.client.connected(LIMITS, 'b');
    if (via === 'snapshot') bob.inbox.push({ type: 'snapshot', doc: 'd', version: server.log.length, text: server.text, resync: true, readOnly: true });
    else bob.server.receive(bob, bob.outbox.shift()!);
    bob.quiesce();
    assert.deepEqual(lost, ['shared mine']);
    assert.equal(bob.text, 'shared ');
    assert.ok(bob.outbox.every((m) => m.type !== 'op'));
    assert.equal(bob.client.readOnly, true);
    assert.ok(bob.client.synchronized);
  });
}

test('an op refused as forbidden is treated as rejected: offered to the person, the client becomes a reader', () => {
  const lost: string[] = [];
  const server = new Server();
  const bob = new Peer('b', server, (text) => { lost.push(text); });
  bob.connect();
  bob.quiesce();
  server.readers.add('b'); // the grant changed after the join
  bob.apply(['typed']);
  bob.quiesce();
  assert.deepEqual(lost, ['typed']);
  assert.equal(bob.text, '');
  assert.equal(server.text, '');
  assert.equal(bob.client.readOnly, true);
  assert.ok(bob.client.synchronized);
});

test('a join refused as forbidden is reported once per join, nothing else happens', () => {
  const server = new Server();
  server.strangers.add('c');
  const cy = new Peer('c', server);
  cy.connect();
  cy.quiesce();
  assert.equal(cy.forbidden, 1);
  assert.equal(cy.client.phase, 'joining');
  assert.deepEqual(cy.outbox, []);
});

test('an op committed while away is recognized in a read-only catchup: nothing is reported lost', () => {
  const lost: string[] = [];
  const server = new Server();
  const bob = new Peer('b', server, (text) => { lost.push(text); });
  bob.connect();
  bob.quiesce();
  bob.apply(['mine']);
  server.receive(bob, bob.outbox.shift()!); // committed; the ack is lost with the connection
  bob.online = false;
  bob.client.disconnected();
  server.members.delete(bob);
  bob.inbox = [];
  server.readers.add('b');
  bob.connect();
  bob.quiesce();
  assert.deepEqual(lost, []);
  assert.equal(bob.text, 'mine');
  assert.ok(bob.client.synchronized && bob.client.readOnly);
  assert.ok(bob.outbox.every((m) => m.type !== 'op'));
});

test(`retention: clients resumed behind the horizon get a resync and lose no pending edit (seed ${SEED})`, () => {
  let resyncedWithEdits = 0;
  for (let run = 0; run < 200; run++) {
    const r = rng(SEED * 1000 + run);
    const server = new Server();
    let next = 0x4e00;
    const peers = [new Peer('a', server), new Peer('b', server), new Peer('c', server)];
    const typed: string[] = [];
    /** Inserts one character nobody else ever types (nobody deletes here, so every typed one must be committed). */
    const type = (p: Peer): void => {
      if (p.client.version === null) return;
      const c = String.fromCodePoint(next++ % 5 === 0 ? 0x20000 + next : next);
      typed.push(c);
      p.apply([Math.floor(r() * (codePoints(p.text) + 1)), c].filter((x) => x !== 0) as TextOp);
    };
    for (const p of peers) p.connect();
    for (let step = 0; step < 300; step++) {
      const p = peers[Math.floor(r() * peers.length)];
      const x = r();
      if (x < 0.3) type(p);
      else if (x < 0.55 && p.outbox.length) server.receive(p, p.outbox.shift()!);
      else if (x < 0.85 && p.inbox.length) p.client.handle(p.inbox.shift()!);
      else if (x < 0.9 && p.online) p.drop(r);
      else if (x < 0.95) server.horizon = server.log.length; // compact everything: whoever resumes now resyncs
      else if (!p.online) {
        if (!p.client.synchronized && p.client.version !== null && p.client.version < server.horizon) resyncedWithEdits++;
        p.connect();
      }
    }
    for (const p of peers) if (!p.online) p.connect();
    for (let quiet = false, n = 0; !quiet; n++) {
      assert.ok(n < 100_000, 'quiesces');
      quiet = true;
      for (const p of peers) {
        if (p.outbox.length) { server.receive(p, p.outbox.shift()!); quiet = false; }
        if (p.inbox.length) { p.client.handle(p.inbox.shift()!); quiet = false; }
      }
    }
    for (const p of peers) {
      const where = `seed ${SEED} run ${run} client ${p.id}`;
      assert.ok(p.client.synchronized, `${where}: synchronized`);
      assert.equal(p.client.version, server.log.length, `${where}: version`);
      assert.equal(p.text, server.text, `${where}: text`);
    }
    const missing = typed.filter((c) => !server.text.includes(c));
    assert.deepEqual(missing, [], `seed ${SEED} run ${run}: every typed character is committed`);
    const keys = server.log.map((c) => `${c.clientId}/${c.seq}`);
    assert.equal(new Set(keys).size, keys.length, `seed ${SEED} run ${run}: no op applied twice`);
  }
  assert.ok(resyncedWithEdits > 50, `seed ${SEED}: only ${resyncedWithEdits} resyncs with pending edits`);
});

for (const committed of [true, false]) {
  test(`a resync with an op in flight (${committed ? '' : 'not '}committed) resends it first, then rebases the buffer`, () => {
    const lost: string[] = [];
    const { server, ada } = adaWithAnOpInFlight(lost);
    const op = ada.outbox.shift()!;
    if (committed) server.receive(ada, op); // committed; the ack is lost with the connection
    ada.online = false;
    ada.client.disconnected();
    server.members.delete(ada);
    ada.inbox = [];
    ada.apply([11, '!']); // buffered on top of the op in flight
    const bob = new Peer('b', server);
    bob.connect();
    bob.quiesce();
    bob.apply(['> ']);
    bob.quiesce();
    server.horizon = server.log.length;

    ada.connect();
    ada.server.receive(ada, ada.outbox.shift()!); // the join: a resync snapshot
    ada.client.handle(ada.inbox.shift()!);
    assert.equal(ada.outbox.length, 1, 'only the resend goes out before its answer');
    const resend = ada.outbox[0];
    assert.ok(resend.type === 'op' && resend.seq === 2 && resend.base === 1, JSON.stringify(resend));
    ada.quiesce();
    bob.quiesce();
    assert.deepEqual(lost, []);
    assert.equal(server.text, '> hello world!');
    assert.equal(ada.text, server.text);
    assert.equal(bob.text, server.text);
    assert.equal(server.log.filter((c) => c.clientId === 'a').length, 3, 'hello, world, ! each committed once');
    assert.ok(ada.client.synchronized);
    assert.equal(ada.client.pending()?.serverText, server.text, 'the server text is kept for the next resync');
  });
}

test('state saved by an older app (no server text) still resyncs: buffered edits are offered to the person', () => {
  const lost: string[] = [];
  const server = new Server();
  server.log.push({ op: ['x'], clientId: 'z', seq: 1 });
  server.text = 'x';
  server.horizon = 1;
  const ada = new Peer('a', server, (text) => { lost.push(text); });
  ada.text = 'mine';
  ada.client = new OTClient('d', 'a', {
    applyRemote: (op) => { ada.text = textType.apply(ada.text, op); },
    replaceText: (t) => { ada.text = t; },
    text: () => ada.text,
  }, (m) => { ada.outbox.push(m); return true; }, () => 1, { changed: () => {}, lost: (t) => { lost.push(t); }, loaded: () => {}, forbidden: () => {} },
  { version: 0, text: 'mine', inflight: null, buffered: [{ op: ['mine'], edits: 1 }] }, LIMITS);
  ada.online = true;
  ada.client.connected(LIMITS, 'a');
  ada.quiesce();
  assert.deepEqual(lost, ['mine']);
  assert.equal(ada.text, 'x');
});
