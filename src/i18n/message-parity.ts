/**
 * Compares a sandbox's `messages:` table (`sandboxes/<id>/i18n/<lang>.yaml`) with the messages its tests
 * print now (test-messages.ts): which messages have no translation, which keys no longer exist in the
 * tests (stale), and which translations change the key's `{placeholders}`.
 */
import { placeholdersOf } from './message-template.ts';
import type { TestMessage } from './test-messages.ts';

export interface MessageParity {
  /** Messages in the tests with no (or an empty) translation. */
  missing: TestMessage[];
  /** Keys of the table that the tests no longer print nor spell out anywhere. */
  stale: string[];
  /** Keys whose translation has other placeholders than the key. */
  placeholders: { key: string; expected: string[]; actual: string[] }[];
}

/** `texts`: every literal text of the tests (sandboxTexts); a key among them is a fragment a translator chose, not stale. */
export function compareMessages(messages: readonly TestMessage[], table: Readonly<Record<string, unknown>>, texts: readonly string[] = []): MessageParity {
  const current = new Set(messages.map((message) => message.text));
  const known = new Set([...current, ...texts]);
  const translated = (key: string) => typeof table[key] === 'string' && (table[key] as string).trim() !== '';
  const placeholders: MessageParity['placeholders'] = [];
  for (const [key, value] of Object.entries(table)) {
    if (!known.has(key) || typeof value !== 'string' || !value.trim()) continue;
    const expected = placeholdersOf(key);
    const actual = placeholdersOf(value);
    if (expected.join('\u0000') !== actual.join('\u0000')) placeholders.push({ key, expected, actual });
  }
  return {
    missing: messages.filter((message) => !translated(message.text)),
    stale: Object.keys(table).filter((key) => !known.has(key)),
    placeholders,
  };
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
export const yamlQuote = (text: string): string => JSON.stringify(text);
