// Long polling + POST (docs/protocol.md §13.3), for networks that break streaming. The first answer (a
// `snapshot`, or a `catchup` from the client's version) is the join reply; every later `catchup` becomes one
// `remote` per op, this client's own included (the client takes its own op, by client id and seq, as its ack,
// §6). A later `snapshot` (the client fell behind the replay bound between two polls) ends the transport, and
// the resume that follows gets the resync as a join reply, as on the WebSocket. A long poll is not a presence:
// the people list stays empty.
import { HttpTransport } from './httptransport';

interface Answer {
  type?: string;
  version?: number;
  ops?: { version: number; op: unknown; clientId: string; seq: number; author?: string }[];
}

export class PollTransport extends HttpTransport {
  readonly kind = 'polling';
  private generation = 0;

  protected follow(doc: string, version: number | undefined): void {
    const generation = ++this.generation;
    void this.poll(doc, version, generation, true);
  }

  protected unfollow(): void {
    this.generation++;
  }

  private async poll(doc: string, since: number | undefined, generation: number, first: boolean): Promise<void> {
    while (generation === this.generation && !this.ended) {
      const res = await this.request(`/api/docs/${encodeURIComponent(doc)}/ops${this.query({ since })}`, { headers: this.headers(false) });
      if (!res || generation !== this.generation) return;
      if (!res.ok) return this.refused(res, doc);
      let answer: Answer;
      try { answer = await res.json(); } catch { return this.fail(1006); }
      if (generation !== this.generation) return;
      if (first) {
        this.emit(answer);
        first = false;
      } else if (answer.type === 'catchup' && Array.isArray(answer.ops)) {
        for (const op of answer.ops) this.emit({ type: 'remote', doc, ...op });
      } else {
        return this.fail(1006);
      }
      if (typeof answer.version !== 'number') return this.fail(1006);
      since = answer.version;
    }
  }
}
