/** Translated lessons take the English heading ids by position and link within their edition. */
import { describe, expect, it } from 'vitest';
import type { Element, Properties, Root } from 'hast';
import { applyHeadingIds, prefixLinks, translationSource } from '../../src/integrations/rehype-translation.ts';
import { headingIds } from '../../src/content/heading-ids.ts';

const h = (tagName: string, text: string, properties: Properties = {}): Element => ({ type: 'element', tagName, properties, children: [{ type: 'text', value: text }] });

describe('headingIds', () => {
  it('lists the ids Astro gives the headings, in order, skipping frontmatter and code', () => {
    const source = [
      '---', 'title: Polling', 'goals:', '  - one', '---', '',
      '## What polling costs', 'Text.', '',
      '### The `ETag` header', '',
      '```md', '## not a heading', '```', '',
      '<Callout>', '', '## Inside a component', '', '</Callout>', '',
      '## What polling costs', '',
    ].join('\n');
    expect(headingIds(source)).toEqual(['what-polling-costs', 'the-etag-header', 'inside-a-component', 'what-polling-costs-1']);
  });
});

describe('applyHeadingIds', () => {
  it('gives each heading the English id at its position, and leaves other elements alone', () => {
    const tree: Root = { type: 'root', children: [h('h2', 'ポーリングのコスト'), h('p', '本文'), h('h3', 'ETag ヘッダー'), h('h2', '余分な見出し')] };
    applyHeadingIds(tree, ['what-polling-costs', 'the-etag-header']);
    const ids = tree.children.map((node) => (node.type === 'element' ? node.properties.id : undefined));
    expect(ids).toEqual(['what-polling-costs', undefined, 'the-etag-header', undefined]);
  });
});

describe('prefixLinks', () => {
  it('prefixes Markdown and JSX links to translated pages, and only those', () => {
    const jsx = { type: 'mdxJsxTextElement', name: 'a', attributes: [{ type: 'mdxJsxAttribute', name: 'href', value: '/foundations/polling/#etag' }], children: [] };
    const tree = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'a', properties: { href: '/foundations/polling/#etag' }, children: [] },
        { type: 'element', tagName: 'a', properties: { href: '/push/web-push/' }, children: [] },
        { type: 'element', tagName: 'a', properties: { href: 'https://example.com/' }, children: [] },
        jsx,
      ],
    } as unknown as Root;
    prefixLinks(tree, 'ja', (path) => path === '/foundations/polling/');
    const hrefs = (tree.children as Array<{ properties?: { href?: string } }>).slice(0, 3).map((node) => node.properties?.href);
    expect(hrefs).toEqual(['/ja/foundations/polling/#etag', '/push/web-push/', 'https://example.com/']);
    expect(jsx.attributes[0]!.value).toBe('/ja/foundations/polling/#etag');
    const langs = (tree.children as Array<{ properties?: { hrefLang?: string } }>).slice(0, 3).map((node) => node.properties?.hrefLang);
    expect(langs, 'a link left on an English page says so').toEqual([undefined, 'en', undefined]);
  });
});

describe('translationSource', () => {
  it('recognises translated lesson files and names the English file they translate', () => {
    expect(translationSource('lessons/ja/01-foundations/02-polling.mdx')).toEqual({ lang: 'ja', english: 'lessons/01-foundations/02-polling.mdx' });
    expect(translationSource('lessons/01-foundations/02-polling.mdx')).toBeUndefined();
    expect(translationSource('src/pages/authoring.mdx')).toBeUndefined();
    expect(translationSource('lessons/Draft/01-foundations/02-polling.mdx')).toBeUndefined();
  });
});
