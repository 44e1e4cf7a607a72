/**
 * A line break inside a paragraph becomes a space when the browser renders it, and between two Japanese
 * (or Chinese) characters that space is wrong: Japanese has no spaces between words, so 「…します。\n次に…」
 * would show as 「…します。 次に…」. CSS Text 3 says to remove such breaks, but Chromium 14x still renders them
 * as spaces (checked on Chromium 156), so translated prose is joined here instead. Translators can keep
 * wrapping lines at any width; a break next to a Latin letter or digit stays a space, which is what the
 * glossary asks for between Japanese and Latin text (「WebSocket 接続」).
 */
import type { Element, Root, RootContent, Text } from 'hast';

/** Hiragana, katakana, CJK ideographs, CJK punctuation and full-width forms. */
const WIDE = '\\u3000-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const BREAK_BETWEEN_WIDE = new RegExp(`([${WIDE}])[ \\t]*\\r?\\n[ \\t]*(?=[${WIDE}])`, 'g');
const SPACE_BETWEEN_WIDE = new RegExp(`([${WIDE}]) (?=[${WIDE}])`, 'g');
const IS_WIDE = new RegExp(`[${WIDE}]`);

/** Removes line breaks (with the indentation around them) between two wide characters. */
export function joinWideLineBreaks(text: string): string {
  return text.replace(BREAK_BETWEEN_WIDE, '$1');
}

/**
 * For text that YAML has already folded (`>-` turns each line break into one space): removes a single
 * space between two wide characters, which Japanese prose never wants.
 */
export function joinFoldedWideText(text: string): string {
  return text.replace(SPACE_BETWEEN_WIDE, '$1');
}

/** Every string in a parsed YAML value (a translated quiz), folded spaces between wide characters removed. */
export function joinFoldedWideStrings<T>(value: T): T {
  if (typeof value === 'string') return joinFoldedWideText(value) as T;
  if (Array.isArray(value)) return value.map((item) => joinFoldedWideStrings(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, joinFoldedWideStrings(item)])) as T;
  }
  return value;
}

const VERBATIM = new Set(['pre', 'code', 'script', 'style', 'svg', 'textarea']);

/** The first or last character of a node's text (descending into inline elements), for joins across nodes. */
function edgeChar(node: RootContent | undefined, end: 'first' | 'last'): string {
  if (!node) return '';
  if (node.type === 'text') return end === 'first' ? node.value.trimStart().charAt(0) : node.value.trimEnd().slice(-1);
  if (node.type === 'element' && !VERBATIM.has(node.tagName)) {
    const children = end === 'first' ? node.children : [...node.children].reverse();
    for (const child of children) {
      const char = edgeChar(child, end);
      if (char) return char;
    }
  }
  return '';
}

/** Joins line breaks between wide characters in every prose text node of a hast tree (not in code). */
export function joinWideLineBreaksInTree(tree: Root | Element): void {
  const children = tree.children as RootContent[];
  children.forEach((child, index) => {
    if (child.type === 'element') {
      if (!VERBATIM.has(child.tagName)) joinWideLineBreaksInTree(child);
      return;
    }
    if (child.type !== 'text') return;
    const text = child as Text;
    text.value = joinWideLineBreaks(text.value);
    // A break at the edge of this text, next to <strong>, <a> … that starts or ends with a wide character.
    if (/[ \t]*\r?\n[ \t]*$/.test(text.value) && IS_WIDE.test(text.value.trimEnd().slice(-1)) && IS_WIDE.test(edgeChar(children[index + 1], 'first'))) {
      text.value = text.value.trimEnd();
    }
    if (/^[ \t]*\r?\n[ \t]*/.test(text.value) && IS_WIDE.test(text.value.trimStart().charAt(0)) && IS_WIDE.test(edgeChar(children[index - 1], 'last'))) {
      text.value = text.value.trimStart();
    }
  });
}
