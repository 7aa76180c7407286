import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextOp } from 'ot-text-unicode';
import { MESSAGE_MARGIN_BYTES, maxOpBytes, messageBytes, opBytes, utf8Length } from '../src/opsize';
import type { ClientMessage } from '../src/protocol';
import { randomText, rng, SEED } from './random';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const opMessage = (op: TextOp): ClientMessage => ({ type: 'op', doc: 'notes', base: 41, clientId: 'k3J9x_2mQ', seq: 7, op });

test('sizes are UTF-8 bytes of the JSON, not UTF-16 units', () => {
  assert.equal(opBytes(['😀']), 8); // ["😀"]: 4 bytes for one code point of 2 UTF-16 units
  assert.equal(opBytes(['👍🏽']), 12);
  assert.equal(opBytes(['中文']), 10);
  assert.equal(opBytes([3, 'é', { d: 2 }]), 16); // [3,"é",{"d":2}]
  assert.equal(opBytes(['\u0001']), 10); // JSON writes control characters as \u0001: 6 bytes for one unit
  assert.equal(opBytes(['\n\t"\\']), 12); // \n \t \" \\: 2 bytes each
  assert.equal(opBytes(['\ud800']), 10); // a lone surrogate is escaped too (and refused by the server)
  assert.equal(utf8Length('a\ud800b'), 5); // unescaped, it counts as U+FFFD (3 bytes)
});

test(`message sizes match what the connection sends (seed ${SEED})`, () => {
  const r = rng(SEED + 10);
  const extra = ['\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '"', '\\', '\ud83d', '\udc4d'];
  for (let i = 0; i < 2000; i++) {
    let s = randomText(r, 40);
    if (r() < 0.5) s += extra[Math.floor(r() * extra.length)] + randomText(r, 5);
    assert.equal(utf8Length(s), bytes(s), `seed ${SEED} case ${i}: ${JSON.stringify(s)}`);
    const msg = opMessage(s.length ? [Math.floor(r() * 100) + 1, s, { d: 3 }] : []);
    assert.equal(messageBytes(msg), bytes(JSON.stringify(msg)), `seed ${SEED} case ${i}`);
  }
});

test('the margin covers the largest possible envelope of an op message', () => {
  const op: TextOp = ['x'];
  const largest: ClientMessage = {
    type: 'op', doc: 'd'.repeat(128), base: Number.MAX_SAFE_INTEGER, clientId: 'c'.repeat(64), seq: Number.MAX_SAFE_INTEGER, op,
  };
  const envelope = messageBytes(largest) - opBytes(op);
  assert.ok(envelope <= 300, `envelope of ${envelope} bytes`);
  assert.ok(envelope < MESSAGE_MARGIN_BYTES);
  assert.equal(maxOpBytes({ maxMessageBytes: 4 << 20, maxDocLength: 1, opsPerSecond: 1, maxPendingMessages: 1 }), (4 << 20) - MESSAGE_MARGIN_BYTES);
});
