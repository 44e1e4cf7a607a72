/**
 * A sandbox's translation as pages use it: the task's title and description and the `messages:` table of
 * `sandboxes/<id>/i18n/<lang>.yaml` (undefined when there is none or it does not parse; `npm run check`
 * says why). The messages go to the browser as `/sandbox-messages/<lang>/<id>.json`, fetched only by pages
 * in that language (src/sandbox/island/lazy-assets.ts), so English pages carry nothing extra.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlWithLines } from '../content/yaml-lines.ts';
import type { MessageTable } from './sandbox-messages.ts';
import { joinFoldedWideText } from './cjk-line-breaks.ts';

export interface SandboxTranslation {
  title?: string;
  description?: string;
  messages: MessageTable;
}

export function readSandboxTranslation(root: string, id: string, lang: string): SandboxTranslation | undefined {
  const path = join(root, 'sandboxes', id, 'i18n', `${lang}.yaml`);
  if (!existsSync(path)) return undefined;
  const parsed = parseYamlWithLines(readFileSync(path, 'utf8'));
  if (parsed.errors.length || typeof parsed.data !== 'object' || parsed.data === null) return undefined;
  const data = parsed.data as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const messages: Record<string, string> = {};
  if (data.messages && typeof data.messages === 'object') {
    for (const [key, value] of Object.entries(data.messages as Record<string, unknown>)) if (text(value)) messages[key] = value as string;
  }
  return { title: text(data.title), description: text(data.description), messages };
}

/** The task's title and description in `lang` for the sandbox frame, as far as the translation has them. */
export function sandboxWords(root: string, id: string, lang: string): { title?: string; description?: string } {
  const translation = readSandboxTranslation(root, id, lang);
  const words: { title?: string; description?: string } = {};
  // YAML folds `>-` lines with a space, which Japanese text does not want between two of its characters.
  if (translation?.title) words.title = joinFoldedWideText(translation.title.trim());
  if (translation?.description) words.description = joinFoldedWideText(translation.description.trim());
  return words;
}

