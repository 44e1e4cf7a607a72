/**
 * The words of a sandbox in another language: `sandboxes/<id>/i18n/<lang>.yaml` (`title`, `description`;
 * its `messages` are the Check panel's, translated at run time elsewhere). A page in that language shows
 * them instead of sandbox.yaml's; a missing or broken file leaves English (`npm run check` reports it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { joinFoldedWideText } from '../i18n/cjk-line-breaks.ts';

export interface SandboxWords {
  title: string;
  description: string;
}

export function sandboxWords(root: string, id: string, lang: string): Partial<SandboxWords> {
  const path = join(root, 'sandboxes', id, 'i18n', `${lang}.yaml`);
  if (!existsSync(path)) return {};
  try {
    const data = parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
    const words: Partial<SandboxWords> = {};
    if (typeof data?.title === 'string' && data.title.trim()) words.title = joinFoldedWideText(data.title.trim());
    if (typeof data?.description === 'string' && data.description.trim()) words.description = joinFoldedWideText(data.description.trim());
    return words;
  } catch {
    return {};
  }
}
