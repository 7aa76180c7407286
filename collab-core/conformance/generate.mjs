#!/usr/bin/env node
// Generates JSON-lines conformance vectors for collab-core's TextType from the reference
// implementation, ot-text-unicode 4.0.0 (pinned in package-lock.json).
//
//   npm ci && node generate.mjs --seed 42 [--out DIR]
//
// Files (one JSON object per line; readers ignore unknown fields such as category):
//   transform.jsonl {doc, a, b, side, result}   a and b both apply to doc; result = transform(a, b, side)
//   compose.jsonl   {doc, a, b, result}         b applies to apply(doc, a); result = compose(a, b)
//   apply.jsonl     {doc, op, result}
//   cursor.jsonl    {doc, op, pos, result}      result = transformPosition(pos, op)
//   invert.jsonl    {doc, op, invertible, inverse, stripped, normalized}
//   invalid.jsonl   {doc, op, error: true}      the package throws on apply(doc, op) (checkOp or apply)
//
// Valid files only ever hold well-formed strings (no lone surrogates): every string is built from whole
// code points. Output is a pure function of the seed.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { type } = require('ot-text-unicode');
const here = dirname(fileURLToPath(import.meta.url));

// ---- arguments ----
const args = process.argv.slice(2);
let seed = 42;
let out = resolve(here, '../src/test/resources/conformance');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed') seed = Number(args[++i]);
  else if (args[i] === '--out') out = resolve(args[++i]);
  else { console.error(`unknown argument ${args[i]}; usage: node generate.mjs [--seed N] [--out DIR]`); process.exit(2); }
}
if (!Number.isInteger(seed)) { console.error('--seed must be an integer'); process.exit(2); }

const COUNTS = { transform: 8000, compose: 6000, apply: 6000, cursor: 6000, invert: 2000, invalid: 1000 };

// ---- seeded PRNG (mulberry32) ----
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (n) => Math.floor(random() * n); // 0 .. n-1
const chance = (p) => random() < p;
const pick = (xs) => xs[randInt(xs.length)];

// ---- well-formed text ----
// Pieces are whole code point sequences: combining marks, ZWJ emoji, flags, skin tones, CJK, astral math.
const ASCII = 'abcdefghijklmnopqrstuvwxyz ABCXYZ0123 .,'.split('');
const SPECIAL = ['\n', '\t', '"', '\\', '/', '<'];
const UNICODE = [
  'é', 'ß', 'Ω', 'ж', 'ع', 'e\u0301', 'a\u0308\u0323', '中', '文', '字', '漢', '한', 'ひ', 'ア',
  '😀', '🎉', '😅', '🤖', '👍🏽', '👨‍👩‍👧', '🧑‍💻', '🇫🇷', '🏳️‍🌈', '𝒳', '𝄞', '𠀋', '\u{1F9E0}', '\u200B', '\uFEFF', '\u{10FFFD}',
];
function piece() {
  const r = random();
  if (r < 0.6) return pick(ASCII);
  if (r < 0.67) return pick(SPECIAL);
  return pick(UNICODE);
}
/** A string of about n code points (pieces may hold several). */
function text(n) {
  let s = '';
  while (Array.from(s).length < n) s += piece();
  return s;
}
const cps = (s) => Array.from(s);
const cpLen = (s) => cps(s).length;

function randomDoc() {
  const r = random();
  if (r < 0.06) return '';
  if (r < 0.12) return text(1 + randInt(2));
  if (r < 0.96) return text(3 + randInt(20));
  return text(40 + randInt(60));
}

// ---- ops ----
/** A random checked op over a document of code points `doc`. */
function genOp(doc, { deletes = 'mixed', normalized = chance(0.75), maxLen = 6 } = {}) {
  const n = doc.length;
  const comps = [];
  let pos = 0;
  const steps = 1 + randInt(6);
  for (let s = 0; s < steps || (comps.length === 0 && (n > 0 || s < steps + 1)); s++) {
    const r = random();
    if (r < 0.35 && pos < n) {
      comps.push(1 + randInt(Math.min(n - pos, chance(0.2) ? n : 8)));
      pos += comps[comps.length - 1];
    } else if (r < 0.7 || pos >= n) {
      comps.push(text(1 + randInt(maxLen)));
    } else {
      const k = 1 + randInt(Math.min(n - pos, maxLen));
      const asText = deletes === 'text' || (deletes === 'mixed' && chance(0.5));
      comps.push({ d: asText ? doc.slice(pos, pos + k).join('') : k });
      pos += k;
    }
    if (s > 40) break;
  }
  return fix(comps, normalized);
}

