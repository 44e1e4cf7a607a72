/**
 * The parts of a lesson that must be the same in every language, read from its MDX without compiling it:
 * headings (the site takes heading ids from the English headings by position), Mermaid diagrams, the
 * components with their props, and code blocks. Lines are the file's, so problems can cite them.
 */
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { parseLessonMdx } from '../content/lesson-body.ts';
import { splitFrontmatter } from '../content/read-course.ts';
import { parseYamlWithLines, type ParsedYaml } from '../content/yaml-lines.ts';

export interface Heading {
  depth: number;
  text: string;
  line: number;
}
export interface CodeBlock {
  lang: string;
  value: string;
  line: number;
}
export interface Component {
  name: string;
  /** Attribute → value as written: text as is, an expression as `{…}`, a bare attribute as `true`. */
  props: Record<string, string>;
  line: number;
}

export interface Link {
  url: string;
  line: number;
}

export interface LessonStructure {
  frontmatter?: ParsedYaml & { lineOffset: number };
  headings: Heading[];
  /** Markdown links and `<a href>`, in order. */
  links: Link[];
  diagrams: CodeBlock[];
  code: CodeBlock[];
  components: Component[];
  syntaxError?: { line: number; message: string };
}


/** Parsed texts of the current check run: a lesson and its translations share one parse of the English. */
const parsed = new Map<string, LessonStructure>();
const MAX_CACHED = 200;

export function readLessonStructure(source: string): LessonStructure {
  const cached = parsed.get(source);
  if (cached) return cached;
  const result = parseLessonStructure(source);
  if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
  parsed.set(source, result);
  return result;
}

function parseLessonStructure(source: string): LessonStructure {
  const result: LessonStructure = { headings: [], links: [], diagrams: [], code: [], components: [] };
  const block = splitFrontmatter(source);
  const bodyLine = block?.bodyLine ?? 1;
  if (block) result.frontmatter = { ...parseYamlWithLines(block.yaml, 1), lineOffset: 1 };
  const body = block ? source.split('\n').slice(bodyLine - 1).join('\n') : source;
  const parsed = parseLessonMdx(body, bodyLine);
  if ('syntaxError' in parsed) {
    result.syntaxError = parsed.syntaxError;
    return result;
  }
  const { tree } = parsed;
  const lineOf = (node: { position?: { start: { line: number } } }) => (node.position?.start.line ?? 1) + bodyLine - 1;
  visit(tree, (node) => {
    if (node.type === 'heading') result.headings.push({ depth: node.depth, text: toString(node), line: lineOf(node) });
    else if (node.type === 'link') result.links.push({ url: node.url, line: lineOf(node) });
    else if (node.type === 'code') {
      const code = { lang: node.lang ?? '', value: node.value, line: lineOf(node) };
      (node.lang === 'mermaid' ? result.diagrams : result.code).push(code);
    } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && /^[A-Z]/.test(node.name)) {
      const props: Record<string, string> = {};
      for (const attribute of node.attributes) {
        if (attribute.type !== 'mdxJsxAttribute') continue;
        const value = attribute.value;
        props[attribute.name] = value === null || value === undefined ? 'true' : typeof value === 'string' ? value : `{${value.value}}`;
      }
      result.components.push({ name: node.name, props, line: lineOf(node) });
    } else if (node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') {
      const href = node.name === 'a' ? node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'href')?.value : undefined;
      if (typeof href === 'string') result.links.push({ url: href, line: lineOf(node) });
    }
  });
  return result;
}
