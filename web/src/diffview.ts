// Draws a diff model (diffmodel.ts) into the page: inserted text as <ins> in its author's color, deleted
// text as <del> struck through in its author's color, folds as a line saying how many lines are left out,
// and the legend of authors. Text goes in as text nodes only (never as HTML).
import type { Span } from './historyapi';
import { changesAnything, changesByAuthor, type ColorBook, segments } from './diffmodel';

export function renderDiff(target: HTMLElement, spans: readonly Span[], colors: ColorBook): void {
  target.replaceChildren();
  const legend = document.createElement('ul');
  legend.className = 'diff-legend';
  legend.setAttribute('aria-label', 'authors of the changes');
  for (const a of changesByAuthor(spans, colors)) {
    const li = document.createElement('li');
    li.dataset.author = a.author;
    li.style.setProperty('--author', a.color);
    li.textContent = `${a.author}: +${a.added} −${a.removed}`;
    legend.append(li);
  }
  const body = document.createElement('pre');
  body.className = 'diff-text';
  if (!changesAnything(spans)) {
    const none = document.createElement('p');
    none.className = 'diff-none';
    none.textContent = 'No change: the texts are the same.';
    target.append(none);
  }
  for (const seg of segments(spans, colors)) {
    if (seg.kind === 'equal') {
      body.append(seg.text);
    } else if (seg.kind === 'fold') {
      const fold = document.createElement('span');
      fold.className = 'diff-fold';
      fold.textContent = `… ${seg.lines} unchanged line${seg.lines === 1 ? '' : 's'} …`;
      body.append(fold);
    } else {
      const el = document.createElement(seg.kind === 'insert' ? 'ins' : 'del');
      el.dataset.author = seg.author;
      el.title = `${seg.kind === 'insert' ? 'inserted' : 'deleted'} by ${seg.author}`;
      el.style.setProperty('--author', seg.color);
      el.textContent = seg.text;
      body.append(el);
    }
  }
  target.append(legend, body);
}
