import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type TextOp, type as textType } from 'ot-text-unicode';
import { OTClient } from '../src/otclient';
import type { ClientMessage, ServerMessage } from '../src/protocol';
import { randomText, rng, SEED } from './random';
import { codePoints } from '../src/positions';

const LIMITS = { maxMessageBytes: 4096, maxDocLength: 1_000_000, opsPerSecond: 1e9, maxPendingMessages: 1000 };

/** The server of docs/protocol.md in miniature: transform with side left against what was committed first, dedup by seq. */
class Server {
  text = '';
  log: { op: TextOp; clientId: string; seq: number }[] = [];
  lastSeq = new Map<string, { seq: number; version: number }>();
  members = new Set<Peer>();

  receive(from: Peer, m: ClientMessage): void {
    if (m.type === 'join') {
      this.members.add(from);
      if (m.version === undefined) {
        from.inbox.push({ type: 'snapshot', doc: 'd', version: this.log.length, text: this.text, resync: false });
      } else if (m.version > this.log.length) {
        from.inbox.push({ type: 'error', code: 'version_ahead', message: '', retryable: false, doc: 'd' });
      } else {
        const ops = this.log.slice(m.version).map((c, i) => ({ ...c, version: m.version! + i }));
        from.inbox.push({ type: 'catchup', doc: 'd', from: m.version, version: this.log.length, ops });
      }
    } else if (m.type === 'leave') {
      this.members.delete(from);
    } else if (m.type === 'op') {
      if (!this.members.has(from)) {
        from.inbox.push({ type: 'error', code: 'not_joined', message: '', retryable: false, doc: 'd', seq: m.seq });
        return;
      }
      const last = this.lastSeq.get(m.clientId);
      if (last && last.seq === m.seq) {
        from.inbox.push({ type: 'ack', doc: 'd', seq: m.seq, version: last.version });
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
  seq = 0;
  client: OTClient;

  constructor(readonly id: string, readonly server: Server) {
    this.client = new OTClient('d', id, {
      applyRemote: (op) => { this.text = textType.apply(this.text, op); },
      replaceText: (t) => { this.text = t; },
      text: () => this.text,
    }, (m) => { if (this.online) this.outbox.push(m); return this.online; }, () => ++this.seq,
    { changed: () => {}, lost: () => { throw new Error(`${id} lost edits`); }, loaded: () => {} }, null);
  }

  connect(): void {
    this.online = true;
    this.client.connected(LIMITS);
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

  edit(r: () => number): void {
    if (this.client.version === null) return;
    const len = codePoints(this.text);
    const pos = Math.floor(r() * (len + 1));
    const op: TextOp = r() < 0.7 || len === pos
      ? textType.normalize([pos, randomText(r, 6) || 'x'])
      : textType.normalize([pos, { d: Math.min(len - pos, 1 + Math.floor(r() * 3)) }]);
    this.text = textType.apply(this.text, op);
    this.client.localEdit(op);
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
