/**
 * The interface words browser islands read by section (`sandbox`, `lab`, `wire`, …). A page names the
 * file with its language's words in `<meta name="course-strings" content="/locale-strings/ja.json?v=…">`
 * (src/i18n/browser-sections.ts builds it, English filled in for any key the language lacks); an island
 * awaits loadPageStrings() once before it shows words, and the browser caches the file across pages, so
 * lesson HTML carries none of them. Outside a browser (unit tests, scripts that reuse the same modules
 * under Node) the section is read from locales/en.yaml itself: English is never a second copy in src/.
 */
import type { LocaleStrings } from './lookup.ts';

type Table = Readonly<Record<string, LocaleStrings<string>>>;

let loaded: { url: string; table: Table } | undefined;
let pending: { url: string; promise: Promise<void> } | undefined;
const outsideBrowser = new Map<string, LocaleStrings<string>>();

function pageStringsUrl(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="course-strings"]')?.content || undefined;
}

async function fetchTable(url: string): Promise<Table> {
  let lastError: unknown;
  // One retry: a lesson opened while the network blinks should not show keys instead of words.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Table;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Loads this page's words (once per language: a view transition to a page in another language loads
 * that one). Never rejects: on failure lookups show their keys and the console says why.
 */
export function loadPageStrings(): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  const url = pageStringsUrl();
  if (!url || loaded?.url === url) return Promise.resolve();
  if (pending?.url === url) return pending.promise;
  const promise = fetchTable(url).then(
    (table) => {
      loaded = { url, table };
    },
    (error: unknown) => console.error(`[course] could not load the interface words from ${url}; buttons may show their keys.`, error),
  );
  pending = { url, promise };
  return promise;
}

/** The words of `section` for this page. Empty before loadPageStrings() settles (lookups then show the key). */
export function sectionStrings(section: string): LocaleStrings<string> {
  if (typeof document !== 'undefined') return loaded?.table[section] ?? {};
  let table = outsideBrowser.get(section);
  if (!table) {
    table = englishOutsideBrowser(section) ?? {};
    outsideBrowser.set(section, table);
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
