import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Revision } from '../src/historyapi';
import { boundaries, describe, Latest, moveTo, needsOlder, revisionAt, slider, step, type Timers, withHead, withPage } from '../src/timeline';

const rev = (from: number, to: number, author: string): Revision =>
  ({ from, to, author, start: '2026-11-30T10:00:00Z', end: '2026-11-30T10:01:00Z', added: to - from, removed: 0, ops: to - from });

// Ada wrote versions 0–4, Bob 4–7, Ada again 7–10 (newest first, as GET timeline answers).
const page1 = { revisions: [rev(7, 10, 'Ada'), rev(4, 7, 'Bob')], next: 4 };
const page2 = { revisions: [rev(0, 4, 'Ada')], next: null };

test('a new slider stands on the head with nothing loaded; pages add older revisions once', () => {
  let s = slider(10);
  assert.equal(s.version, 10);
  assert.equal(s.older, 10);
  s = withPage(s, page1);
  s = withPage(s, page1); // the same page again: no duplicates
  assert.deepEqual(s.revisions.map((r) => r.from), [7, 4]);
  assert.equal(s.older, 4);
  s = withPage(s, page2);
  assert.deepEqual(s.revisions.map((r) => r.from), [7, 4, 0]);
  assert.equal(s.older, null);
  assert.equal(slider(0).older, null, 'an empty document has no timeline to load');
});

test('the revision at a version: from < v ≤ to; none at version 0', () => {
  const revs = withPage(withPage(slider(10), page1), page2).revisions;
  assert.equal(revisionAt(revs, 0), null);
  assert.equal(revisionAt(revs, 1)?.author, 'Ada');
  assert.equal(revisionAt(revs, 4)?.author, 'Ada');
  assert.equal(revisionAt(revs, 5)?.author, 'Bob');
  assert.equal(revisionAt(revs, 7)?.author, 'Bob');
  assert.equal(revisionAt(revs, 10)?.from, 7);
});

test('moving stays within 0..head on whole versions; the same place is the same state', () => {
  const s = slider(10);
  assert.equal(moveTo(s, -3).version, 0);
  assert.equal(moveTo(s, 99).version, 10);
  assert.equal(moveTo(s, 4.6).version, 5);
  assert.equal(moveTo(s, Number.NaN).version, 10);
  assert.equal(moveTo(s, 10), s);
});

test('stepping goes from one revision boundary to the next, and stops at the ends', () => {
  let s = withPage(withPage(slider(10), page1), page2);
  assert.deepEqual(boundaries(s), [0, 4, 7, 10]);
  s = step(s, -1);
  assert.equal(s.version, 7);
  s = step(moveTo(s, 5), -1);
  assert.equal(s.version, 4);
  s = step(s, 1);
  assert.equal(s.version, 7);
  assert.equal(step(moveTo(s, 0), -1).version, 0);
  assert.equal(step(moveTo(s, 10), 1).version, 10);
});

test('an older page is needed when the slider stands before the loaded revisions', () => {
  const s = withPage(slider(10), page1);
  assert.ok(!needsOlder(s));
  assert.ok(needsOlder(moveTo(s, 3)));
  assert.ok(!needsOlder(moveTo(s, 0)), 'version 0 is the empty text: no revision to show');
  assert.ok(!needsOlder(moveTo(withPage(s, page2), 3)));
});

test('the caption names the version, the author and the time', () => {
  const s = withPage(withPage(slider(10), page1), page2);
  assert.equal(describe(moveTo(s, 0)), 'Version 0 of 10: the empty document, before the first edit.');
  assert.equal(describe(moveTo(s, 6), () => '10:01'), 'Version 6 of 10: Bob edited 10:01 (+3 −0 characters, versions 4–7).');
  assert.match(describe(s), /^Version 10 of 10 \(now\): Ada edited/);
  assert.equal(describe(moveTo(slider(10), 3)), 'Version 3 of 10.');
});

test('a new head: a slider at the head follows it, one further back stays; revisions load again', () => {
  const s = withPage(slider(10), page1);
  const followed = withHead(s, 12);
  assert.equal(followed.version, 12);
  assert.equal(followed.revisions.length, 0);
  assert.equal(followed.older, 12);
  assert.equal(withHead(moveTo(s, 5), 12).version, 5);
  assert.equal(withHead(s, 10), s);
});

/** Timers run by hand. */
function manualTimers() {
  let due: { fn: () => void; handle: number }[] = [];
  let n = 0;
  const timers: Timers = {
    set: (fn) => { due.push({ fn, handle: ++n }); return n; },
    clear: (h) => { due = due.filter((d) => d.handle !== h); },
  };
  return { timers, fire: () => { const now = due; due = []; now.forEach((d) => d.fn()); }, pending: () => due.length };
}

const tick = () => new Promise((r) => setImmediate(r));

test('Latest: a dragged slider asks once, when it rests', async () => {
  const { timers, fire, pending } = manualTimers();
  const asked: number[] = [];
  const shown: [number, string][] = [];
  const latest = new Latest((v: number) => { asked.push(v); return Promise.resolve(`text ${v}`); },
    (v, t) => shown.push([v, t]), () => assert.fail('no failure'), 150, timers);
  latest.request(3);
  latest.request(4);
  latest.request(5);
  assert.equal(pending(), 1);
  assert.ok(latest.busy);
  fire();
  await tick();
  assert.deepEqual(asked, [5]);
  assert.deepEqual(shown, [[5, 'text 5']]);
  assert.ok(!latest.busy);
});

test('Latest: an answer that comes after a newer request is dropped, whatever the order of answers', async () => {
  const { timers, fire } = manualTimers();
  const answers = new Map<number, (t: string) => void>();
  const shown: number[] = [];
  const latest = new Latest((v: number) => new Promise<string>((r) => answers.set(v, r)), (v) => shown.push(v), () => {}, 150, timers);
  latest.request(2);
  fire();
  latest.request(8);
  fire();
  answers.get(8)!('eight');
  await tick();
  answers.get(2)!('two'); // late
  await tick();
  assert.deepEqual(shown, [8]);
});

test('Latest: a failure is reported for the latest request only', async () => {
  const { timers, fire } = manualTimers();
  const failed: number[] = [];
  const latest = new Latest((v: number) => Promise.reject(new Error(`no ${v}`)), () => {}, (v) => failed.push(v), 150, timers);
  latest.request(1);
  fire();
  await tick();
  latest.request(2);
  latest.request(3);
  fire();
  await tick();
  assert.deepEqual(failed, [1, 3]);
});
