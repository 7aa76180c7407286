// What a diff looks like on the admin pages, as a pure model: the API's spans (GET diff, and the previews
// of restore and undo) become segments to draw, inserted text in its author's color, deleted text struck
// through in its author's color, long unchanged stretches folded to a few lines of context around each
// change; plus a legend of who added and removed how much. Colors are given to authors in the order a page
// meets them, so one author keeps one color on the whole page.
import type { Span } from './historyapi';

export type Segment =
  | { kind: 'equal'; text: string }
  | { kind: 'insert' | 'delete'; text: string; author: string; color: string }
  /** `lines` unchanged lines left out. */
  | { kind: 'fold'; lines: number };

export interface AuthorChanges {
  author: string;
  color: string;
  /** Code points inserted and deleted. */
  added: number;
  removed: number;
}

/** Distinct on light and dark backgrounds, in the order they are handed out. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#e377c2', '#8c564b', '#7f7f7f', '#bcbd22'];

/** Author → color, first come first served; the palette wraps around past its size. */
export class ColorBook {
  readonly #colors = new Map<string, string>();

  constructor(private readonly palette: readonly string[] = PALETTE) {}

  color(author: string): string {
    let c = this.#colors.get(author);
    if (c === undefined) {
      c = this.palette[this.#colors.size % this.palette.length];
      this.#colors.set(author, c);
    }
    return c;
  }
}

const who = (s: Span) => (typeof s.author === 'string' && s.author !== '' ? s.author : 'unknown');

/** Unchanged lines kept before and after each change; a fold replaces the rest when it saves lines. */
export const CONTEXT_LINES = 2;

/** The spans as segments: empty spans dropped, neighbours of one kind and author merged, long equal runs folded. */
export function segments(spans: readonly Span[], colors: ColorBook, context = CONTEXT_LINES): Segment[] {
  const merged: Segment[] = [];
  for (const s of spans) {
    if (s.text === '') continue;
    const last = merged[merged.length - 1];
    if (s.kind === 'equal') {
      if (last?.kind === 'equal') last.text += s.text;
      else merged.push({ kind: 'equal', text: s.text });
    } else {
      const author = who(s);
      if (last !== undefined && last.kind === s.kind && last.author === author) last.text += s.text;
      else merged.push({ kind: s.kind, text: s.text, author, color: colors.color(author) });
    }
  }
  return merged.flatMap((seg, i) =>
    seg.kind === 'equal' ? fold(seg.text, i > 0, i < merged.length - 1, context) : [seg]);
}

/** An unchanged run, keeping `context` lines next to a change before (`before`) and after (`after`) it. */
export function fold(text: string, before: boolean, after: boolean, context = CONTEXT_LINES): Segment[] {
  const lines = text.split('\n'); // n lines: n-1 line breaks; the first and last are partial lines
  const keepHead = before ? context + 1 : 0; // the partial line that touches the change, plus context
  const keepTail = after ? context + 1 : 0;
  const hidden = lines.length - keepHead - keepTail;
  if (hidden <= 1) return [{ kind: 'equal', text }];
  const head = lines.slice(0, keepHead).join('\n');
  const tail = lines.slice(lines.length - keepTail).join('\n');
  const out: Segment[] = [];
  if (keepHead > 0) out.push({ kind: 'equal', text: `${head}\n` });
  out.push({ kind: 'fold', lines: hidden });
  if (keepTail > 0) out.push({ kind: 'equal', text: `\n${tail}` });
  return out;
}

const codePoints = (t: string) => Array.from(t).length;

/** Who changed what, in the order the authors first appear. */
export function changesByAuthor(spans: readonly Span[], colors: ColorBook): AuthorChanges[] {
  const by = new Map<string, AuthorChanges>();
  for (const s of spans) {
    if (s.kind === 'equal' || s.text === '') continue;
    const author = who(s);
    let a = by.get(author);
    if (a === undefined) {
      a = { author, color: colors.color(author), added: 0, removed: 0 };
      by.set(author, a);
    }
    if (s.kind === 'insert') a.added += codePoints(s.text);
    else a.removed += codePoints(s.text);
  }
  return [...by.values()];
}

/** Whether the spans change anything at all (a restore to the text it already has changes nothing). */
export function changesAnything(spans: readonly Span[]): boolean {
  return spans.some((s) => s.kind !== 'equal' && s.text !== '');
}

/** The text the spans lead to (equal and inserted text): what the document will read after a restore or undo. */
export function resultText(spans: readonly Span[]): string {
  return spans.filter((s) => s.kind !== 'delete').map((s) => s.text).join('');
}
