/**
 * The interface words a browser island reads by section (`lab`, …) without being handed a table: the page
 * embeds each section its islands use once, for the page's language, as
 * `<script type="application/json" data-locale-section="lab">` (LocaleSection.astro, English filled in at
 * build time for any key the language lacks). Outside a browser (unit tests, scripts that reuse the same
 * modules under Node) there is no page, so the section is read from locales/en.yaml itself: English is
 * never a second copy in src/.
 */
import type { LocaleStrings } from './lookup.ts';

/** Parsed once per embedded element, so a page reached by a view transition gets its own language. */
const parsed = new WeakMap<Element, LocaleStrings<string>>();
const outsideBrowser = new Map<string, LocaleStrings<string>>();

/** The words of `section` for this page. Empty when the page embedded none (lookups then show the key). */
export function sectionStrings(section: string): LocaleStrings<string> {
  if (typeof document !== 'undefined') return embedded(section) ?? {};
  let table = outsideBrowser.get(section);
  if (!table) {
    table = englishOutsideBrowser(section) ?? {};
    outsideBrowser.set(section, table);
  }
  return table;
}

function embedded(section: string): LocaleStrings<string> | undefined {
  const script = document.querySelector(`script[data-locale-section="${section}"]`);
  if (!script?.textContent) return undefined;
  let table = parsed.get(script);
  if (!table) {
    table = JSON.parse(script.textContent) as LocaleStrings<string>;
    parsed.set(script, table);
  }
  return table;
}

interface NodeProcess {
  getBuiltinModule?: (name: string) => unknown;
}

/** Node only (process.getBuiltinModule, Node ≥ 22.3): no static import, so browser bundles carry none of it. */
function englishOutsideBrowser(section: string): LocaleStrings<string> | undefined {
  const get = (globalThis as { process?: NodeProcess }).process?.getBuiltinModule;
  if (!get) return undefined;
  const { readFileSync } = get('node:fs') as typeof import('node:fs');
  const { createRequire } = get('node:module') as typeof import('node:module');
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const { existsSync } = get('node:fs') as typeof import('node:fs');
  const { cwd } = (globalThis as { process: { cwd(): string } }).process;
  // Beside the sources when run from src/; from the project root when a bundler has moved this module.
  const beside = new URL('../../locales/en.yaml', import.meta.url);
  const file = import.meta.url.startsWith('file:') && existsSync(beside) ? beside : `${cwd()}/locales/en.yaml`;
  const english = parse(readFileSync(file, 'utf8')) as Record<string, LocaleStrings<string>>;
  return english[section];
}
