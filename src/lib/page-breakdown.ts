/**
 * What a built page is made of (issue #15: lesson HTML ≤ 20 KB gzipped, ≤ 1,500 elements): the bytes
 * of each part that matters for weight, raw and gzipped on its own, and the page's element count.
 * `npm run bench:pages` prints it per page so a regression names its cause.
 *
 * Parts are measured by slicing the page's own bytes (each element's source from its start tag to its
 * end tag, from parse5's positions), so the numbers add up to what is sent; a part inside another (the
 * sandbox's JSON inside the sandbox) is listed under both.
 */
import { gzipSync } from 'node:zlib';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root, RootContent } from 'hast';

export interface PagePart {
  name: string;
  count: number;
  /** Elements inside the part's elements, themselves included. */
  elements: number;
  raw: number;
  gzip: number;
}

export interface PageBreakdown {
  raw: number;
  gzip: number;
  elements: number;
  parts: PagePart[];
}

/** Which elements make up each part. */
const PARTS: { name: string; match: (element: Element, ancestors: Element[]) => boolean }[] = [
  { name: 'inline <style>', match: (e) => e.tagName === 'style' },
  { name: 'inline <script> (code)', match: (e) => e.tagName === 'script' && !e.properties.src && !String(e.properties.type ?? '').includes('json') },
  { name: 'JSON <script> (data)', match: (e) => e.tagName === 'script' && String(e.properties.type ?? '').includes('json') },
  { name: '<course-sandbox>', match: (e) => e.tagName === 'course-sandbox' },
  { name: '  sandbox static code', match: (e, up) => e.tagName === 'pre' && up.some((a) => a.tagName === 'course-sandbox') },
  { name: '  sandbox data JSON', match: (e) => e.tagName === 'script' && 'dataSandboxData' in e.properties },
  { name: '<course-quiz>', match: (e) => e.tagName === 'course-quiz' },
  { name: '  quiz data JSON', match: (e) => e.tagName === 'script' && 'dataQuizData' in e.properties },
  { name: 'diagram <svg>', match: (e, up) => e.tagName === 'svg' && !up.some((a) => a.tagName === 'svg') && up.some((a) => a.tagName === 'figure') },
  { name: 'code blocks <pre> (prose)', match: (e, up) => e.tagName === 'pre' && !up.some((a) => a.tagName === 'course-sandbox' || a.tagName === 'course-quiz') },
  { name: '<header> + <nav>', match: (e, up) => (e.tagName === 'header' || e.tagName === 'nav') && !up.some((a) => a.tagName === 'header' || a.tagName === 'nav' || a.tagName === 'main') },
];

export function pageBreakdown(html: string): PageBreakdown {
  const tree = fromHtml(html);
  const bytes = Buffer.from(html);
  // parse5 positions are in UTF-16 code units of the string; slice the string, then measure its UTF-8 bytes.
  const slices = new Map<string, string[]>(PARTS.map((part) => [part.name, []]));
  const counts = new Map<string, number>(PARTS.map((part) => [part.name, 0]));
  let elements = 0;
  const walk = (nodes: RootContent[] | Root['children'], ancestors: Element[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      elements++;
      for (const part of PARTS) if (part.match(node, ancestors) || ancestors.some((a, i) => part.match(a, ancestors.slice(0, i)))) counts.set(part.name, counts.get(part.name)! + 1);
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      for (const part of PARTS) {
        if (start !== undefined && end !== undefined && part.match(node, ancestors)) slices.get(part.name)!.push(html.slice(start, end));
      }
      // A <template>'s content is a separate fragment in hast.
      walk(node.tagName === 'template' && node.content ? node.content.children : node.children, [...ancestors, node]);
    }
  };
  walk(tree.children, []);
  const parts = PARTS.map(({ name }) => {
    const found = slices.get(name)!;
    const text = found.join('');
    return { name, count: found.length, elements: counts.get(name)!, raw: Buffer.byteLength(text), gzip: found.length ? gzip(text) : 0 };
  }).filter((part) => part.count > 0);
  return { raw: bytes.length, gzip: gzip(bytes), elements, parts };
}

/** gzip -9, as a static host would precompress. */
export function gzip(data: string | Buffer): number {
  return gzipSync(data, { level: 9 }).length;
}

export function formatBreakdown(page: string, breakdown: PageBreakdown): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  const lines = [`${page}: ${kb(breakdown.raw)} raw, ${kb(breakdown.gzip)} gzip, ${breakdown.elements} elements`];
  for (const part of breakdown.parts) lines.push(`  ${`${part.name} ×${part.count}`.padEnd(34)}${kb(part.raw)} raw ${kb(part.gzip)} gzip ${String(part.elements).padStart(6)} elements`);
  return lines.join('\n');
}
