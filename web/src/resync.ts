// §11: between a resync snapshot and the answer to the inflight op's resend. The server's text follows the
// snapshot and every op committed after it; the inflight op's fate is known once it is acked (or arrives
// among those ops) and the text here contains it. Then the pending edits are moved onto this text.
import { type TextOp, type as textType } from 'ot-text-unicode';
import { diffOp } from './textdiff';

export class Resync {
  private committedAt: number | null = null;

  constructor(public version: number, public text: string) {}

  /**
   * An op committed at `version` after the snapshot (`inflight`: it is the inflight op committing late).
   * 'gap' when it is not the next one; true once the inflight op is committed and in the text here.
   */
  remote(version: number, op: TextOp, inflight: boolean): 'gap' | boolean {
    if (version < this.version) return false;
    if (version > this.version) return 'gap';
    this.text = textType.apply(this.text, op);
    this.version++;
    if (inflight) this.committedAt = version;
    return this.committedAt !== null && this.committedAt < this.version;
  }

  /** The resend was acked (its original version if it had been committed): true when the text here has it. */
  acked(version: number): boolean {
    this.committedAt = version;
    return version < this.version;
  }

  /** The op turning `base` (what the pending edits apply to) into the server's text here. */
  diffFrom(base: string): TextOp {
    return diffOp(base, this.text);
  }
}
