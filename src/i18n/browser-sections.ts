/**
 * The locale sections browser islands read at run time (sandbox, lab view, runtime, diagram viewer, wire
 * view), served once per language as a static JSON file, `/locale-strings/<lang>.json`, which the browser
 * caches across pages: embedding them in every lesson cost ~5.5 KB gzipped of HTML per page. The quiz
 * and the progress panel keep their words in their own payload because they render without JavaScript
 * and need them synchronously. English fills any key a language lacks, at build time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { localeSection, LOCALES_DIR, REFERENCE_LANG } from './locales.ts';
import { LAB_KEYS } from '../sandbox/lab-strings.ts';
import { SANDBOX_UI_KEYS } from '../sandbox/ui-strings.ts';
import { RUNTIME_KEYS } from '../sandbox/runtime-strings.ts';
import { DIAGRAM_VIEWER_KEYS } from '../diagrams/viewer-strings.ts';
import { WIRE_KEYS } from '../wire/view/wire-strings.ts';

export const BROWSER_SECTIONS: Readonly<Record<string, readonly string[]>> = {
  sandbox: SANDBOX_UI_KEYS,
  lab: LAB_KEYS,
  runtime: RUNTIME_KEYS,
  diagramViewer: DIAGRAM_VIEWER_KEYS,
  wire: WIRE_KEYS,
};

/** Every browser section for `lang`, English filling what the language lacks. */
export function browserStrings(lang: string, root = process.cwd()): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(BROWSER_SECTIONS).map(([section, keys]) => [section, localeSection(section, keys, lang, root)]));
}

/** The languages that get a file: English and every locales/<lang>.yaml. */
export function browserLanguages(root = process.cwd()): string[] {
  const dir = join(root, LOCALES_DIR);
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)) : [];
  return [...new Set([REFERENCE_LANG, ...files])];
}

/** The language whose file a page in `lang` uses: `ja-JP` → `ja` when only ja.yaml exists. */
export function browserLanguageFor(lang: string, root = process.cwd()): string {
  const available = new Set(browserLanguages(root));
  const parts = lang.split('-');
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('-');
    if (available.has(candidate)) return candidate;
  }
  return REFERENCE_LANG;
}

/** The URL a page links in `<meta name="course-strings">`; the content hash busts caches when words change. */
export function browserStringsUrl(lang: string, base: string, root = process.cwd()): string {
  const file = browserLanguageFor(lang, root);
  const hash = createHash('sha256').update(JSON.stringify(browserStrings(file, root))).digest('hex').slice(0, 10);
  return `${base.replace(/\/?$/, '/')}locale-strings/${file}.json?v=${hash}`;
}
