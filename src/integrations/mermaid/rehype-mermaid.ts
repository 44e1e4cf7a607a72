/**
 * rehype plugin: every ```mermaid block becomes a figure with one CSS-themed SVG drawn at build time
 * by real Mermaid in headless Chromium, plus a text alternative for screen readers (figure.ts). Its
 * `<style>` moves to the site's shared diagram stylesheet when it matches that exactly (shared-styles.ts).
 *
 * Without a usable browser the build still succeeds: the figure holds the source instead, the file gets
 * one small module script that draws it in the reader's browser, and the renderer prints a single
 * warning for the whole build. A diagram Mermaid cannot parse fails the build with a MermaidSyntaxError
 * naming the file and line.
 *
 * Used from astro.config.mjs as `unified({ rehypePlugins: [[rehypeMermaid, options]] })`; MDX inherits
 * the processor's plugins. Astro's Shiki step runs before user rehype plugins, so `mermaid` belongs in
 * `markdown.syntaxHighlight.excludeLangs`; blocks Shiki already highlighted are still found (by their
 * `data-language`), only without a line number for errors.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fallbackFigure, fallbackLoader, renderedFigure, type FigureDetails } from './figure.ts';
import { sharedRenderer, sharedState, withIdPrefix, type RendererOptions } from './renderer.ts';
import { sharedStyles } from './shared-styles.ts';
import { MermaidSyntaxError } from './syntax-error.ts';
import { describeDiagram, diagramKeyword } from './text-alternative.ts';
import { DEFAULT_VENDOR_URL, FALLBACK_SCRIPT } from './vendor-files.ts';

export interface RehypeMermaidOptions extends RendererOptions {
  /**
   * URL folder the fallback loads Mermaid from (the integration serves and copies the files there).
   * Default `/vendor/mermaid/`; prefix it with Astro's `base` when the site does not live at `/`.
   */
  vendorUrl?: string;
}

/** The part of a vfile this plugin reads. */
interface FileLike {
  path?: string;
  cwd: string;
}

/** Any node with children: hast roots and elements, and MDX's JSX elements such as `<Callout>`. */
interface ParentNode {
  children: { type: string }[];
}

interface MermaidBlock {
  node: Element;
  parent: ParentNode;
  source: string;
  fenceLine: number | undefined;
}

export default function rehypeMermaid(options: RehypeMermaidOptions = {}) {
  const vendorUrl = ensureTrailingSlash(options.vendorUrl ?? DEFAULT_VENDOR_URL);
  return async function transform(tree: Root, file: FileLike): Promise<void> {
    const blocks = findMermaidBlocks(tree);
    if (blocks.length === 0) return;
    const renderer = sharedRenderer(options);
    const relativePath = file.path ? path.relative(file.cwd, file.path).split(path.sep).join('/') : '<unnamed file>';
    const filePrefix = `diagram-${createHash('sha256').update(relativePath).digest('hex').slice(0, 6)}`;
    // The same shared styles the site's stylesheet holds (shared-styles.ts), drawn once per build.
    const styles = sharedStyles(renderer, sharedState().logger);

    // Start every render at once; the renderer's queue runs them one after another in one page.
    const figures = await Promise.all(
      blocks.map(async (block, index) => {
        const alternative = describeDiagram(block.source);
        const details: FigureDetails = {
          idPrefix: `${filePrefix}-${index + 1}`,
          alternative,
          diagramType: diagramKeyword(block.source),
        };
        const outcome = await renderer.render(block.source, alternative.title).catch((error: unknown) => {
          throw renderFailure(error, relativePath, index + 1, block.fenceLine);
        });
        if (outcome.kind === 'syntax-error') {
          const problem = {
            file: relativePath,
            diagramNumber: index + 1,
            fenceLine: block.fenceLine,
            source: block.source,
            mermaidMessage: outcome.message,
          };
          throw new MermaidSyntaxError(problem, file.path ?? relativePath);
        }
        if (outcome.kind === 'no-browser') return { figure: fallbackFigure(block.source, details), fallback: true };
        const figure = renderedFigure(withIdPrefix(outcome.svg, details.idPrefix), details, await styles);
        return { figure, fallback: false };
      }),
    );

    blocks.forEach((block, index) => {
      const replacement = figures[index]?.figure;
      if (replacement) block.parent.children[block.parent.children.indexOf(block.node)] = replacement;
    });
    if (figures.some((result) => result.fallback)) {
      sharedState().fallbackUsed = true;
      tree.children.push(fallbackLoader(`${vendorUrl}${FALLBACK_SCRIPT}`));
    }
  };
}

/**
 * ```mermaid blocks as remark-rehype emits them (`<pre><code class="language-mermaid">`), or as Shiki
 * leaves them when nobody excluded the language (`<pre data-language="mermaid">`).
 */
export function findMermaidBlocks(tree: Root): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  const walk = (parent: ParentNode): void => {
    for (const node of parent.children) {
      if (isElement(node) && node.tagName === 'pre') {
        const source = mermaidSource(node);
        if (source !== undefined) {
          blocks.push({ node, parent, source, fenceLine: node.position?.start.line });
          continue;
        }
      }
      if ('children' in node && Array.isArray(node.children)) walk(node as ParentNode);
    }
  };
  walk(tree);
  return blocks;
}

function isElement(node: { type: string }): node is Element {
  return node.type === 'element';
}


function mermaidSource(pre: Element): string | undefined {
  const code = pre.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
  if (code && classList(code).includes('language-mermaid')) return textOf(code).replace(/\n$/, '');
  if (pre.properties.dataLanguage === 'mermaid') return textOf(pre).replace(/\n$/, '');
  return undefined;
}

/**
 * Anything but a syntax error (a timeout, a crash inside Mermaid's layout) still names the diagram, so
 * the author knows which one to look at.
 */
export function renderFailure(error: unknown, file: string, diagramNumber: number, fenceLine: number | undefined): Error {
  const where = fenceLine !== undefined ? `${file}:${fenceLine}` : file;
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `Error in ${where}: Mermaid diagram ${diagramNumber} of this file could not be drawn at build time: ${reason}\n` +
      '  How to fix: check whether the diagram draws at https://mermaid.live; if it does, build again, and if it ' +
      'still fails, simplify the diagram or split it in two.',
    { cause: error },
  );
}

function classList(element: Element): string[] {
  const value: unknown = element.properties.className;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

function textOf(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
