/**
 * `npm run i18n:messages -- <sandbox-id> [lang]`: prints the learner-visible messages of a sandbox's tests
 * (src/i18n/test-messages.ts) as the `messages:` section of `sandboxes/<id>/i18n/<lang>.yaml` (lang
 * defaults to ja), ready to fill in. Translations already in that file are kept; a message without one
 * is marked `# missing`, and keys the tests no longer print are listed at the end as `# stale`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlWithLines } from '../src/content/yaml-lines.ts';
import { compareMessages, yamlQuote } from '../src/i18n/message-parity.ts';
import { sandboxMessages, sandboxTexts } from '../src/i18n/test-messages.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const [id, lang = 'ja'] = process.argv.slice(2).filter((arg) => arg !== '--');
if (!id || !existsSync(join(root, 'sandboxes', id, 'tests'))) {
  console.error(`Usage: npm run i18n:messages -- <sandbox-id> [lang]\n${id ? `There is no sandboxes/${id}/tests/ folder.` : 'Name a sandbox, e.g. polling-etag.'}`);
  process.exit(1);
}

const file = `sandboxes/${id}/i18n/${lang}.yaml`;
let table: Record<string, unknown> = {};
if (existsSync(join(root, file))) {
  const parsed = parseYamlWithLines(readFileSync(join(root, file), 'utf8'));
  if (parsed.errors.length) {
    console.error(`${file}:${parsed.errors[0]!.line}: ${parsed.errors[0]!.message} (its translations are not shown below)`);
  } else {
    const messages = (parsed.data as { messages?: unknown } | null)?.messages;
    if (messages && typeof messages === 'object') table = messages as Record<string, unknown>;
  }
}

const messages = sandboxMessages(root, id);
const parity = compareMessages(messages, table, sandboxTexts(root, id));
const missing = new Set(parity.missing.map((m) => m.text));
const lines = [`# ${file}: ${messages.length} messages from sandboxes/${id}/tests/, ${missing.size} missing, ${parity.stale.length} stale`, 'messages:'];
let lastFile = '';
for (const message of messages) {
  const where = message.file.replace(`sandboxes/${id}/`, '');
  if (where !== lastFile) lines.push(`  # ${where}`);
  lastFile = where;
  const value = typeof table[message.text] === 'string' ? (table[message.text] as string) : '';
  lines.push(`  ${yamlQuote(message.text)}: ${yamlQuote(value)}${missing.has(message.text) ? `  # missing (line ${message.line}, ${message.kind})` : ''}`);
}
// Fragments a translator chose (a label printed inside another message) are kept, though not listed above.
const listed = new Set([...messages.map((m) => m.text), ...parity.stale]);
const fragments = Object.keys(table).filter((key) => !listed.has(key));
if (fragments.length) {
  lines.push('  # also translated: texts of the tests printed inside other messages');
  for (const key of fragments) lines.push(`  ${yamlQuote(key)}: ${yamlQuote(String(table[key] ?? ''))}`);
}
if (parity.stale.length) {
  lines.push('  # stale: the tests no longer print these; delete them or move the translation to the new key');
  for (const key of parity.stale) lines.push(`  ${yamlQuote(key)}: ${yamlQuote(String(table[key] ?? ''))}  # stale`);
}
console.log(lines.join('\n'));
