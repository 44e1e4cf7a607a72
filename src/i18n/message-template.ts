/**
 * Message keys of a sandbox's translation table (`sandboxes/<id>/i18n/<lang>.yaml`, `messages:`) are the
 * English texts of its tests, with each `${expr}` of a template literal written `{expr}` (the expression
 * text exactly as in the source). This module reads such keys: it splits them into literal text and
 * placeholders by balanced braces (an expression may itself hold braces, `{JSON.stringify({ a: 1 })}`),
 * matches a key against a real message (a placeholder matches any text) and fills a translation's
 * placeholders with what was matched. Pure, so the Check panel can use it in the browser.
 */

export type TemplatePart = { text: string } | { expr: string };

/** `a {x} b` → [{text:'a '}, {expr:'x'}, {text:' b'}]; an unclosed `{` is plain text. */
export function parseTemplate(key: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < key.length) {
    if (key[i] === '{') {
      const end = closingBrace(key, i);
      if (end > i + 1) {
        if (text) parts.push({ text });
        text = '';
        parts.push({ expr: key.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    text += key[i];
    i += 1;
  }
  if (text) parts.push({ text });
  return parts;
}

/** Index of the `}` that closes the `{` at `open`, or -1. Quotes inside the expression are skipped. */
function closingBrace(key: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < key.length; i++) {
    const c = key[i]!;
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    // A quote only opens inside the expression, not in the `{` itself: `{"a": 1}` keeps its braces balanced.
    if ((c === '"' || c === "'" || c === '`') && depth > 0) quote = c;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The placeholders of a key or translation, sorted, for comparing the two. */
export function placeholdersOf(text: string): string[] {
  return parseTemplate(text)
    .flatMap((part) => ('expr' in part ? [part.expr] : []))
    .sort();
}

export function hasPlaceholders(text: string): boolean {
  return parseTemplate(text).some((part) => 'expr' in part);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Characters of literal text in a key: the more a key fixes, the more specific its match. */
export function literalLength(parts: readonly TemplatePart[]): number {
  return parts.reduce((sum, part) => sum + ('text' in part ? part.text.length : 0), 0);
}

/** A matcher for a key with placeholders: returns the matched value of each placeholder, or undefined. */
export function templateMatcher(key: string): (message: string) => Map<string, string> | undefined {
  const parts = parseTemplate(key);
  const exprs = parts.flatMap((part) => ('expr' in part ? [part.expr] : []));
  const pattern = new RegExp(`^${parts.map((part) => ('text' in part ? escapeRegExp(part.text) : '([\\s\\S]*?)')).join('')}$`);
  return (message) => {
    const match = pattern.exec(message);
    if (!match) return undefined;
    const values = new Map<string, string>();
    exprs.forEach((expr, index) => {
      if (!values.has(expr)) values.set(expr, match[index + 1] ?? '');
    });
    return values;
  };
}

/** The translation with each `{expr}` replaced by its matched value; placeholders it does not know stay as written. */
export function fillTemplate(translation: string, values: ReadonlyMap<string, string>): string {
  return parseTemplate(translation)
    .map((part) => ('text' in part ? part.text : (values.get(part.expr) ?? `{${part.expr}}`)))
    .join('');
}
