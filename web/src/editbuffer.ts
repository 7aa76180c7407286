// The local edits not yet sent (docs/protocol.md §10 "buffer"). They are composed into as few ops as
// fit in one message each: an edit is composed into the last op while the result fits, else it starts a
// new op. Ops are cut only between edits, so one edit (a paste) always travels whole, as one op.
import { type TextOp, type as textType } from 'ot-text-unicode';
import { opBytes } from './opsize';

/** One op of the buffer and the number of local edits composed into it. */
export interface BufferedOp {
  op: TextOp;
  edits: number;
}

export class EditBuffer {
  private readonly ops: BufferedOp[];

  constructor(ops: readonly BufferedOp[] = []) {
    this.ops = ops.map((b) => ({ ...b }));
  }

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  /** Number of local edits in the buffer. */
  get edits(): number {
    return this.ops.reduce((n, b) => n + b.edits, 0);
  }

  /** The buffered ops, oldest first (copies: for persistence and tests). */
  snapshot(): BufferedOp[] {
    return this.ops.map((b) => ({ ...b }));
  }

  /**
   * Adds a local edit made after everything buffered. It is composed into the last op when the result's
   * JSON takes at most `maxBytes` UTF-8 bytes; otherwise it starts a new op, whatever its own size.
   */
  add(op: TextOp, maxBytes: number): void {
    const last = this.ops.at(-1);
    if (last) {
      const composed = textType.compose(last.op, op);
      if (opBytes(composed) <= maxBytes) {
        last.op = composed;
        last.edits++;
        return;
      }
    }
    this.ops.push({ op, edits: 1 });
  }

  /** Puts an op back before everything buffered (an op that was sent but will never commit, §11 resync). */
  prepend(op: TextOp, edits: number): void {
    this.ops.unshift({ op, edits });
  }

  /** The oldest op, the next to send (still buffered). */
  peek(): BufferedOp | undefined {
    return this.ops[0];
  }

  /** Removes the oldest op. */
  shift(): void {
    this.ops.shift();
  }

  clear(): void {
    this.ops.length = 0;
  }

  /**
   * §10 for a list: a committed op `r` that applies before the buffer is transformed over each buffered
   * op in turn (side right) while each buffered op is transformed over it (side left). Returns `r` as it
   * applies after the whole buffer.
   */
  transformRemote(r: TextOp): TextOp {
    for (const b of this.ops) {
      const past = textType.transform(r, b.op, 'right');
      b.op = textType.transform(b.op, r, 'left');
      r = past;
    }
    return r;
  }

  /** Moves a position before the buffer to the same place after it. */
  transformPosition(pos: number): number {
    for (const b of this.ops) pos = textType.transformPosition(pos, b.op);
    return pos;
  }
}