/** Merges adjacent skips and trims trailing skips (required by checkOp); optionally normalizes. */
function fix(comps, normalized) {
  const res = [];
  for (const c of comps) {
    if (typeof c === 'number' && typeof res[res.length - 1] === 'number') res[res.length - 1] += c;
    else res.push(c);
  }
  while (typeof res[res.length - 1] === 'number') res.pop();
  return normalized ? type.normalize(clone(res)) : res;
}

// Never hand the package an object we keep: makeAppend mutates delete components in place.
const clone = (x) => JSON.parse(JSON.stringify(x));
const T = {
  apply: (doc, op) => type.apply(doc, clone(op)),
  transform: (a, b, side) => type.transform(clone(a), clone(b), side),
  compose: (a, b) => type.compose(clone(a), clone(b)),
  makeInvertible: (op, doc) => type.makeInvertible(clone(op), doc),
  invert: (op) => type.invert(clone(op)),
  stripInvertible: (op) => type.stripInvertible(clone(op)),
  normalize: (op) => type.normalize(clone(op)),
  transformPosition: (pos, op) => type.transformPosition(pos, clone(op)),
};
const insertAt = (p, s) => (p === 0 ? [s] : [p, s]);
const deleteAt = (doc, p, k, asText) => {
  const d = { d: asText ? doc.slice(p, p + k).join('') : k };
  return p === 0 ? [d] : [p, d];
};

/** Two ops on `doc` in one of the interesting shapes. */
function opPair(doc, category) {
  const n = doc.length;
  switch (category) {
    case 'same-position-insert': {
      const p = randInt(n + 1);
      return [insertAt(p, text(1 + randInt(3))), insertAt(p, text(1 + randInt(3)))];
    }
    case 'edge-delete': {
      if (n === 0) return [genOp(doc), genOp(doc)];
      const k = 1 + randInt(Math.min(n, 4));
      const a = chance(0.5) ? deleteAt(doc, 0, k, chance(0.5)) : deleteAt(doc, n - k, k, chance(0.5));
      const b = chance(0.5) ? genOp(doc) : (chance(0.5) ? deleteAt(doc, 0, 1 + randInt(n), chance(0.5)) : insertAt(chance(0.5) ? 0 : n, text(2)));
      return chance(0.5) ? [a, b] : [b, a];
    }
    case 'overlapping-delete': {
      if (n === 0) return [genOp(doc), genOp(doc)];
      const p1 = randInt(n), k1 = 1 + randInt(n - p1);
      const p2 = randInt(n), k2 = 1 + randInt(n - p2);
      return [deleteAt(doc, p1, k1, chance(0.5)), deleteAt(doc, p2, k2, chance(0.5))];
    }
    case 'invertible':
      return [T.makeInvertible(genOp(doc), doc.join('')), T.makeInvertible(genOp(doc), doc.join(''))];
    case 'count-deletes':
      return [genOp(doc, { deletes: 'count' }), genOp(doc, { deletes: 'count' })];
    case 'unnormalized':
      return [genOp(doc, { normalized: false }), genOp(doc, { normalized: false })];
    default:
      return [genOp(doc), genOp(doc)];
  }
}
const PAIR_CATEGORIES = ['random', 'random', 'random', 'same-position-insert', 'edge-delete', 'overlapping-delete',
  'invertible', 'count-deletes', 'unnormalized'];

function docFor(category) {
  return category === 'empty-doc' ? '' : randomDoc();
}
function categoryOf() {
  return chance(0.05) ? 'empty-doc' : pick(PAIR_CATEGORIES);
}

// ---- files ----
const files = {};
// A line's id is its file name and line number (the Java test reports failures as file:line).
const emit = (file, obj) => (files[file] ??= []).push(JSON.stringify(obj));

function genTransform() {
  for (let i = 0; files.transform?.length !== COUNTS.transform; i++) {
    const category = categoryOf();
    const doc = docFor(category);
    const [a, b] = opPair(cps(doc), category);
    const sides = category === 'same-position-insert' ? ['left', 'right'] : [pick(['left', 'right'])];
    for (const side of sides) {
      if (files.transform?.length === COUNTS.transform) break;
      emit('transform', { category, doc, a, b, side, result: T.transform(a, b, side) });
    }
  }
}

function genCompose() {
  while ((files.compose?.length ?? 0) < COUNTS.compose) {
    const category = categoryOf();
    const doc = docFor(category);
    let a = opPair(cps(doc), category)[0];
    const mid = T.apply(doc, a);
    let b;
    if (chance(0.15) && mid.length > 0) {
      // delete (part of) what a inserted, or everything
      const m = cps(mid);
      const p = randInt(m.length);
      b = deleteAt(m, p, 1 + randInt(m.length - p), chance(0.5));
    } else {
      b = genOp(cps(mid), { deletes: category === 'count-deletes' ? 'count' : 'mixed', normalized: category !== 'unnormalized' && chance(0.75) });
    }
    if (category === 'invertible') b = T.makeInvertible(b, mid);
    emit('compose', { category, doc, a, b, result: T.compose(a, b) });
  }
}

