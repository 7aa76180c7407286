// The history slider of the admin document page, as a pure model: the slider stands on a version
// (0 = the empty text, head = the text now); revisions from GET timeline (newest first, paged with `next`)
// say who made the text at that version and when. Stepping and playback go from one revision boundary to
// the next. `Latest` fetches the text for the slider's position, debounced, and shows only the answer for
// the position asked last (answers may come back in any order).
import type { Revision, TimelinePage } from './historyapi';

export interface Slider {
  readonly head: number;
  readonly version: number;
  /** The revisions loaded so far, newest first. */
  readonly revisions: readonly Revision[];
  /** `before` for the next older timeline page, or null when every revision is loaded. */
  readonly older: number | null;
}

/** A slider on the text now, with no revision loaded yet. */
export function slider(head: number): Slider {
  return { head, version: head, revisions: [], older: head > 0 ? head : null };
}

/** One more (older) page of the timeline. Revisions already known are not added twice. */
export function withPage(s: Slider, page: TimelinePage): Slider {
  const known = new Set(s.revisions.map((r) => r.from));
  const added = page.revisions.filter((r) => !known.has(r.from));
  const revisions = [...s.revisions, ...added].sort((a, b) => b.from - a.from);
  return { ...s, revisions, older: page.next };
}

/** The slider at `v`, kept within 0..head and rounded to a whole version. */
export function moveTo(s: Slider, v: number): Slider {
  const version = Math.min(s.head, Math.max(0, Math.round(Number.isFinite(v) ? v : s.head)));
  return version === s.version ? s : { ...s, version };
}

/**
 * The head moved on (someone edited, or a restore committed): a slider at the old head follows it, and
 * the revisions are loaded again from the newest (the newest one may have grown).
 */
export function withHead(s: Slider, head: number): Slider {
  if (head === s.head) return s;
  const version = s.version === s.head ? head : Math.min(s.version, head);
  return { ...slider(head), version };
}

/** The revision whose ops made the text at version `v` (from < v ≤ to); null at 0 or when not loaded yet. */
export function revisionAt(revisions: readonly Revision[], v: number): Revision | null {
  return revisions.find((r) => r.from < v && v <= r.to) ?? null;
}

/** Whether the revision of the slider's version is in an older page not loaded yet. */
export function needsOlder(s: Slider): boolean {
  return s.older !== null && s.version > 0 && revisionAt(s.revisions, s.version) === null;
}

/** The versions between revisions, ascending: 0, the head, and every loaded revision's ends. */
export function boundaries(s: Slider): number[] {
  const all = new Set<number>([0, s.head]);
  for (const r of s.revisions) {
    if (r.from <= s.head) all.add(r.from);
    if (r.to <= s.head) all.add(r.to);
  }
  return [...all].sort((a, b) => a - b);
}

/** The next revision boundary after (dir 1) or before (dir -1) the slider; the slider itself at either end. */
export function step(s: Slider, dir: 1 | -1): Slider {
  const b = boundaries(s);
  const target = dir > 0 ? b.find((v) => v > s.version) : [...b].reverse().find((v) => v < s.version);
  return target === undefined ? s : moveTo(s, target);
}

/** What the slider stands on, in words. */
export function describe(s: Slider, formatTime: (iso: string) => string = (t) => t): string {
  if (s.version === 0) return `Version 0 of ${s.head}: the empty document, before the first edit.`;
  const at = `Version ${s.version} of ${s.head}${s.version === s.head ? ' (now)' : ''}`;
  const r = revisionAt(s.revisions, s.version);
  if (r === null) return `${at}.`;
  return `${at}: ${r.author || 'someone'} edited ${formatTime(r.end)} (+${r.added} −${r.removed} characters, versions ${r.from}–${r.to}).`;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Loads a value for the key asked last: `request` waits `delayMs` for the next request (a slider being
 * dragged asks once when it rests), and an answer arriving after a newer request is dropped.
 */
export class Latest<K, V> {
  #asked = 0;
  #timer: unknown = null;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly show: (key: K, value: V) => void,
    private readonly fail: (key: K, error: unknown) => void,
    private readonly delayMs = 150,
    private readonly timers: Timers = realTimers,
  ) {}

  request(key: K): void {
    const ask = ++this.#asked;
    if (this.#timer !== null) this.timers.clear(this.#timer);
    this.#timer = this.timers.set(() => {
      this.#timer = null;
      void this.run(key, ask);
    }, this.delayMs);
  }

  /** Whether a request is waiting for its delay or its answer. */
  get busy(): boolean {
    return this.#timer !== null || this.#running > 0;
  }

  #running = 0;

  private async run(key: K, ask: number): Promise<void> {
    this.#running++;
    try {
      const value = await this.load(key);
      if (ask === this.#asked) this.show(key, value);
    } catch (e) {
      if (ask === this.#asked) this.fail(key, e);
    } finally {
      this.#running--;
    }
  }
}
