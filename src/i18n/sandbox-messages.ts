/**
 * Turns the English test names and failure messages a Check reports into the page's language, with the
 * sandbox's `messages:` table (`sandboxes/<id>/i18n/<lang>.yaml`, served as `/sandbox-messages/<lang>/<id>.json`).
 * Pure and runtime-independent: it works on the report the Check panel receives, whichever backend ran it.
 *
 *   - A text is looked up exactly first, then against the keys with `{expr}` placeholders (a placeholder
 *     matches any text; the most specific key, the one with the most literal text, wins), and the values
 *     it matched are put into the translation's placeholders (translated too when a value is itself a key).
 *   - A test name is the titles of its describe blocks and the test joined by " > " (or " "), so each part
 *     is translated on its own when the whole name is no key.
 *   - A vitest assertion reads `<message>: expected 200 to be 304 …`: the `<message>` is translated and the
 *     rest kept; so is an error's `Error: ` prefix and anything after the translated part (a diff, a stack).
 * Text no key matches stays as it is: English is always a correct fallback.
 */
import { fillTemplate, hasPlaceholders, literalLength, parseTemplate, templateMatcher } from './message-template.ts';

export type MessageTable = Readonly<Record<string, string>>;

/** Keys with less literal text than this match almost anything (`{a} {b}`), so they are used only exactly. */
const MIN_LITERAL = 4;
/**
 * A value captured by a placeholder is matched against keys with placeholders of their own only when the
 * key fixes this much text: short keys (`{a} and {b}`) would split a value that merely contains "and".
 */
const MIN_LITERAL_INSIDE = 12;
/** vitest's `test.each` title formats (`%s`, `%d` …), read as placeholders like `{expr}`. */
const PRINTF = /%[sdifjo#]/g;
const printfAsPlaceholders = (text: string) => {
  let n = 0;
  return text.replace(PRINTF, () => `{%${(n += 1)}}`);
};
const ERROR_PREFIX = /^(?:[A-Za-z]*(?:Error|Exception)(?: \[[A-Z0-9_]+\])?: )?/;

export interface MessageTranslator {
  /** The whole text translated, or undefined when no key matches it. */
  text(text: string): string | undefined;
  /** A test's full name, translated part by part where possible. */
  name(name: string): string;
  /** A failure message: its leading sentence translated, the rest kept. */
  message(message: string): string;
}

export function createMessageTranslator(table: MessageTable): MessageTranslator {
  const exact = new Map<string, string>();
  const templates: { match: ReturnType<typeof templateMatcher>; value: string; weight: number }[] = [];
  for (const [rawKey, rawValue] of Object.entries(table)) {
    if (typeof rawValue !== 'string' || !rawValue.trim()) continue;
    exact.set(rawKey, rawValue);
    const key = printfAsPlaceholders(rawKey);
    if (!hasPlaceholders(key)) continue;
    const weight = literalLength(parseTemplate(key));
    if (weight >= MIN_LITERAL) templates.push({ match: templateMatcher(key), value: printfAsPlaceholders(rawValue), weight });
  }
  templates.sort((a, b) => b.weight - a.weight);

  const text = (source: string, inside = false): string | undefined => {
    const found = exact.get(source);
    if (found !== undefined) return found;
    for (const template of templates) {
      if (inside && template.weight < MIN_LITERAL_INSIDE) continue;
      const values = template.match(source);
      // A value that is itself a translated text (an explanation kept in a variable, one level deep) is translated too.
      if (values) return fillTemplate(template.value, new Map([...values].map(([expr, value]) => [expr, (inside ? exact.get(value) : text(value, true)) ?? value])));
    }
    return undefined;
  };

  const name = (full: string): string | undefined => {
    const whole = text(full);
    if (whole !== undefined) return whole;
    for (const separator of [' > ', ' ']) {
      for (let at = full.indexOf(separator); at > 0; at = full.indexOf(separator, at + 1)) {
        const head = text(full.slice(0, at));
        if (head === undefined) continue;
        const tail = name(full.slice(at + separator.length));
        if (tail !== undefined) return `${head}${separator}${tail}`;
      }
    }
    return undefined;
  };

  const message = (full: string): string => {
    const prefix = ERROR_PREFIX.exec(full)?.[0] ?? '';
    const rest = full.slice(prefix.length);
    for (const cut of cutPoints(rest)) {
      const translated = text(rest.slice(0, cut));
      if (translated === undefined) continue;
      // A sentence the test appended (`explanation() + ended()`) is translated on its own when it can be.
      const tail = rest.slice(cut);
      const sentence = /^ ([^\n]+?)(?=$|\n|: expected )/.exec(tail)?.[1];
      const next = sentence === undefined ? undefined : text(sentence);
      return `${prefix}${translated}${next === undefined ? tail : tail.replace(` ${sentence}`, next)}`;
    }
    return full;
  };

  return { text, name: (full) => name(full) ?? full, message };
}

/**
 * Where a message may end inside a failure text: before vitest's `: expected …`, at its end, at a line end,
 * or after a sentence (`. ` — a test may have appended another sentence to it); longest first.
 */
function cutPoints(text: string): number[] {
  const expected = [...text.matchAll(/: expected /g)].map((m) => m.index!).reverse();
  const lineEnds = [...text.matchAll(/\n/g)].map((m) => m.index!).reverse();
  const sentenceEnds = [...text.matchAll(/[.!?] (?=\S)/g)].map((m) => m.index! + 1).reverse();
  return [...new Set([...expected, text.length, ...lineEnds, ...sentenceEnds])].filter((cut) => cut > 0);
}
