// Server-Sent Events + POST (docs/protocol.md §13.2). The event stream is read with fetch rather than
// EventSource, because the token and the identity go in headers, never in a URL, and because the connection
// (not EventSource) decides when and from which version to reconnect: exactly as after a WebSocket closes.
// The stream's own `welcome` names this stream's session (how the others see this page); it is passed on, and
// the connection takes it as a new session id, not a new handshake.
import { HttpTransport } from './httptransport';

/** Keep-alive comments come every 15 s: silence for this long is a dead stream. */
export const SSE_SILENCE_MS = 45_000;

export interface SseEvent {
  event: string;
  data: string;
}

/** The complete events in `buffer` (text/event-stream), and what is left of an incomplete one. */
export function parseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

export class SseTransport extends HttpTransport {
  readonly kind = 'sse';
  private stream: AbortController | null = null;
  private silence: ReturnType<typeof setTimeout> | null = null;

  protected follow(doc: string, version: number | undefined): void {
    this.unfollow();
    const stream = new AbortController();
    this.stream = stream;
    this.abort.signal.addEventListener('abort', () => stream.abort());
    void this.read(doc, version, stream);
  }

  protected unfollow(): void {
    this.stream?.abort();
    this.stream = null;
    this.quiet();
  }

  override close(): void {
    this.unfollow();
    super.close();
  }

  private async read(doc: string, version: number | undefined, stream: AbortController): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.origin}/api/docs/${encodeURIComponent(doc)}/events${this.query({ version })}`, {
        headers: { ...this.headers(true), Accept: 'text/event-stream' }, signal: stream.signal, cache: 'no-store',
      });
    } catch {
      if (stream === this.stream) this.fail(1006);
      return;
    }
    if (stream !== this.stream) return;
    if (!res.ok || !res.body) return this.refused(res, doc);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        this.watch();
        const { done, value } = await reader.read();
        if (stream !== this.stream) return;
        if (done) break;
        const parsed = parseEvents(buffer + value);
        buffer = parsed.rest;
        for (const e of parsed.events) {
          if (stream !== this.stream) return;
          this.event(e);
        }
      }
    } catch { /* aborted or broken: the same as an end */ }
    if (stream === this.stream) this.fail(1006); // ended without a close event
  }

  private event(e: SseEvent): void {
    let value: { type?: unknown; code?: unknown };
    try { value = JSON.parse(e.data); } catch { return; }
    if (e.event === 'close' || value.type === 'close') return this.fail(typeof value.code === 'number' ? value.code : 1006);
    this.emit(value);
  }

  /** Every chunk (a keep-alive comment included) proves the stream alive; silence past the bound ends it. */
  private watch(): void {
    this.quiet();
    this.silence = setTimeout(() => this.fail(1006), SSE_SILENCE_MS);
  }

  private quiet(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
  }
}
