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
 * recorded line ending) stays in the JSON instead, as does every file that has no tab.
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
  /** One highlighted block per tab, in tab order. */
  blocks: StaticBlock[];
  /** Files the island reads from their block: path → the line ending to add back (Shiki drops the last one). */
  fromPage: Record<string, string>;
  /** Files the page must still carry as text: no tab, or a block whose text would not round-trip. */
  inline: FileTree;
}

/**
 * Only the first file, the one shown, is highlighted: the others are seen after a tab click (mostly on
 * the way to the editor) or, without JavaScript, as plain text; their token spans were most of a sandbox
 * lesson's elements.
 */
export async function staticStarter(starter: FileTree, tabs: readonly { path: string }[]): Promise<StaticStarter> {
  const blocks: StaticBlock[] = [];
  const fromPage: Record<string, string> = {};
  const inline: FileTree = {};
  for (const [index, { path }] of tabs.entries()) {
    const text = starter[path] ?? '';
    const html = await highlight(text, index === 0 ? shikiLanguage(path) : 'plaintext');
    blocks.push({ path, html });
    const ending = /(?:\r\n|\r|\n)$/.exec(text)?.[0] ?? '';
    if (path in starter && codeTextOf(html) + ending === text) fromPage[path] = ending;
  }
  for (const [path, text] of Object.entries(starter)) if (!(path in fromPage)) inline[path] = text;
  return { blocks, fromPage, inline };
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
