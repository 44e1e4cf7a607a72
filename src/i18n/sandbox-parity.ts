/**
 * A sandbox's translation (`sandboxes/<id>/i18n/<lang>.yaml`): the task's title and description, and a
 * `messages:` table that translates what its tests print in the Check panel (keys: the English texts,
 * test-messages.ts). Reports a missing title or description, a message with no translation, a key the
 * tests no longer print, and a translation whose `{placeholders}` differ from its key's.
 */
import type { ContentProblem, Severity } from '../content/problems.ts';
import type { ParsedYaml } from '../content/yaml-lines.ts';
import { compareMessages } from './message-parity.ts';
import type { TestMessage } from './test-messages.ts';
import { looksUntranslated } from './untranslated.ts';

const FIELDS = new Set(['sourceHash', 'title', 'description', 'messages']);
/** Above this many, missing messages are one problem (the i18n:messages command lists them all). */
const LISTED_MISSING = 3;

export interface SandboxFiles {
  id: string;
  file: string;
  source: string;
  /** Severity of drift that follows an English change (messages added or changed): see translation-parity.ts. */
  lag: Severity;
}

/** `texts`: every literal text of the tests (test-messages.ts sandboxTexts), so a translated fragment is not called stale. */
export function sandboxParityProblems(english: Record<string, unknown>, parsed: ParsedYaml, messages: readonly TestMessage[], files: SandboxFiles, texts: readonly string[] = []): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const data = (parsed.data ?? {}) as Record<string, unknown>;
  // A message key is a whole sentence: the line points at it, and the field stays short.
  const push = (severity: Severity, path: string[], message: string, fix: string) =>
    problems.push({ severity, file: files.file, line: parsed.lines(path), ...(path.length ? { field: path[0] } : {}), message, fix });

  for (const key of Object.keys(data)) {
    if (!FIELDS.has(key)) push('error', [key], `\`${key}:\` is not part of a sandbox translation (it holds sourceHash, title, description and messages); everything else comes from ${files.source}.`, `Delete it, or fix its spelling.`);
  }
  for (const key of ['title', 'description'] as const) {
    const value = data[key];
    if (typeof value !== 'string' || !value.trim()) {
      push('error', [key], `The translation has no \`${key}:\`, so the sandbox would show its English ${key} on a translated page.`, `Add \`${key}:\` translated from ${files.source}.`);
    } else if (value.trim() === String(english[key] ?? '').trim() && looksUntranslated(value)) {
      push('warning', [key], `\`${key}:\` is still the English text.`, `Translate it from ${files.source}.`);
    }
  }

  const table = data.messages;
  if (table === undefined || table === null) {
    if (messages.length) push(files.lag, [], `The translation has no \`messages:\`, so the ${messages.length} test names and messages of sandboxes/${files.id}/tests/ would show in English in the Check panel.`, `Run \`npm run i18n:messages -- ${files.id}\` and paste its \`messages:\` section into this file, then translate the values.`);
    return problems;
  }
  if (typeof table !== 'object' || Array.isArray(table)) {
    push('error', ['messages'], '`messages:` is not a mapping of English text to translated text.', `Write it as \`"English text": "translation"\` lines; \`npm run i18n:messages -- ${files.id}\` prints a skeleton.`);
    return problems;
  }
  const entries = table as Record<string, unknown>;
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value !== 'string') push('error', ['messages', key], `The translation of "${key.slice(0, 60)}" is not text.`, 'Write the translation in double quotes.');
  }
  const parity = compareMessages(messages, entries, texts);
  const { missing } = parity;
  if (missing.length > LISTED_MISSING) {
    const first = missing.slice(0, LISTED_MISSING).map((m) => `"${m.text.slice(0, 60)}${m.text.length > 60 ? '…' : ''}" (${m.file.replace(`sandboxes/${files.id}/`, '')}:${m.line})`);
    push(files.lag, ['messages'], `${missing.length} messages of the tests have no translation here, such as ${first.join(', ')}; learners would read them in English in the Check panel.`, `Run \`npm run i18n:messages -- ${files.id}\`: it prints every message, marks the missing ones, and keeps your translations.`);
  } else {
    for (const m of missing) {
      push(files.lag, ['messages'], `The message "${m.text}" (${m.file}:${m.line}) has no translation here; learners would read it in English in the Check panel.`, `Add \`${JSON.stringify(m.text)}: "…"\` under messages: (\`npm run i18n:messages -- ${files.id}\` prints it).`);
    }
  }
  for (const key of parity.stale) {
    push('warning', ['messages', key], `The key "${key.slice(0, 100)}${key.length > 100 ? '…' : ''}" is no longer a message of the tests (they changed), so this translation is never shown.`, `Move the translation to the new English text and delete this key (\`npm run i18n:messages -- ${files.id}\` lists both).`);
  }
  for (const { key, expected, actual } of parity.placeholders) {
    const list = (names: string[]) => (names.length ? names.map((n) => `{${n}}`).join(', ') : 'none');
    push('error', ['messages', key], `The translation of "${key.slice(0, 80)}${key.length > 80 ? '…' : ''}" has the placeholders ${list(actual)}, but the key has ${list(expected)}: the Check panel fills in exactly the key's values.`, 'Use every {placeholder} of the key, spelled exactly as in the key (the expression text from the test), and no others.');
  }
  return problems;
}