function genApply() {
  while ((files.apply?.length ?? 0) < COUNTS.apply) {
    const category = categoryOf();
    const doc = docFor(category);
    let op = opPair(cps(doc), category)[randInt(2)];
    emit('apply', { category, doc, op, result: T.apply(doc, op) });
  }
}

function genCursor() {
  while ((files.cursor?.length ?? 0) < COUNTS.cursor) {
    const category = categoryOf();
    const doc = docFor(category);
    const op = opPair(cps(doc), category)[randInt(2)];
    const n = cpLen(doc);
    const pos = chance(0.05) ? n + 1 + randInt(5) : randInt(n + 1);
    emit('cursor', { category, doc, op, pos, result: T.transformPosition(pos, op) });
  }
}

function genInvert() {
  while ((files.invert?.length ?? 0) < COUNTS.invert) {
    const category = categoryOf();
    const doc = docFor(category);
    const op = opPair(cps(doc), category)[randInt(2)];
    const invertible = T.makeInvertible(op, doc);
    emit('invert', {
      category, doc, op, invertible, inverse: T.invert(invertible),
      stripped: T.stripInvertible(op), normalized: T.normalize(op),
    });
  }
}

// Ways to break an op; each returns any JSON value (not necessarily an array).
const CORRUPTIONS = {
  'not-array': () => pick([{}, 'abc', 3, null, true, { d: 1 }, { 0: 'x', length: 1 }]),
  'empty-insert': (op) => splice(op, ''),
  'zero-skip': (op) => splice(op, 0, true),
  'negative-skip': (op) => splice(op, -1 - randInt(3), true),
  'adjacent-skips': (op, n) => (n >= 2 ? [1, 1 + randInt(n - 1), ...rest(op)] : [1, 1, 'x']),
  'trailing-skip': (op) => [...op, 1 + randInt(3)].filter((c, i, xs) => !(typeof c === 'number' && typeof xs[i + 1] === 'number')),
  'trailing-skip-only': () => [1 + randInt(5)],
  'delete-zero': (op) => splice(op, { d: 0 }),
  'delete-empty-string': (op) => splice(op, { d: '' }),
  'delete-negative': (op) => splice(op, { d: -1 - randInt(3) }),
  'delete-bad-type': (op) => splice(op, { d: pick([true, false, null, [], {}, [1]]) }),
  'delete-missing': (op) => splice(op, pick([{}, { x: 1 }, [], ['x']])),
  'null-component': (op) => splice(op, null),
  'lone-surrogate-delete': (op) => splice(op, { d: pick(['\uD800', '\uDC00x', 'a\uD83D']) }),
  'skip-past-end': (op, n) => [n + 1 + randInt(4), text(1)],
  'skip-past-end-later': (op, n) => (n > 0 ? [{ d: 1 }, n, 'x'] : [1, 'x']),
};
/** Inserts `c` at a random index of `op` (as its own component). */
function splice(op, c, avoidSkips = false) {
  const xs = op.slice();
  let i = randInt(xs.length + 1);
  if (avoidSkips) {
    // keep the op otherwise valid: do not put a skip next to another skip
    xs.splice(i, 0, c);
    return xs.filter((x, j) => x === c || !(typeof x === 'number' && (typeof xs[j - 1] === 'number' || typeof xs[j + 1] === 'number')));
  }
  xs.splice(i, 0, c);
  return xs;
}
const rest = (op) => { const xs = op.slice(); while (typeof xs[0] === 'number') xs.shift(); return xs.length ? xs : ['x']; };

function genInvalid() {
  const kinds = Object.keys(CORRUPTIONS);
  let attempts = 0;
  while ((files.invalid?.length ?? 0) < COUNTS.invalid) {
    if (++attempts > COUNTS.invalid * 50) throw Error('could not generate enough invalid ops');
    const category = kinds[attempts % kinds.length];
    const doc = chance(0.1) ? '' : randomDoc();
    const op = CORRUPTIONS[category](genOp(cps(doc)), cpLen(doc));
    let threw = false;
    try { type.apply(doc, clone(op)); } catch { threw = true; }
    if (threw) emit('invalid', { category, doc, op, error: true });
  }
}

genTransform();
genCompose();
genApply();
genCursor();
genInvert();
genInvalid();

mkdirSync(out, { recursive: true });
let total = 0;
for (const [name, lines] of Object.entries(files)) {
  writeFileSync(join(out, `${name}.jsonl`), lines.join('\n') + '\n');
  total += lines.length;
  console.log(`${name}.jsonl: ${lines.length} lines`);
}
console.log(`seed ${seed}: ${total} lines in ${out}`);
