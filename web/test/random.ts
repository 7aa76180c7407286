// A small seeded generator (mulberry32) so failures are reproducible: the seed is printed on failure.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'b', 'x', ' ', '\n', '\r', 'é', '中', '文', '😀', '👍🏽', '🎉', 'ß'];

export function randomText(r: () => number, max: number): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

/** A UTF-16 offset of s that does not split a surrogate pair (CodeMirror never splits one either). */
export function boundary(r: () => number, s: string): number {
  let i = Math.floor(r() * (s.length + 1));
  const c = s.charCodeAt(i);
  if (i > 0 && i < s.length && c >= 0xdc00 && c <= 0xdfff) i--;
  return i;
}

export const SEED = Number(process.env.COWRITE_SEED ?? Date.now() % 1_000_000);
