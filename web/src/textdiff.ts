// An ot-text-unicode op turning one text into another, as collab-core's TextDiff does on the server and in
// the Java client: the common prefix and suffix are kept, and the middle is diffed character by character
// (Myers' O(ND) algorithm over code points) up to MAX_EDITS inserted plus deleted code points; beyond that
// the whole middle is replaced (one delete, one insert), so time and memory stay bounded whatever the texts.
// Used when a resync snapshot replaces the server text under pending edits (docs/protocol.md §11): the finer
// the diff, the closer those edits stay to the text they were typed next to.
import { type TextOp, type as textType } from 'ot-text-unicode';

export const MAX_EDITS = 1000;

type Step = { kind: 'equal' | 'delete' | 'insert'; from: number; length: number };

/** A normalized op turning `from` into `to` (`[]` when they are equal). Deletes carry their text. */
export function diffOp(from: string, to: string): TextOp {
  const a = Array.from(from);
  const b = Array.from(to);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const am = a.slice(prefix, a.length - suffix);
  const bm = b.slice(prefix, b.length - suffix);
  const op: TextOp = prefix > 0 ? [prefix] : [];
  const steps = myers(am, bm);
  if (steps === null) {
    if (am.length) op.push({ d: am.join('') });
    if (bm.length) op.push(bm.join(''));
  } else {
    for (const s of steps) {
      if (s.kind === 'equal') op.push(s.length);
      else if (s.kind === 'delete') op.push({ d: am.slice(s.from, s.from + s.length).join('') });
      else op.push(bm.slice(s.from, s.from + s.length).join(''));
    }
  }
  return textType.normalize(op);
}

/** The edit script of `a` into `b`, or null beyond MAX_EDITS. */
function myers(a: string[], b: string[]): Step[] | null {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > MAX_EDITS) return null;
  const max = Math.min(n + m, MAX_EDITS);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = (k === -d || (k !== d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice());
        return backtrack(trace, n, m, off);
      }
    }
    trace.push(v.slice());
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number, off: number): Step[] {
  const reversed: Step[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const k = x - y;
    let prevK = 0;
    if (d > 0) {
      const prev = trace[d - 1];
      prevK = (k === -d || (k !== d && prev[off + k - 1] < prev[off + k + 1])) ? k + 1 : k - 1;
    }
    const prevX = d === 0 ? 0 : trace[d - 1][off + prevK];
    const prevY = prevX - prevK;
    const snakeStart = d === 0 ? 0 : (prevK === k + 1 ? prevX : prevX + 1);
    if (x > snakeStart) reversed.push({ kind: 'equal', from: snakeStart, length: x - snakeStart });
    if (d > 0) reversed.push(prevK === k + 1 ? { kind: 'insert', from: prevY, length: 1 } : { kind: 'delete', from: prevX, length: 1 });
    x = prevX;
    y = prevY;
  }
  return reversed.reverse();
}
