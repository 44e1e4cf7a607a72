/**
 * Builds without a usable Chromium: fallback markup, one warning per build, the client script drawing
 * the diagrams in a real browser, and the Astro integration shipping the files that script needs.
 */
import type { AstroIntegration } from 'astro';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import mermaidIntegration, { vendorMiddleware } from '../../src/integrations/mermaid/integration.ts';
import { closeMermaidRenderer, sharedState } from '../../src/integrations/mermaid/renderer.ts';
import { collectPageErrors, launchBrowser } from '../e2e/browser.ts';
import { markdownToHtml, mdxToHtml, sitePage } from '../fixtures/mermaid/render-content.ts';

const diagram = (title: string, message: string) =>
  ['```mermaid', 'sequenceDiagram', `  accTitle: ${title}`, '  participant C as Client', '  participant S as Server', `  C->>S: ${message}`, '```'].join('\n');

const LESSON = `## Three diagrams\n\n${diagram('First', 'GET /a')}\n\n${diagram('Second', 'GET /b')}\n\n${diagram('Third', 'GET /c')}\n`;
const SECOND_FILE = `# More\n\n${diagram('Fourth', 'GET /d')}\n\n${diagram('Fifth', 'GET /e')}\n`;

let emptyCache: string;
beforeAll(async () => {
  // An empty cache, so nothing can be served without a browser.
  emptyCache = await mkdtemp(path.join(tmpdir(), 'mermaid-empty-cache-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await closeMermaidRenderer();
});
afterAll(async () => {
  await rm(emptyCache, { recursive: true, force: true });
});

describe('without a browser', () => {
  it('emits the source in the figure, one loader per file, and a single warning for the whole build', async () => {
    const warnings: string[] = [];
    const options = { chromiumPath: null, cacheDir: emptyCache, logger: { warn: (m: string) => warnings.push(m) } };
    const first = await mdxToHtml(LESSON, 'lessons/test/fallback.mdx', options);
    const second = await markdownToHtml(SECOND_FILE, 'lessons/test/fallback-2.md', options);

    expect(first.match(/<pre class="mermaid" data-mermaid/g)).toHaveLength(3);
    expect(second.match(/<pre class="mermaid" data-mermaid/g)).toHaveLength(2);
    for (const html of [first, second]) {
      expect(html).not.toContain('<svg');
      expect(html.match(/<script type="module" src="\/vendor\/mermaid\/render-fallback.js"><\/script>/g)).toHaveLength(1);
    }
    expect(first).toContain(
      '<figure class="diagram" data-diagram-type="sequenceDiagram"><pre class="mermaid" data-mermaid data-id-prefix="diagram-',
    );
    expect(first).toMatch(
      /data-title="First">sequenceDiagram\n {2}accTitle: First\n {2}participant C as Client\n {2}participant S as Server\n {2}C-&gt;&gt;S: GET \/a<\/pre><figcaption class="sr-only">Sequence diagram between Client and Server: 1\. Client to Server: GET \/a\.<\/figcaption><\/figure>/,
    );
    expect(sharedState().fallbackUsed).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchInlineSnapshot(
      `"Mermaid diagrams are not rendered at build time in this build, because build-time rendering is turned off (the chromiumPath option is null). Each page with a diagram will instead load Mermaid (about 3 MB of JavaScript) and draw it in the reader's browser. To render diagrams at build time, a Chromium browser is needed. Install one (on Debian or Ubuntu: \`sudo apt-get update && sudo apt-get install -y chromium\`) or point the CHROMIUM_PATH environment variable at an existing Chrome or Chromium binary. Then build again."`,
    );
  });

  it('treats CHROMIUM_PATH pointing at a missing file as "no browser" and names the path', async () => {
    vi.stubEnv('CHROMIUM_PATH', '/nowhere/chromium');
    const warnings: string[] = [];
    const html = await mdxToHtml(LESSON, 'lessons/test/fallback.mdx', {
      cacheDir: emptyCache,
      logger: { warn: (m: string) => warnings.push(m) },
    });
    expect(html.match(/data-mermaid/g)).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('because CHROMIUM_PATH is set to "/nowhere/chromium", but no file exists there.');
  });

  it('treats a browser that fails to start as "no browser"', async () => {
    const warnings: string[] = [];
    // An existing file that is not a browser: launching it fails.
    const notABrowser = path.join(process.cwd(), 'package.json');
    const html = await mdxToHtml(LESSON, 'lessons/test/fallback.mdx', {
      chromiumPath: notABrowser,
      cacheDir: emptyCache,
      timeoutMs: 10_000,
      logger: { warn: (m: string) => warnings.push(m) },
    });
    expect(html.match(/data-mermaid/g)).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`because Chromium at ${notABrowser} did not start (`);
  });
});

describe('blocks inside MDX components', () => {
  it('are found too', async () => {
    const mdx = `<section class="aside">\n\n${diagram('Nested', 'GET /nested')}\n\n</section>\n`;
    const html = await mdxToHtml(mdx, 'lessons/test/nested.mdx', { chromiumPath: null, cacheDir: emptyCache, logger: { warn() {} } });
    expect(html).toMatch(/^<section class="aside"><figure class="diagram" data-diagram-type="sequenceDiagram"><pre class="mermaid" data-mermaid /);
    expect(html).toContain('data-title="Nested"');
  });
});

describe('blocks Shiki highlighted first', () => {
  it('are still found, with their source text intact', async () => {
    const source = 'sequenceDiagram\n  A->>B: x <b>\n  B-->>A: y & z';
    const html = await markdownToHtml(
      `\`\`\`mermaid\n${source}\n\`\`\`\n`,
      'lessons/test/shiki.md',
      { chromiumPath: null, cacheDir: emptyCache, logger: { warn() {} } },
      { highlightMermaid: true },
    );
    expect(html).not.toContain('astro-code');
    expect(html).toMatch(/^<figure class="diagram" data-diagram-type="sequenceDiagram"><pre class="mermaid" data-mermaid="" /);
    expect(html).toContain(
      'data-title="Sequence diagram between A and B">sequenceDiagram\n  A->>B: x &#x3C;b>\n  B-->>A: y &#x26; z</pre>',
    );
  });
});

describe('client-side fallback in a real browser', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const html = await sitePage(
      (await mdxToHtml(LESSON, 'lessons/test/fallback.mdx', { chromiumPath: null, cacheDir: emptyCache, logger: { warn() {} } })) +
        (await markdownToHtml(SECOND_FILE, 'lessons/test/fallback-2.md', { chromiumPath: null, cacheDir: emptyCache, logger: { warn() {} } })),
    );
    const vendor = await vendorMiddleware('/vendor/mermaid/');
    server = createServer((request, response) => {
      vendor(request, response, () => {
        if (request.url === '/') {
          response.setHeader('Content-Type', 'text/html; charset=utf-8');
          response.end(html);
        } else {
          response.statusCode = 404;
          response.end('not found');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('draws every diagram with the same accessible markup as the build, served by the dev middleware', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = collectPageErrors(page);
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => document.querySelectorAll('pre[data-mermaid]').length === 0, undefined, { timeout: 20_000 });

      // One CSS-themed SVG per diagram, as the build makes it, styled by Mermaid's own <style> in each
      // (the shared stylesheet holds only what build-time SVGs left out).
      expect(await page.locator('figure.diagram > svg').count()).toBe(5);
      expect(await page.locator('figure.diagram > svg > style').count()).toBe(5);
      for (const name of ['First', 'Second', 'Third', 'Fourth', 'Fifth']) {
        expect(await page.getByRole('img', { name, exact: true }).count()).toBe(1);
      }
      const ids = await page.evaluate(() => Array.from(document.querySelectorAll('[id]'), (element) => element.id));
      expect(new Set(ids).size).toBe(ids.length);
      // Two loader tags on the page, one module execution: Mermaid's entry file is fetched once.
      expect(requested.filter((p) => p === '/vendor/mermaid/mermaid.esm.min.mjs')).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('passes everything outside the vendor files on to the next handler', async () => {
    expect((await fetch(`${origin}/vendor/mermaid/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin}/vendor/mermaid/nope.js`)).status).toBe(404);
    const script = await fetch(`${origin}/vendor/mermaid/render-fallback.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("import { renderDiagram } from './render-diagram.js';");
  });
});

describe('Astro integration', () => {
  type Hooks = AstroIntegration['hooks'];
  const infos: string[] = [];
  const logger = { info: (m: string) => infos.push(m), warn: () => {}, error: () => {}, debug: () => {} };
  const run = async <K extends keyof Hooks>(hooks: Hooks, name: K, args: object) =>
    (hooks[name] as (options: never) => Promise<void> | void)(args as never);

  it('copies the client files into the build output only when some page fell back, and closes the browser', async () => {
    const { hooks } = mermaidIntegration();
    const outDir = await mkdtemp(path.join(tmpdir(), 'mermaid-dist-'));
    try {
      await run(hooks, 'astro:config:setup', { logger, command: 'build', updateConfig: () => undefined });
      // A build whose diagrams all rendered: nothing to ship.
      await run(hooks, 'astro:build:done', { dir: pathToFileURL(`${outDir}/`), logger });
      expect(existsSync(path.join(outDir, 'vendor'))).toBe(false);

      await run(hooks, 'astro:config:setup', { logger, command: 'build', updateConfig: () => undefined });
      await mdxToHtml(LESSON, 'lessons/test/fallback.mdx', { chromiumPath: null, cacheDir: emptyCache });
      expect(sharedState().renderers.size).toBe(1);
      await run(hooks, 'astro:build:done', { dir: pathToFileURL(`${outDir}/`), logger });

      expect(sharedState().renderers.size).toBe(0);
      const vendor = path.join(outDir, 'vendor', 'mermaid');
      expect((await readdir(vendor)).sort()).toEqual(['chunks', 'mermaid.esm.min.mjs', 'render-diagram.js', 'render-fallback.js']);
      const chunks = await readdir(path.join(vendor, 'chunks', 'mermaid.esm.min'));
      expect(chunks.length).toBeGreaterThan(50);
      expect(chunks.every((name) => name.endsWith('.mjs'))).toBe(true);
      expect(infos.at(-1)).toBe(`Copied ${chunks.length + 3} Mermaid files to vendor/mermaid/ for diagrams drawn in the browser.`);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it("routes the no-browser warning through Astro's logger", async () => {
    const { hooks } = mermaidIntegration();
    const warnings: string[] = [];
    await run(hooks, 'astro:config:setup', { logger: { ...logger, warn: (m: string) => warnings.push(m) }, command: 'build', updateConfig: () => undefined });
    await mdxToHtml(LESSON, 'lessons/test/fallback.mdx', { chromiumPath: null, cacheDir: emptyCache });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Mermaid diagrams are not rendered at build time in this build/);
  });
});
