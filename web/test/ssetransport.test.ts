import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents } from '../src/ssetransport';

test('an event stream is cut into events; comments are keep-alives; an incomplete event waits for the rest', () => {
  const stream = ': keep-alive\n\nevent: welcome\ndata: {"type":"welcome"}\n\nid: 43\r\nevent: remote\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: ack\ndata: {"ty';
  const { events, rest } = parseEvents(stream);
  assert.deepEqual(events, [
    { event: 'welcome', data: '{"type":"welcome"}' },
    { event: 'remote', data: '{"a":\n1}' },
  ]);
  assert.equal(rest, 'event: ack\ndata: {"ty');
  assert.deepEqual(parseEvents(rest + 'pe":"ack"}\n\n').events, [{ event: 'ack', data: '{"type":"ack"}' }]);
  assert.deepEqual(parseEvents('data:x\n\n').events, [{ event: 'message', data: 'x' }], 'no space after the colon');
});
