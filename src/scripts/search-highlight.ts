/**
 * On a page opened from a search result (`?highlight=term&highlight=term`), marks the matching words in
 * the page's text with `<mark class="search-hit">` and brings the first hit of the target section into
 * view. Code inside sandboxes and quizzes is left alone (it is re-rendered by their islands), as are
 * diagrams (SVG text) and anything Pagefind does not index.
 */
import { HIGHLIGHT_PARAM, highlightRanges } from './search-target.ts';

const SKIP = 'script, style, svg, textarea, input, select, course-sandbox, course-quiz, [data-pagefind-ignore], mark.search-hit';

function textNodes(root: Element): Text[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

function markNode(node: Text, ranges: [number, number][]): HTMLElement[] {
  const marks: HTMLElement[] = [];
  const text = node.data;
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) fragment.append(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.className = 'search-hit';
    mark.textContent = text.slice(start, end);
    fragment.append(mark);
    marks.push(mark);
    at = end;
  }
  if (at < text.length) fragment.append(text.slice(at));
  node.replaceWith(fragment);
  return marks;
}

/** Marks the hits under `root`; returns the marks in document order. */
export function highlightTerms(root: Element, terms: readonly string[]): HTMLElement[] {
  const marks: HTMLElement[] = [];
  for (const node of textNodes(root)) {
    const ranges = highlightRanges(node.data, terms);
    if (ranges.length > 0) marks.push(...markNode(node, ranges));
  }
  return marks;
}

export function setupSearchHighlight(): void {
  const terms = new URLSearchParams(location.search).getAll(HIGHLIGHT_PARAM);
  const root = document.querySelector('main') ?? document.body;
  if (terms.length === 0) return;
  const marks = highlightTerms(root, terms);
  if (marks.length === 0) return;
  // The first hit at or after the section the result pointed at (the #hash), else the first on the page.
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const first =
    (target && marks.find((mark) => target === mark || target.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING)) ?? marks[0];
  first?.setAttribute('data-search-first', '');
  // With a #section the browser has already scrolled there; only bring the hit into view when it is not.
  const rect = first?.getBoundingClientRect();
  if (first && rect && (rect.top < 0 || rect.bottom > window.innerHeight)) {
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    first.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  }
}
