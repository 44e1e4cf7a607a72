/**
 * The starter files are shown twice on a sandbox page's first paint: as highlighted code for readers
 * without JavaScript and before the editor loads, and as text the island edits, runs and saves. Issue #15:
 * carrying them twice made the sandbox most of the heaviest lesson's weight. So the page carries each
 * shown file once, as its static code block, and the island reads the file's text back from that block
 * (island/page-data.ts).
 *
 * That is only safe when the block's text is exactly the file: Shiki drops the final line break, and the
 * HTML parser rewrites some text (CR LF becomes LF, NUL is replaced). So each block is parsed here, at
 * build time, the way a browser will parse it; a file whose text does not come back exactly (after the
 * recorded line ending) stays in the JSON instead, as does every file that has no tab. Only the first tab's
 * file is shown; the others are fetched (StaticStarter.deferred).
 * Build-time only.
 */
import { createShikiHighlighter } from '@astrojs/internal-helpers/shiki';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root, RootContent } from 'hast';
import type { LanguageRegistration } from 'shiki';
import { compactHighlighting } from '../integrations/shiki-compact.ts';
import { shikiLanguage } from './file-language.ts';
import type { FileTree } from './runtime.ts';

/** The same pair as markdown.shikiConfig.themes in astro.config.mjs, so sandbox code looks like every other code block. */
const THEMES = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;

export interface StaticBlock {
  path: string;
  /** The `<pre>` as Astro's <Code> would render it. */
  html: string;
}

export interface StaticStarter {
  /** The first tab's highlighted block: the one file a reader sees before choosing another. */
  blocks: StaticBlock[];
  /** Files the island reads from their block: path → the line ending to add back (Shiki drops the last one). */
  fromPage: Record<string, string>;
  /** The other tabs' files: not in the page at all, fetched by the island at boot (deferredStarterFiles). */
  deferred: string[];
  /** Files the page must still carry as text: no tab, or a block whose text would not round-trip. */
  inline: FileTree;
}

/**
 * Only the first tab's file is in the page (issue #15: on the heaviest lesson, the other 20 files were a
 * third of its HTML). The others are seen after a tab click, mostly on the way to the editor; the island
 * fetches them once at boot, and a reader without JavaScript gets a link to each as plain text
 * (src/pages/sandbox-starter/).
 */
export async function staticStarter(starter: FileTree, tabs: readonly { path: string }[]): Promise<StaticStarter> {
  const blocks: StaticBlock[] = [];
  const fromPage: Record<string, string> = {};
  const deferred = deferredStarterPaths(starter, tabs);
  const first = tabs[0]?.path;
  if (first !== undefined) {
    const text = starter[first] ?? '';
    const html = await highlight(text, shikiLanguage(first));
    blocks.push({ path: first, html });
    const ending = /(?:\r\n|\r|\n)$/.exec(text)?.[0] ?? '';
    if (first in starter && codeTextOf(html) + ending === text) fromPage[first] = ending;
  }
  const inline: FileTree = {};
  for (const [path, text] of Object.entries(starter)) if (!(path in fromPage) && !deferred.includes(path)) inline[path] = text;
  return { blocks, fromPage, deferred, inline };
}

/** The starter files of every tab after the first, in tab order: what the page does not carry. */
export function deferredStarterPaths(starter: FileTree, tabs: readonly { path: string }[]): string[] {
  return tabs.slice(1).map((tab) => tab.path).filter((path) => Object.hasOwn(starter, path));
}

/** `/sandbox-starter/<id>.json`'s body: the deferred files, path → text. */
export function deferredStarterFiles(starter: FileTree, tabs: readonly { path: string }[]): FileTree {
  return Object.fromEntries(deferredStarterPaths(starter, tabs).map((path) => [path, starter[path]!]));
}

async function highlight(code: string, lang: string): Promise<string> {
  // Bundled language names are accepted at run time (Astro's <Code> passes them too); the type lists only grammars.
  const highlighter = await createShikiHighlighter({ langs: [lang as unknown as LanguageRegistration], themes: THEMES });
  return highlighter.codeToHtml(code, lang, { defaultColor: false, wrap: false, transformers: [compactHighlighting] });
}

/** The text of the block's `<code>` as a browser's `textContent` gives it after parsing the HTML. */
export function codeTextOf(html: string): string {
  const code = find(fromHtml(html, { fragment: true }), 'code') ?? find(fromHtml(html, { fragment: true }), 'pre');
  return code ? textOf(code) : '';
}

function find(node: Root | Element, tagName: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tagName) return child;
    const found = find(child, tagName);
    if (found) return found;
  }
  return undefined;
}

function textOf(node: RootContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}
