// How big an op is on the wire. The server bounds every message to `limits.maxMessageBytes` UTF-8 bytes
// of its JSON and closes the connection (4503) beyond (docs/protocol.md §1, §9). An edit is never cut in
// pieces, so an edit whose op does not fit can never be sent: the editor refuses it (editguard.ts).
import type { TextOp } from 'ot-text-unicode';
import type { ClientMessage, Limits } from './protocol';

/**
 * Bytes kept free in every op message besides the op. The envelope takes at most 300 bytes
 * (`{"type":"op","doc":…,"base":…,"clientId":…,"seq":…,"op":…}` with a 128-character document id, a
 * 64-character client id and 16-digit numbers); the rest is slack for a buffered op that grows a little
 * when it is transformed over other people's edits (a delete cut in two around their insert).
 */
export const MESSAGE_MARGIN_BYTES = 1024;

/** UTF-8 length of s. A lone surrogate counts 3 bytes (TextEncoder writes U+FFFD for it). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      n += 1;
    } else if (c < 0x800) {
      n += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair: one code point above U+FFFF
      i++;
    } else {
      n += 3;
    }
  }
  return n;
}

/** UTF-8 bytes of a message as the connection sends it (its JSON). */
export function messageBytes(msg: ClientMessage): number {
  return utf8Length(JSON.stringify(msg));
}

/** UTF-8 bytes of the op's JSON, as it travels inside an `op` message. */
export function opBytes(op: TextOp): number {
  return utf8Length(JSON.stringify(op));
}

/** The largest op (UTF-8 bytes of its JSON) one edit, or one composition of buffered edits, may take. */
export function maxOpBytes(limits: Limits): number {
  return limits.maxMessageBytes - MESSAGE_MARGIN_BYTES;
}
