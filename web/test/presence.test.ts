import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorState } from '@codemirror/state';
import { chips, NOBODY, nextPeople, type People, presenceNote, sessions } from '../src/presence';
import { dropCursor, keepCursors, remoteCursor, remoteCursors, setCursor } from '../src/cursors';
import type { Peer, PresenceMessage, ServerMessageOf } from '../src/protocol';

// Ada has the document open in two tabs: two sessions, the same name and (per client) maybe the same color.
const peers: Peer[] = [
  { session: 's-ada-1', name: 'Ada', color: '#aa0000' },
  { session: 's-ada-2', name: 'Ada', color: '#aa0000' },
  { session: 's-bob', name: '', color: '#00bb00' },
];
const cy: Peer = { session: 's-cy', name: 'Cy', color: '#0000f5' };

function cursorMessage(session: string, anchor: number, head = anchor): ServerMessageOf<'cursor'> {
  return { type: 'cursor', doc: 'd', session, name: 'Ada', color: '#aa0000', version: 3, anchor, head };
}

function applyAll(people: People, ...msgs: PresenceMessage[]): People {
  return msgs.reduce(nextPeople, people);
}

const presence = (list: Peer[], available?: boolean): PresenceMessage =>
  (available === undefined ? { type: 'presence', doc: 'd', peers: list } : { type: 'presence', doc: 'd', peers: list, available });
const joined = (peer: Peer): PresenceMessage => ({ type: 'peer_joined', doc: 'd', peer });
const left = (session: string): PresenceMessage => ({ type: 'peer_left', doc: 'd', session });

test('people are listed by session; this page is the session its welcome named', () => {
  assert.deepEqual(chips(peers, 's-ada-2'), [
    { session: 's-ada-1', label: 'Ada', color: '#aa0000' },
    { session: 's-ada-2', label: 'Ada (you)', color: '#aa0000' },
    { session: 's-bob', label: 'anonymous', color: '#00bb00' },
  ]);
  assert.deepEqual(chips(peers, null).map((c) => c.label), ['Ada', 'Ada', 'anonymous'], 'before a welcome, nobody is "you"');
  assert.deepEqual(sessions(peers), new Set(['s-ada-1', 's-ada-2', 's-bob']));
});

test('presence replaces the list; peer_joined adds or replaces by session; peer_left removes', () => {
  let people = applyAll(NOBODY, presence(peers, true));
  assert.deepEqual(people, { peers, available: true });

  people = applyAll(people, joined(cy));
  assert.deepEqual(people.peers.map((p) => p.session), ['s-ada-1', 's-ada-2', 's-bob', 's-cy'], 'a newcomer is added at the end');

  // Bob's session joins again (its node announced it again after an expiry) under another color: replaced in place.
  const bobAgain: Peer = { session: 's-bob', name: 'Bob', color: '#123456' };
  people = applyAll(people, joined(bobAgain));
  assert.deepEqual(people.peers, [peers[0], peers[1], bobAgain, cy], 'one chip per session, in place');

  people = applyAll(people, left('s-ada-1'), left('s-cy'));
  assert.deepEqual(people.peers, [peers[1], bobAgain]);
  assert.equal(applyAll(people, left('s-nobody')), people, 'a session not listed leaving is no change');

  // A later full list wins over everything before it.
  assert.deepEqual(applyAll(people, presence([cy])).peers, [cy]);
});

test('available: false shows the note until a presence says available again; peer changes keep the availability', () => {
  let people = applyAll(NOBODY, presence(peers));
  assert.equal(people.available, true, 'a presence without "available" (an older server): available');
  assert.equal(presenceNote(people), '');

  people = applyAll(people, presence(peers.slice(0, 1), false));
  assert.deepEqual(people, { peers: peers.slice(0, 1), available: false });
  assert.equal(presenceNote(people), 'presence unavailable — editing continues');

  // Joins and leaves still come (nodes relay them without presence-service): the list changes, the note stays.
  people = applyAll(people, joined(cy), left('s-ada-1'));
  assert.deepEqual(people, { peers: [cy], available: false });

  people = applyAll(people, presence(peers, true));
  assert.deepEqual(people, { peers, available: true });
  assert.equal(presenceNote(people), '');
});

test('a malformed presence message changes nothing', () => {
  const people = applyAll(NOBODY, presence(peers));
  const broken = [
    { type: 'presence', doc: 'd' },
    { type: 'presence', doc: 'd', peers: [{ name: 'no session', color: '#000000' }] },
    { type: 'presence', doc: 'd', peers, available: 'no' },
    { type: 'peer_joined', doc: 'd' },
    { type: 'peer_joined', doc: 'd', peer: { session: 'a b', color: '#000000' } },
    { type: 'peer_joined', doc: 'd', peer: { session: 's-x' } },
    { type: 'peer_left', doc: 'd' },
    { type: 'peer_left', doc: 'd', session: 7 },
  ] as unknown as PresenceMessage[];
  for (const msg of broken) assert.equal(nextPeople(people, msg), people, JSON.stringify(msg));
  // null means absent on the wire (docs/protocol.md §1).
  assert.deepEqual(nextPeople(people, { ...presence([cy]), available: null } as unknown as PresenceMessage), { peers: [cy], available: true });
  assert.deepEqual(nextPeople(people, joined({ session: 's-n', name: null, color: '#000000' } as unknown as Peer)).peers.length, 4);
});

test('remote cursors are kept per session and dropped when their session leaves', () => {
  let state = EditorState.create({ doc: 'hello world', extensions: [remoteCursors] });
  const show = (msg: ServerMessageOf<'cursor'>) => {
    state = state.update({ effects: setCursor.of(remoteCursor(msg, (p) => p, 0)) }).state;
  };
  show(cursorMessage('s-ada-1', 1));
  show(cursorMessage('s-ada-2', 2, 5));
  show(cursorMessage('s-bob', 7));
  show(cursorMessage('s-ada-1', 3)); // moves the first tab's cursor, not the second's
  const cursors = () => [...state.field(remoteCursors).values()].map((c) => [c.session, c.anchor, c.head]);
  assert.deepEqual(cursors(), [['s-ada-1', 3, 3], ['s-ada-2', 2, 5], ['s-bob', 7, 7]]);

  // Bob left (peer_left): his cursor goes with him.
  state = state.update({ effects: dropCursor.of('s-bob') }).state;
  assert.deepEqual(cursors(), [['s-ada-1', 3, 3], ['s-ada-2', 2, 5]]);
  assert.equal(state.update({ effects: dropCursor.of('s-nobody') }).state.field(remoteCursors), state.field(remoteCursors));

  // The second tab closed: a whole presence lists the others only.
  state = state.update({ effects: keepCursors.of(sessions(peers.filter((p) => p.session !== 's-ada-2'))) }).state;
  assert.deepEqual(cursors(), [['s-ada-1', 3, 3]]);
});

test('a cursor message is mapped to local positions by the given function', () => {
  const c = remoteCursor(cursorMessage('s-bob', 2, 4), (p) => p * 2, 1234);
  assert.deepEqual(c, { session: 's-bob', name: 'Ada', color: '#aa0000', anchor: 4, head: 8, at: 1234 });
  assert.equal(remoteCursor({ ...cursorMessage('s-bob', 0), name: undefined }, (p) => p).name, '');
});
