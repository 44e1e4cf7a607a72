/**
 * Reads what a lesson's MDX body points at — headings (as anchors), links, images, components,
 * diagrams and lessons named by number — with line numbers, without compiling it. `npm run check` uses this to find broken
 * references before a build does.
 */
import { createProcessor } from '@mdx-js/mdx';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { findLessonMentions } from './lesson-mentions.ts';

export interface BodyReference {
  value: string;
  line: number;
}

export interface ComponentUse {
  name: string;
  attributes: Record<string, string>;
  line: number;
}

export interface LessonBody {
  /** Heading ids as Astro generates them (github-slugger over the heading text). */
  anchors: Set<string>;
  links: BodyReference[];
  images: BodyReference[];
  components: ComponentUse[];
  diagrams: BodyReference[];
  /** Prose that names lessons by number, such as "lesson 9" or "lessons 13–14" (code is not prose). */
  lessonMentions: BodyReference[];
  /** Set when the MDX does not parse; nothing else is then reliable. */
  syntaxError?: { line: number; message: string };
}

const processor = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm] });

/** `bodyLine` is the 1-based line where the body starts in its file, so reported lines match the file. */
export function readLessonBody(body: string, bodyLine = 1): LessonBody {
  const result: LessonBody = { anchors: new Set(), links: [], images: [], components: [], diagrams: [], lessonMentions: [] };
  const lineOf = (node: { position?: { start: { line: number } } }) => (node.position?.start.line ?? 1) + bodyLine - 1;
  let tree: Root;
  try {
    tree = processor.parse(body) as Root;
  } catch (error) {
    const place = (error as { line?: number; place?: { line?: number; start?: { line?: number } } });
    const line = place.line ?? place.place?.line ?? place.place?.start?.line ?? 1;
    result.syntaxError = { line: line + bodyLine - 1, message: (error as Error).message.split('\n')[0] ?? String(error) };
    return result;
  }
  const slugger = new GithubSlugger();
  visit(tree, (node) => {
    switch (node.type) {
      case 'heading':
        result.anchors.add(slugger.slug(toString(node)));
        break;
      case 'link':
        result.links.push({ value: node.url, line: lineOf(node) });
        break;
      case 'image':
        result.images.push({ value: node.url, line: lineOf(node) });
        break;
      case 'text':
        result.lessonMentions.push(...findLessonMentions(node.value, lineOf(node)));
        break;
      case 'code':
        if (node.lang === 'mermaid') result.diagrams.push({ value: node.value, line: lineOf(node) });
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        if (!node.name) break;
        const attributes: Record<string, string> = {};
        for (const attribute of node.attributes) {
          if (attribute.type === 'mdxJsxAttribute' && typeof attribute.value === 'string') attributes[attribute.name] = attribute.value;
          if (attribute.type === 'mdxJsxAttribute' && attribute.name === 'id' && attribute.value === null) attributes.id = '';
          // Explicit ids on HTML elements are anchors too (a component's id prop is not an element id).
          if (/^[a-z]/.test(node.name) && attribute.type === 'mdxJsxAttribute' && attribute.name === 'id' && typeof attribute.value === 'string') result.anchors.add(attribute.value);
        }
        result.components.push({ name: node.name, attributes, line: lineOf(node) });
        if (node.name === 'img' && attributes.src) result.images.push({ value: attributes.src, line: lineOf(node) });
        if (node.name === 'a' && attributes.href) result.links.push({ value: attributes.href, line: lineOf(node) });
        break;
      }
    }
  });
  return result;
}
