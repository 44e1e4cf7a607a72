/**
 * Rehype step for translated lessons (`lessons/<lang>/<NN-phase>/<NN-slug>.mdx`); English lessons pass
 * through untouched.
 * - Heading ids are the English lesson's, by position (the translation keeps the same headings in the same
 *   order), so `/ja/foundations/polling/#etag` and `/foundations/polling/#etag` are the same section and
 *   cross-links written with English anchors work in both editions. It runs before Astro's own heading-id
 *   step, which keeps an id that is already set and lists it in the page's table of contents.
 * - Internal absolute links (`/foundations/polling/#etag`, as translators keep them) point into the same
 *   edition (`/ja/foundations/polling/#etag`) when that page exists there; otherwise to English.
 * - Line breaks between two Japanese characters in prose are removed (src/i18n/cjk-line-breaks.ts).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import { headingIds } from '../content/heading-ids.ts';
import { LANG_PATTERN } from '../content/schemas/lesson.ts';
import { editionLink, ROOT_EDITION } from '../i18n/edition-paths.ts';
import { readCourse } from '../content/read-course.ts';
import { readEdition } from '../content/editions.ts';
import { joinWideLineBreaksInTree } from '../i18n/cjk-line-breaks.ts';

export interface RehypeTranslationOptions {
  /** Project root; lessons are under `<root>/lessons`. Default: the working directory. */
  root?: string;
}

const HEADING = /^h[1-6]$/;

/** `lessons/ja/01-foundations/02-polling.mdx` → `{ lang: 'ja', english: 'lessons/01-foundations/02-polling.mdx' }`. */
export function translationSource(file: string): { lang: string; english: string } | undefined {
  const match = /^lessons\/([^/]+)\/(\d{2}-[^/]+\/\d{2}-[^/]+\.mdx)$/.exec(file);
  if (!match || !LANG_PATTERN.test(match[1]!)) return undefined;
  return { lang: match[1]!, english: `lessons/${match[2]}` };
}

/** Gives the headings of `tree` the ids in `ids`, by position; headings beyond the list keep theirs. */
export function applyHeadingIds(tree: Root, ids: readonly string[]): void {
  let index = 0;
  visit(tree, 'element', (node: Element) => {
    if (!HEADING.test(node.tagName)) return;
    const id = ids[index++];
    if (id !== undefined) node.properties = { ...node.properties, id };
  });
}

interface JsxAttribute { type: string; name?: string; value?: unknown }
interface JsxElement { type: 'mdxJsxFlowElement' | 'mdxJsxTextElement'; name: string | null; attributes: JsxAttribute[] }

/** A site link (`/…`) that stays in the root edition: it opens an English page, which `hreflang` says. */
const staysEnglish = (before: string, after: string) => before === after && before.startsWith('/') && !before.startsWith('//');

/**
 * Points `<a href>` (Markdown links and JSX `<a>`) into edition `lang` where the page exists; a site link
 * left pointing at an English page gets `hreflang="en"`.
 */
export function prefixLinks(tree: Root, lang: string, exists: (path: string) => boolean): void {
  visit(tree, (node) => {
    if (node.type === 'element' && (node as Element).tagName === 'a') {
      const element = node as Element;
      const href = element.properties?.href;
      if (typeof href !== 'string') return;
      const target = editionLink(href, lang, exists);
      element.properties = { ...element.properties, href: target, ...(staysEnglish(href, target) ? { hrefLang: ROOT_EDITION } : {}) };
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const jsx = node as unknown as JsxElement;
      if (jsx.name !== 'a') return;
      for (const attribute of [...jsx.attributes]) {
        if (attribute.type === 'mdxJsxAttribute' && attribute.name === 'href' && typeof attribute.value === 'string') {
          const target = editionLink(attribute.value, lang, exists);
          if (staysEnglish(attribute.value, target) && !jsx.attributes.some((a) => a.name === 'hrefLang' || a.name === 'hreflang')) jsx.attributes.push({ type: 'mdxJsxAttribute', name: 'hreflang', value: ROOT_EDITION });
          attribute.value = target;
        }
      }
    }
  });
}

/** Paths per edition, read once per build (a dev server restart picks up a new translation). */
const editionPaths = new Map<string, Set<string>>();

function pathsOf(root: string, lang: string): Set<string> {
  let paths = editionPaths.get(`${root}\0${lang}`);
  if (!paths) {
    paths = readEdition(readCourse({ root }).course, lang, root).paths;
    editionPaths.set(`${root}\0${lang}`, paths);
  }
  return paths;
}

export default function rehypeTranslation(options: RehypeTranslationOptions = {}) {
  const root = options.root ?? process.cwd();
  return (tree: Root, file: { path?: string; history?: string[] }) => {
    const path = file.path ?? file.history?.[0];
    if (!path) return;
    const source = translationSource(relative(root, path).split('\\').join('/'));
    if (!source) return;
    let english: string;
    try {
      english = readFileSync(join(root, source.english), 'utf8');
    } catch {
      return; // a translation of no English lesson: `npm run check` reports it as extra
    }
    applyHeadingIds(tree, headingIds(english));
    const paths = pathsOf(root, source.lang);
    prefixLinks(tree, source.lang, (target) => paths.has(target));
    joinWideLineBreaksInTree(tree);
  };
}
