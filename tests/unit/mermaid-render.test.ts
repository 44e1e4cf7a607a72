/**
 * Build-time rendering with real Mermaid in real Chromium: MDX and Markdown through Astro's processor,
 * the resulting HTML opened in a second Chromium to check what readers and screen readers get.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MermaidRenderer, closeMermaidRenderer, parseMermaid, sharedRenderer } from '../../src/integrations/mermaid/renderer.ts';
import { resetSharedStyles, sharedStyles } from '../../src/integrations/mermaid/shared-styles.ts';
import { MermaidSyntaxError } from '../../src/integrations/mermaid/syntax-error.ts';
import { axeViolations, collectPageErrors, launchBrowser } from '../e2e/browser.ts';
import { markdownToHtml, mdxToHtml, sitePage } from '../fixtures/mermaid/render-content.ts';

const POLLING = [
  '```mermaid',
  'sequenceDiagram',
  '  accTitle: Polling',
  '  accDescr: The client asks the server for news every two seconds.',
  '  participant C as Client',
  '  participant S as Server',
  '  loop every 2 s',
  '    C->>S: GET /poll',
  '    S-->>C: 200 []',
  '  end',
  '```',
].join('\n');

const HANDSHAKE = [
  '```mermaid',
  'sequenceDiagram',
  '  autonumber',
  '  participant C as Client',
  '  participant S as Server',
  '  C->>S: GET /chat (Upgrade: websocket)',
  '  S-->>C: 101 Switching Protocols',
  '  Note over C,S: Frames flow both ways',
  '  C-xS: connection lost',
  '```',
].join('\n');

const HANDSHAKE_DESCRIPTION =
  'Sequence diagram between Client and Server: 1. Client to Server: GET /chat (Upgrade: websocket). ' +
  '2. Server to Client: 101 Switching Protocols. Note over Client and Server: Frames flow both ways. ' +
  '3. Client to Server (crossed arrow): connection lost.';

let cacheDir: string;
let viewer: Browser;
let page: Page;
let pageErrors: string[];
let mdxHtml: string;
let markdownHtml: string;
const warnings: string[] = [];

beforeAll(async () => {
  // Shared styles are drawn once per process; draw them anew with this file's renderer and cache.
  resetSharedStyles();
  cacheDir = await mkdtemp(path.join(tmpdir(), 'mermaid-cache-'));
  viewer = await launchBrowser();
  page = await viewer.newPage();
  pageErrors = collectPageErrors(page);
  const options = { cacheDir, timeoutMs: 20_000, logger: { warn: (message: string) => warnings.push(message) } };
  mdxHtml = await mdxToHtml(`## Polling\n\n${POLLING}\n\nThen a WebSocket:\n\n${HANDSHAKE}\n`, 'lessons/test/one.mdx', options);
  // A second file with the same first diagram: ids must still differ when both land on one page.
  markdownHtml = await markdownToHtml(`# Again\n\n${POLLING}\n`, 'lessons/test/two.md', options);
  await page.setContent(await sitePage(mdxHtml + markdownHtml));
});

afterAll(async () => {
  await closeMermaidRenderer();
  await viewer?.close();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

describe('build-time rendering', () => {
  it('turns every mermaid block into a figure with one SVG and no Mermaid JavaScript', () => {
    expect(warnings).toEqual([]);
    for (const html of [mdxHtml, markdownHtml]) {
      expect(html).not.toContain('language-mermaid');
      expect(html).not.toContain('data-mermaid');
      expect(html).not.toContain('<script');
      expect(html).not.toContain('diagram-light');
    }
    expect(mdxHtml.match(/<figure class="diagram"[^>]*><div class="diagram-scroll"[^>]*><svg /g)).toHaveLength(2);
    expect(markdownHtml.match(/<figure class="diagram"[^>]*><div class="diagram-scroll"[^>]*><svg /g)).toHaveLength(1);
    // Mermaid's <style> is the same in every sequence diagram, so it lives in the shared stylesheet.
    for (const html of [mdxHtml, markdownHtml]) {
      expect(html).not.toContain('<style');
      expect(html.match(/<svg [^>]*class="diagram-style-sequenceDiagram"/g)?.length).toBe(html.match(/<svg /g)?.length);
    }
  });

  it('gives every element a unique id and resolves every reference inside its own SVG', async () => {
    const report = await page.evaluate(() => {
      const ids = Array.from(document.querySelectorAll('[id]'), (element) => element.id);
      const broken: string[] = [];
      let references = 0;
      for (const svg of document.querySelectorAll('figure svg')) {
        for (const element of svg.querySelectorAll('*')) {
          for (const attribute of Array.from(element.attributes)) {
            const targets =
              attribute.name === 'aria-labelledby'
                ? attribute.value.split(' ')
                : Array.from(attribute.value.matchAll(/url\(#([\w-]+)\)/g), (match) => match[1] ?? '');
            for (const id of targets) {
              references++;
              if (!svg.querySelector(`[id="${id}"]`)) broken.push(`${attribute.name}=${attribute.value}`);
            }
          }
        }
        const label = svg.getAttribute('aria-labelledby') ?? '';
        references++;
        if (!svg.querySelector(`[id="${label}"]`)) broken.push(`svg aria-labelledby=${label}`);
      }
      return { total: ids.length, unique: new Set(ids).size, references, broken };
    });
    expect(report.total).toBeGreaterThan(20);
    expect(report.unique).toBe(report.total);
    expect(report.references).toBeGreaterThan(10);
    expect(report.broken).toEqual([]);
  });

  it('colours the one SVG from the theme\'s custom properties: light, dark and forced colours from the same markup', async () => {
    // No colour of Mermaid's own is left for the roles the site themes; the placeholders are all replaced,
    // in the SVGs and in the shared stylesheet that holds Mermaid's rules for them.
    const { css } = await sharedStyles(sharedRenderer());
    expect(css).toContain('fill:var(--diagram-text)');
    expect(mdxHtml + css).not.toMatch(/#c0de[0-9a-f]{2}/i);
    const fills = () =>
      page.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'CanvasText';
        document.body.append(probe);
        const canvasText = getComputedStyle(probe).color;
        probe.remove();
        const messages = new Set(Array.from(document.querySelectorAll('figure .messageText'), (text) => getComputedStyle(text).fill));
        const actors = new Set(Array.from(document.querySelectorAll('figure rect.actor'), (rect) => getComputedStyle(rect).fill));
        return { messages: [...messages], actors: [...actors], canvasText };
      });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    expect(await fills()).toMatchObject({ messages: ['rgb(27, 31, 36)'], actors: ['rgb(232, 240, 251)'] });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect(await fills()).toMatchObject({ messages: ['rgb(230, 237, 243)'], actors: ['rgb(28, 42, 58)'] });
    // Forced colours do not repaint SVG fills by themselves; global.css maps the roles to system colours.
    await page.emulateMedia({ forcedColors: 'active' });
    try {
      const forced = await fills();
      expect(forced.messages).toEqual([forced.canvasText]);
      expect(forced.actors).not.toEqual(forced.messages);
    } finally {
      await page.emulateMedia({ forcedColors: 'none' });
      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    }
  });

  it('exposes each diagram as one image named by its title, with the description as the figure caption', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
      const polling = page.getByRole('img', { name: 'Polling', exact: true });
      const handshake = page.getByRole('img', { name: 'Sequence diagram between Client and Server', exact: true });
      // One image per figure in either theme: the same SVG serves both.
      expect(await polling.count()).toBe(2);
      expect(await handshake.count()).toBe(1);
      expect(await page.getByRole('img').count()).toBe(3);
      expect(await handshake.evaluate((svg) => svg.closest('figure')?.querySelector('figcaption')?.textContent)).toBe(
        HANDSHAKE_DESCRIPTION,
      );
      expect(await polling.first().evaluate((svg) => svg.closest('figure')?.querySelector('figcaption')?.textContent)).toBe(
        'The client asks the server for news every two seconds.',
      );
      expect(await axeViolations(page)).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });

  it('keeps text at WCAG AA contrast (4.5:1) against what it is drawn on, in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
      const measured = await page.evaluate(() => {
        const channels = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        // WCAG 2.2 relative luminance and contrast ratio definitions.
        const luminance = (colour: string) => {
          const [r = 0, g = 0, b = 0] = channels(colour).map((v) => {
            const c = v / 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a: string, b: string) => {
          const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
          return (hi + 0.05) / (lo + 0.05);
        };
        const pageBackground = getComputedStyle(document.body).backgroundColor;
        // [what, text selector, selector of the shape behind it, or null for the page itself]
        const pairs: [string, string, string | null][] = [
          ['message', '.messageText', null],
          ['loop condition', '.loopText', null],
          ['participant', 'text.actor > tspan', 'rect.actor'],
          ['note', '.noteText', 'rect.note'],
          ['block label', '.labelText', '.labelBox'],
          ['sequence number', '.sequenceNumber', 'marker[id$="-sequencenumber"] circle'],
        ];
        const results: { what: string; ratio: number }[] = [];
        for (const svg of document.querySelectorAll('figure svg')) {
          if (!svg.checkVisibility()) continue;
          for (const [what, textSelector, behindSelector] of pairs) {
            const behind = behindSelector ? svg.querySelector(behindSelector) : null;
            const background = behind ? getComputedStyle(behind).fill : pageBackground;
            for (const text of svg.querySelectorAll(textSelector)) {
              results.push({ what, ratio: Math.round(ratio(getComputedStyle(text).fill, background) * 100) / 100 });
            }
          }
        }
        return results;
      });
      const kinds = new Set(measured.map((m) => m.what));
      expect(kinds).toEqual(new Set(['message', 'loop condition', 'participant', 'note', 'block label', 'sequence number']));
      expect(measured.filter((m) => m.ratio < 4.5)).toEqual([]);
    }
  });

  it('drops the icon definitions a sequence diagram does not use', () => {
    expect(mdxHtml).not.toMatch(/-database"|-computer"|-clock"/);
    expect(mdxHtml).toMatch(/<marker id="diagram-[0-9a-f]{6}-1-arrowhead"/);
  });
});

describe('render cache', () => {
  it('stores one SVG per diagram, and serves them again without any browser', async () => {
    // Two diagrams, plus the sample the shared stylesheet is drawn from (shared-styles.ts).
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.svg'))).toHaveLength(3);
    const again: string[] = [];
    const cachedOnly = { cacheDir, chromiumPath: null, logger: { warn: (message: string) => again.push(message) } };
    const html = await mdxToHtml(`## Polling\n\n${POLLING}\n\nThen a WebSocket:\n\n${HANDSHAKE}\n`, 'lessons/test/one.mdx', cachedOnly);
    // chromiumPath null means no browser can start, so identical SVGs can only have come from the cache.
    expect(again).toEqual([]);
    expect(html).toBe(mdxHtml);
  });
});

describe('syntax errors', () => {
  const broken = [
    '---',
    'title: Broken',
    '---',
    '',
    '## Fine so far',
    '',
    POLLING,
    '',
    '```mermaid',
    'sequenceDiagram',
    '  accTitle: Broken arrow',
    '  A->>B: hello',
    '  A-->>>B: one arrowhead too many',
    '```',
    '',
  ].join('\n');

  it('fail with the file, the line of the bad diagram line, what Mermaid said and how to fix it', async () => {
    const error = await mdxToHtml(broken, 'lessons/test/broken.mdx', { cacheDir, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MermaidSyntaxError);
    const syntaxError = error as MermaidSyntaxError;
    // The MDX processor sees the file with its frontmatter, so this is the line an editor shows.
    expect(syntaxError.loc.line).toBe(broken.split('\n').indexOf('  A-->>>B: one arrowhead too many') + 1);
    expect(syntaxError.loc.file).toBe(path.join(process.cwd(), 'lessons/test/broken.mdx'));
    expect(syntaxError.message).toMatchInlineSnapshot(`
      "Error in lessons/test/broken.mdx:23: Mermaid could not parse the \`\`\`mermaid block that starts at line 19, on line 4 of the diagram.
        Mermaid says:
          Parse error on line 4:
          ...A->>B: hello  A-->>>B: one arrowhead to
          ----------------------^
          Expecting 'link', '+', '-', '()', 'ACTOR', got 'INVALID'
        How to fix: correct the diagram so Mermaid accepts it (the syntax is described at https://mermaid.js.org/syntax/sequenceDiagram.html), then build again."
    `);
  });
});

describe('parseMermaid', () => {
  it("returns Mermaid's verdict and the line it blames", async () => {
    expect(await parseMermaid('sequenceDiagram\n  A->>B: hi', { cacheDir })).toEqual({ valid: true, diagramType: 'sequence' });
    const invalid = await parseMermaid('sequenceDiagram\n  A->>B: hi\n  A-->>>B: bad', { cacheDir });
    expect(invalid).toMatchObject({ valid: false, line: 3 });
    expect(invalid.valid === false && invalid.message).toContain("Expecting 'link'");
  });

  it('says how to get a browser when there is none', async () => {
    await expect(parseMermaid('sequenceDiagram\n  A->>B: hi', { chromiumPath: null, logger: { warn() {} } })).rejects.toThrow(
      /^Checking Mermaid syntax needs Chromium, but build-time rendering is turned off \(the chromiumPath option is null\)\. Install one/,
    );
  });
});

describe('browser lifetime', () => {
  it('lets the browser go when idle, so a forgotten close cannot keep Node running, and starts anew on demand', async () => {
    const renderer = new MermaidRenderer({ cacheDir: false, idleCloseMs: 200, timeoutMs: 20_000 });
    try {
      expect((await renderer.render('sequenceDiagram\n  A->>B: one', 'One')).kind).toBe('rendered');
      expect(renderer.isOpen).toBe(true);
      await vi.waitFor(() => expect(renderer.isOpen).toBe(false), { timeout: 5_000, interval: 50 });
      expect((await renderer.render('sequenceDiagram\n  A->>B: two', 'Two')).kind).toBe('rendered');
      expect(renderer.stats).toEqual({ launches: 2, renders: 2, cacheHits: 0 });
    } finally {
      await renderer.close();
    }
  });
});
