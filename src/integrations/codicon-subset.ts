/**
 * Monaco's icon font with only the glyphs Monaco can show. codicon.ttf draws ~650 icons for the whole of
 * VS Code (75 KB gzipped, 7 % of what activating the editor downloads); the editor's own code names about
 * a hundred of them.
 *
 * Which ones is read from Monaco's modules, not listed by hand, so an upgrade brings its new icons along:
 * an icon is shown only through `Codicon.<name>` (which registerIcon() and the icon style sheet build on),
 * a `$(id)` label or a `codicon-<id>` class in the code. Every module of monaco-editor's ESM build is read,
 * not just the ones a sandbox bundles: a few glyphs more, never one missing. Ids map to glyphs through
 * Monaco's own table (`getCodiconFontCharacters`).
 *
 * monaco-styles.ts asks for the subset's style sheet in place of Monaco's codicon.css: the same text,
 * written beside the subset font under the same file name, so Vite hashes and serves the subset.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

/** Monaco's ESM build (monaco-editor/esm/vs): `monaco-editor/<path>` maps to `esm/vs/<path>`. */
const MONACO_VS = dirname(fileURLToPath(import.meta.resolve('monaco-editor/editor/editor.api.js'))).replace(/[\\/]editor$/, '');
const CODICON_DIR = join(MONACO_VS, 'base', 'browser', 'ui', 'codicons', 'codicon');
/** The style sheet whose @font-face names the font; monaco-styles.ts swaps it for the subset's. */
export const CODICON_CSS = join(CODICON_DIR, 'codicon.css');
const FONT_FILE = 'codicon.ttf';
/** Monaco's whole icon font. */
export const CODICON_FONT = join(CODICON_DIR, FONT_FILE);

interface CodiconTables {
  /** `Codicon.<property>` → its id, e.g. `chevronDown` → `chevron-down`. */
  idOfProperty: ReadonlyMap<string, string>;
  /** Icon id → code point in codicon.ttf, derived icons (`dialog-error` → `error`) included. */
  codePointOfId: ReadonlyMap<string, number>;
}

/** Monaco's own tables, from the modules the editor uses at run time. */
export async function codiconTables(): Promise<CodiconTables> {
  const { Codicon } = await import('monaco-editor/base/common/codicons.js');
  const { getCodiconFontCharacters } = await import('monaco-editor/base/common/codiconsUtil.js');
  return {
    idOfProperty: new Map(Object.entries(Codicon).map(([property, icon]) => [property, icon.id])),
    codePointOfId: new Map(Object.entries(getCodiconFontCharacters())),
  };
}

/** The icon ids that `source` can show, among the known ones. */
export function iconIdsIn(source: string, tables: CodiconTables): Set<string> {
  const ids = new Set<string>();
  const add = (id: string | undefined): void => {
    if (id !== undefined && tables.codePointOfId.has(id)) ids.add(id);
  };
  for (const [, property] of source.matchAll(/\bCodicon\.(\w+)/g)) add(tables.idOfProperty.get(property!));
  for (const [, id] of source.matchAll(/\$\(([a-z0-9-]+)(?:~[a-z]+)?\)/g)) add(id);
  for (const [, id] of source.matchAll(/\bcodicon-([a-z0-9-]+)/g)) add(id);
  return ids;
}

async function javaScriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((entry) => join(entry.parentPath, entry.name));
}

/** Every icon id some module of Monaco's ESM build can show. */
export async function iconIdsInMonaco(tables: CodiconTables): Promise<Set<string>> {
  const sources = await Promise.all((await javaScriptFiles(MONACO_VS)).map((file) => readFile(file, 'utf8')));
  return new Set(sources.flatMap((source) => [...iconIdsIn(source, tables)]));
}

/** codicon.ttf cut down to the glyphs of `ids`. */
export async function subsetCodicon(ids: Iterable<string>, tables: CodiconTables): Promise<Buffer> {
  const text = String.fromCodePoint(...[...ids].map((id) => tables.codePointOfId.get(id)!));
  return subsetFont(await readFile(CODICON_FONT), text, { targetFormat: 'truetype' });
}

/**
 * Writes the subset font and Monaco's codicon.css beside it into `outDir`, and returns the style sheet's
 * path. The font keeps its file name, so the sheet's `url(./codicon.ttf)` finds the subset.
 */
export async function writeCodiconSubset(outDir: string): Promise<string> {
  const tables = await codiconTables();
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, FONT_FILE), await subsetCodicon(await iconIdsInMonaco(tables), tables));
  const sheet = join(outDir, 'codicon.css');
  await copyFile(CODICON_CSS, sheet);
  return sheet;
}
