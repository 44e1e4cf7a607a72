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

export interface ImageReference extends BodyReference {
  /** The alt text; empty when the author wrote none. */
  alt: string;
}

export interface ImportStatement {
  /** The module path, e.g. `../../src/components/Chart.astro`. */
  source: string;
  /** The local names it binds. */
  names: string[];
  line: number;
}

export interface LessonBody {
  /** Heading ids as Astro generates them (github-slugger over the heading text). */
  anchors: Set<string>;
  links: BodyReference[];
  images: ImageReference[];
  components: ComponentUse[];
  diagrams: BodyReference[];
  /** Prose that names lessons by number, such as "lesson 9" or "lessons 13–14" (code is not prose). */
  lessonMentions: BodyReference[];
  /** `# Heading` lines: the page already shows the frontmatter title as its only h1. */
  h1s: BodyReference[];
  /** `import … from '…'` statements at the top of the body. */
  imports: ImportStatement[];
  /** Names the body defines with `export const …`, which expressions may use. */
  exportedNames: Set<string>;
  /** `{…}` expressions in prose (not comments), with their source text. */
  expressions: BodyReference[];
  /** "TODO" / "FIXME" left in prose or in MDX comments (`{/ * … * /}`). */
  todos: BodyReference[];
  /** Set when the MDX does not parse; nothing else is then reliable. */
  syntaxError?: { line: number; message: string };
}

const processor = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm] });

/** The MDX body as an mdast tree (with GFM), or where MDX stopped reading it (a line in the file). */
export function parseLessonMdx(body: string, bodyLine = 1): { tree: Root } | { syntaxError: { line: number; message: string } } {
  try {
    return { tree: processor.parse(body) as Root };
  } catch (error) {
    return { syntaxError: syntaxErrorInFile(error, bodyLine) };
  }
}

/** `bodyLine` is the 1-based line where the body starts in its file, so reported lines match the file. */
export function readLessonBody(body: string, bodyLine = 1): LessonBody {
  const result: LessonBody = { anchors: new Set(), links: [], images: [], components: [], diagrams: [], lessonMentions: [], h1s: [], imports: [], exportedNames: new Set(), expressions: [], todos: [] };
  const lineOf = (node: { position?: { start: { line: number } } }) => (node.position?.start.line ?? 1) + bodyLine - 1;
  const parsed = parseLessonMdx(body, bodyLine);
  if ('syntaxError' in parsed) {
    result.syntaxError = parsed.syntaxError;
    return result;
  }
  const { tree } = parsed;
  const slugger = new GithubSlugger();
  visit(tree, (node) => {
    switch (node.type) {
      case 'heading':
        result.anchors.add(slugger.slug(toString(node)));
        if (node.depth === 1) result.h1s.push({ value: toString(node), line: lineOf(node) });
        break;
      case 'link':
        result.links.push({ value: node.url, line: lineOf(node) });
        break;
      case 'image':
        result.images.push({ value: node.url, line: lineOf(node), alt: (node.alt ?? '').trim() });
        break;
      case 'text':
        result.lessonMentions.push(...findLessonMentions(node.value, lineOf(node)));
        result.todos.push(...findTodos(node.value, lineOf(node)));
        break;
      case 'mdxjsEsm':
        readEsm(node.value, lineOf(node), result);
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression': {
        // `{/ * … * /}` (without the spaces) is how MDX writes a comment: not an expression, but a place TODOs hide.
        const code = node.value.replace(/\/\*[\s\S]*?\*\//g, '').trim();
        if (code) result.expressions.push({ value: node.value.trim(), line: lineOf(node) });
        else result.todos.push(...findTodos(node.value, lineOf(node)));
        break;
      }
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
        if (node.name === 'img' && attributes.src) result.images.push({ value: attributes.src, line: lineOf(node), alt: (attributes.alt ?? '').trim() });
        if (node.name === 'a' && attributes.href) result.links.push({ value: attributes.href, line: lineOf(node) });
        break;
      }
    }
  });
  return result;
}

const TODO = /\b(?:TODO|FIXME|XXX|TBD)\b/g;

function findTodos(text: string, firstLine: number): BodyReference[] {
  return [...text.matchAll(TODO)].map((match) => ({ value: match[0], line: firstLine + (text.slice(0, match.index).match(/\n/g)?.length ?? 0) }));
}

/** Reads `import` and `export const` statements well enough to know which names the body may use. */
function readEsm(code: string, firstLine: number, result: LessonBody): void {
  const IMPORT = /import\s+([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/g;
  for (const match of code.matchAll(IMPORT)) {
    const clause = match[1] ?? '';
    const names = [...clause.replace(/[{}]/g, ',').split(',')].map((part) => part.trim().split(/\s+as\s+/).pop()?.replace(/^\*\s*/, '').trim() ?? '').filter(Boolean);
    result.imports.push({ source: match[2] ?? '', names, line: firstLine + (code.slice(0, match.index).match(/\n/g)?.length ?? 0) });
  }
  for (const match of code.matchAll(/export\s+(?:const|let|function)\s+([A-Za-z_$][\w$]*)/g)) result.exportedNames.add(match[1] ?? '');
}

/**
 * micromark reports an unclosed tag without a line, only as "(6:1-6:22)" inside its message, and always in
 * body coordinates. Authors need the file's line, so both the line and the positions in the text are moved
 * by the frontmatter's length.
 */
export function syntaxErrorInFile(error: unknown, bodyLine: number): { line: number; message: string } {
  const shift = bodyLine - 1;
  const err = error as { line?: number; place?: { line?: number; start?: { line?: number } }; message?: string };
  const raw = (err.message ?? String(error)).split('\n')[0] ?? String(error);
  const inMessage = /\((\d+):\d+-\d+:\d+\)/.exec(raw);
  const line = err.line ?? err.place?.line ?? err.place?.start?.line ?? (inMessage ? Number(inMessage[1]) : 1);
  const message = raw.replace(/\((\d+):\d+-\d+:\d+\)/g, (_m, l1: string) => `(opened at line ${Number(l1) + shift})`);
  return { line: line + shift, message };
}
