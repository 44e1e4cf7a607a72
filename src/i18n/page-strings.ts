/**
 * The interface words a browser island reads by section (`lab`, …) without being handed a table: the page
 * embeds each section its islands use once, for the page's language, as
 * `<script type="application/json" data-locale-section="lab">` (LocaleSection.astro, English filled in at
 * build time for any key the language lacks). Outside a browser (unit tests, scripts that reuse the same
 * modules under Node) there is no page, so the section is read from locales/en.yaml itself: English is
 * never a second copy in src/.
 */
import type { LocaleStrings } from './lookup.ts';

const tables = new Map<string, LocaleStrings<string>>();

/** The words of `section` for this page (read once, then kept). Empty when the page embedded none. */
export function sectionStrings(section: string): LocaleStrings<string> {
  let table = tables.get(section);
  if (!table) {
    table = embedded(section) ?? englishOutsideBrowser(section) ?? {};
    tables.set(section, table);
  }
  return table;
}

function embedded(section: string): LocaleStrings<string> | undefined {
  if (typeof document === 'undefined') return undefined;
  const script = document.querySelector(`script[data-locale-section="${section}"]`);
  return script?.textContent ? (JSON.parse(script.textContent) as LocaleStrings<string>) : undefined;
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
  const english = parse(readFileSync(new URL('../../locales/en.yaml', import.meta.url), 'utf8')) as Record<string, LocaleStrings<string>>;
  return english[section];
}
