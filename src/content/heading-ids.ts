/**
 * The ids of a lesson's headings, in order, as Astro gives them (github-slugger over each heading's text,
 * the same rule lesson-body.ts checks anchors with). A translated lesson takes these ids by position, so
 * `#etag` names the same section in every language.
 */
import { createProcessor } from '@mdx-js/mdx';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { splitFrontmatter } from './read-course.ts';

const processor = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm] });

/** Heading ids of an MDX file's body (frontmatter skipped), in document order; [] when it does not parse. */
export function headingIds(source: string): string[] {
  const block = /^---\r?\n[\s\S]*?\r?\n---\s*(?:\r?\n|$)/.exec(source);
  const body = splitFrontmatter(source) && block ? source.slice(block[0].length) : source;
  let tree: Root;
  try {
    tree = processor.parse(body) as Root;
  } catch {
    return [];
  }
  const slugger = new GithubSlugger();
  const ids: string[] = [];
  visit(tree, 'heading', (node) => {
    ids.push(slugger.slug(toString(node)));
  });
  return ids;
}
