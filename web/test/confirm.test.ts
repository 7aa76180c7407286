import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change } from '../src/historyapi';
import { ApiError } from '../src/historyapi';
import { type Action, canConfirm, ConfirmFlow, describeAction, type Flow, invalidReason } from '../src/confirm';

const restore: Action = { kind: 'restore', version: 3 };
const change: Change = { base: 9, spans: [{ kind: 'equal', text: 'a' }, { kind: 'insert', text: 'b', author: 'admin' }] };
const noChange: Change = { base: 9, spans: [{ kind: 'equal', text: 'same' }] };

/** A runner whose answers the test gives, one call at a time. */
function controlled() {
  const calls: { action: Action; preview: boolean; answer: (c: Change) => void; fail: (e: unknown) => void }[] = [];
  const run = (action: Action, preview: boolean) =>
    new Promise<Change>((answer, fail) => calls.push({ action, preview, answer, fail }));
  return { calls, run };
}

const steps = (flows: Flow[]) => flows.map((f) => f.step);
const tick = () => new Promise((r) => setImmediate(r));

test('nothing is committed before the preview was shown and confirmed', async () => {
  const { calls, run } = controlled();
  const seen: Flow[] = [];
  const flow = new ConfirmFlow(run, (f) => seen.push(f));
  void flow.confirm(); // nothing on show: no request
  assert.equal(calls.length, 0);
  const started = flow.start(restore);
  assert.deepEqual(calls.map((c) => c.preview), [true]);
  assert.ok(!canConfirm(flow.flow), 'no commit while the preview is being computed');
  calls[0].answer(change);
  await started;
  assert.equal(flow.flow.step, 'confirming');
  assert.ok(canConfirm(flow.flow));
  const committed = flow.confirm();
  assert.deepEqual(calls.map((c) => [c.action, c.preview]), [[restore, true], [restore, false]]);
  void flow.confirm(); // a double click commits once
  assert.equal(calls.length, 2);
  calls[1].answer({ ...change, version: 10 });
  await committed;
  assert.deepEqual(steps(seen), ['previewing', 'confirming', 'committing', 'done']);
  assert.equal(flow.flow.step === 'done' && flow.flow.result.version, 10);
});

test('a preview that changes nothing cannot be committed', async () => {
  const { calls, run } = controlled();
  const flow = new ConfirmFlow(run, () => {});
  const started = flow.start(restore);
  calls[0].answer(noChange);
  await started;
  assert.equal(flow.flow.step, 'confirming');
  assert.ok(!canConfirm(flow.flow));
  await flow.confirm();
  assert.equal(calls.length, 1);
});

test('cancel closes at once, and a late preview is dropped', async () => {
  const { calls, run } = controlled();
  const seen: Flow[] = [];
  const flow = new ConfirmFlow(run, (f) => seen.push(f));
  const started = flow.start(restore);
  flow.cancel();
  calls[0].answer(change);
  await started;
  assert.deepEqual(steps(seen), ['previewing', 'idle']);
  flow.cancel(); // already closed: no change
  assert.equal(seen.length, 2);
});

test('a second start drops the first one\'s answer', async () => {
  const { calls, run } = controlled();
  const flow = new ConfirmFlow(run, () => {});
  const undo: Action = { kind: 'undo', author: 'Bob', from: 2, to: 6 };
  const first = flow.start(restore);
  const second = flow.start(undo);
  calls[1].answer(change);
  calls[0].answer(noChange);
  await Promise.all([first, second]);
  assert.equal(flow.flow.step === 'confirming' && flow.flow.action, undo);
});

test('a failed commit keeps the preview with the error and can be retried', async () => {
  const { calls, run } = controlled();
  const flow = new ConfirmFlow(run, () => {});
  const started = flow.start(restore);
  calls[0].answer(change);
  await started;
  const c1 = flow.confirm();
  calls[1].fail(new ApiError(409, 'conflict', 'retries exhausted'));
  await c1;
  assert.equal(flow.flow.step, 'failed');
  assert.equal(flow.flow.step === 'failed' && flow.flow.preview, change);
  assert.ok(canConfirm(flow.flow));
  const c2 = flow.confirm();
  calls[2].answer({ ...change, version: 11 });
  await c2;
  assert.equal(flow.flow.step, 'done');
});

test('a failed preview shows the error and offers no commit', async () => {
  const { calls, run } = controlled();
  const flow = new ConfirmFlow(run, () => {});
  const started = flow.start(restore);
  calls[0].fail(new ApiError(503, 'unavailable', 'owner'));
  await started;
  await tick();
  assert.equal(flow.flow.step, 'failed');
  assert.ok(!canConfirm(flow.flow));
});

test('what the dialog says, and which actions cannot be asked for', () => {
  assert.equal(describeAction(restore), 'Restore the document to version 3');
  assert.equal(describeAction({ kind: 'undo', author: 'Bob', from: 2, to: 6 }), "Undo Bob's edits in versions 2–6");
  assert.equal(invalidReason(restore, 10), null);
  assert.match(invalidReason({ kind: 'restore', version: 11 }, 10)!, /between 0 and 10/);
  assert.match(invalidReason({ kind: 'restore', version: 1.5 }, 10)!, /between 0 and 10/);
  assert.match(invalidReason({ kind: 'undo', author: '', from: 0, to: 4 }, 10)!, /author/);
  assert.match(invalidReason({ kind: 'undo', author: 'Bob', from: 4, to: 4 }, 10)!, /from < to/);
  assert.equal(invalidReason({ kind: 'undo', author: 'Bob', from: 0, to: 10 }, 10), null);
});
