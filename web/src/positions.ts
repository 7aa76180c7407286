// Exact conversion between CodeMirror's UTF-16 offsets and the code point positions of
// ot-text-unicode (docs/protocol.md §3). A surrogate pair is one code point but two UTF-16 units:
// getting this wrong would split an emoji and corrupt the document for everyone.
import { ChangeSet, type ChangeSpec, type Text } from '@codemirror/state';
import { type TextOp, type TextOpComponent, type as textType } from 'ot-text-unicode';

/** Number of code points in s (a lone surrogate counts as one, as in ot-text-unicode). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** UTF-16 length of the first `cps` code points of s starting at UTF-16 offset `from`. */
export function utf16Span(s: string, from: number, cps: number): number {
  let i = from;
  for (let k = 0; k < cps && i < s.length; k++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      i += d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    } else {
      i++;
    }
  }
  return i - from;
}

/** UTF-16 offset of code point position `cp` in s, clamped to the string. */
export function toUtf16(s: string, cp: number): number {
  return utf16Span(s, 0, Math.max(0, cp));
}

/** Code point position of UTF-16 offset `offset` in s. */
export function toCodePoint(s: string, offset: number): number {
  return codePoints(s.slice(0, Math.max(0, Math.min(offset, s.length))));
}

/** The ot-text-unicode op equivalent to a CodeMirror ChangeSet applied to `before`. */
export function changesToOp(changes: ChangeSet, before: Text): TextOp {
  const op: TextOpComponent[] = [];
  let last = 0; // UTF-16 offset in `before` up to which the op is written
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    if (fromA > last) op.push(codePoints(before.sliceString(last, fromA)));
    if (toA > fromA) op.push({ d: codePoints(before.sliceString(fromA, toA)) });
    const text = inserted.toString();
    if (text.length > 0) op.push(text);
    last = toA;
  });
  return textType.normalize(op);
}

/** The CodeMirror changes (in `before`'s UTF-16 offsets) equivalent to op applied to `before`. */
export function opToChanges(op: TextOp, before: string): ChangeSpec[] {
  const specs: ChangeSpec[] = [];
  let pos = 0; // UTF-16 offset in `before`
  for (const c of op) {
    if (typeof c === 'number') {
      pos += utf16Span(before, pos, c);
    } else if (typeof c === 'string') {
      specs.push({ from: pos, insert: c });
    } else {
      const n = typeof c.d === 'number' ? c.d : codePoints(c.d);
      const len = utf16Span(before, pos, n);
      specs.push({ from: pos, to: pos + len });
      pos += len;
    }
  }
  return specs;
}
