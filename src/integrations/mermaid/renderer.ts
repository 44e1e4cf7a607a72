/**
 * One headless Chromium for the whole build, started on the first diagram that is not in the cache and
 * shared by every Markdown and MDX file (Astro builds them concurrently, so requests go through a
 * queue and the single page renders one diagram at a time).
 *
 * The page loads Mermaid's own ESM bundle plus render-diagram.js, the same files a reader's browser
 * gets in the fallback, from a fake origin that Playwright answers from disk: no server, no port.
 *
 * When no browser can be used the renderer says so once, and every request answers `no-browser`, so
 * the build carries on with client-side rendering.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, HOW_TO_INSTALL_CHROMIUM, findChromium } from '../../lib/chromium.ts';
import { DEFAULT_CACHE_DIR, RenderCache, cacheKey } from './render-cache.ts';
import { mermaidErrorLine } from './syntax-error.ts';
import { mermaidPackage, renderModuleSource, vendorFiles } from './vendor-files.ts';

export interface Warner {
  warn(message: string): void;
}

export interface RendererOptions {
  /**
   * Chromium binary. Default: `findChromium()` (CHROMIUM_PATH, then the usual install locations).
   * `null` turns build-time rendering off, as if no browser were installed.
   */
  chromiumPath?: string | null;
  /** SVG cache folder, relative to the working directory. Default `node_modules/.cache/course-mermaid`; `false` disables it. */
  cacheDir?: string | false;
  /** Upper bound for starting Chromium, loading Mermaid, and each render or parse. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * Close the browser after this long without work; the next diagram starts a new one. A safety net:
   * an open Chromium keeps Node running, so a run that never reaches `closeMermaidRenderer()` (a
   * script, `astro sync`, a forgotten integration) still exits. Default 10 000 ms.
   */
  idleCloseMs?: number;
  /** Where the one "no browser" warning goes. Default: the Astro logger when the integration is installed, else the console. */
  logger?: Warner;
}

/**
 * Rendered SVGs carry this stand-in for their id prefix, so one cached SVG can be placed on any page
 * under the prefix that is unique there (see withIdPrefix).
 */
export const ID_PLACEHOLDER = 'mermaid-id-placeholder-q7x';

export type RenderOutcome =
  | { kind: 'rendered'; svg: string; fromCache: boolean }
  | { kind: 'syntax-error'; message: string }
  | { kind: 'no-browser' };

export type ParseResult =
  | { valid: true; diagramType: string }
  | { valid: false; message: string; line: number | undefined };

/** Counters a test or a build log can read; not used for decisions. */
export interface RendererStats {
  launches: number;
  renders: number;
  cacheHits: number;
}

const ORIGIN = 'http://mermaid-renderer.invalid';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_CLOSE_MS = 10_000;

/** What render-diagram.js exposes on the page, see PAGE_HTML. */
interface PageApi {
  parse(source: string): Promise<{ valid: true; diagramType: string } | { valid: false; message: string }>;
  render(request: { source: string; idPrefix: string; title: string }): Promise<string>;
}
declare global {
  var __courseMermaid: PageApi | undefined;
}

// Playwright sends these functions' source text to the page, so they may only use their argument.
const inPageParse = (source: string) => globalThis.__courseMermaid!.parse(source);
const inPageRender = (request: Parameters<PageApi['render']>[0]) => globalThis.__courseMermaid!.render(request);

const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mermaid renderer</title>
<script type="module">
import mermaid from './mermaid.esm.min.mjs';
import { parseDiagram, renderDiagram } from './render-diagram.js';
window.__courseMermaid = {
  parse: (source) => parseDiagram(mermaid, source),
  render: (request) => renderDiagram(mermaid, request),
};
</script></head><body></body></html>`;

export class MermaidRenderer {
  readonly stats: RendererStats = { launches: 0, renders: 0, cacheHits: 0 };
  readonly #options: RendererOptions;
  readonly #cache: RenderCache | undefined;
  #browser: Browser | undefined;
  #page: Promise<Page | undefined> | undefined;
  #noBrowserReason: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #keyInputs: Promise<{ mermaidVersion: string; rendererSource: string }> | undefined;

  constructor(options: RendererOptions = {}) {
    this.#options = options;
    const dir = options.cacheDir ?? DEFAULT_CACHE_DIR;
    this.#cache = dir === false ? undefined : new RenderCache(path.resolve(dir));
  }

  /** The SVG of one diagram (coloured by CSS custom properties, so one serves every theme), from the cache when possible. */
  async render(source: string, title: string): Promise<RenderOutcome> {
    const key = await this.#cacheKey(source, title);
    const cached = await this.#cache?.get(key);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return { kind: 'rendered', svg: cached, fromCache: true };
    }
    return this.#enqueue(async () => {
      const page = await this.#openPage();
      if (!page) return { kind: 'no-browser' };
      const parsed = await this.#withDeadline('parsing a diagram', page.evaluate(inPageParse, source));
      if (!parsed.valid) return { kind: 'syntax-error', message: parsed.message };
      const request = { source, idPrefix: ID_PLACEHOLDER, title };
      const svg = await this.#withDeadline('rendering a diagram', page.evaluate(inPageRender, request));
      this.stats.renders++;
      await this.#cache?.set(key, svg);
      return { kind: 'rendered', svg, fromCache: false };
    });
  }

  /** Mermaid's verdict on a diagram. Needs a browser; throws a how-to-fix error when there is none. */
  async parse(source: string): Promise<ParseResult> {
    return this.#enqueue(async () => {
      const page = await this.#openPage();
      if (!page) {
        throw new Error(
          `Checking Mermaid syntax needs Chromium, but ${this.#noBrowserReason ?? 'none could be started'}. ` +
            HOW_TO_INSTALL_CHROMIUM,
        );
      }
      const result = await this.#withDeadline('parsing a diagram', page.evaluate(inPageParse, source));
      return result.valid ? result : { ...result, line: mermaidErrorLine(result.message) };
    });
  }

  /** Closes the browser. A later render starts a new one (and may warn again). */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const browser = this.#browser;
    this.#browser = undefined;
    this.#page = undefined;
    this.#noBrowserReason = undefined;
    await browser?.close();
  }

  /** Whether a browser is running right now. */
  get isOpen(): boolean {
    return this.#browser !== undefined;
  }

  /** Why there is no browser, once one was asked for and none could start; undefined otherwise. */
  get noBrowserReason(): string | undefined {
    return this.#noBrowserReason;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    clearTimeout(this.#idleTimer);
    this.#pending++;
    const run = this.#queue.then(task, task).finally(() => {
      if (--this.#pending === 0 && this.#browser) this.#armIdleClose();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #armIdleClose(): void {
    this.#idleTimer = setTimeout(() => {
      if (this.#pending === 0) void this.close();
    }, this.#options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS);
    // The timer alone must not keep Node alive; it only exists to let go of the browser.
    this.#idleTimer.unref();
  }

  #openPage(): Promise<Page | undefined> {
    this.#page ??= this.#launch();
    return this.#page;
  }

  async #launch(): Promise<Page | undefined> {
    const executablePath = this.#findBrowser();
    if (!executablePath) return undefined;
    const timeout = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Imported here, not at the top: playwright-core is a dev dependency, and a production install
    // without it should still build (with client-side diagrams) rather than fail to load the config.
    let chromium: typeof import('playwright-core').chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      return this.#noBrowser('the playwright-core package is not installed (run `npm install` with dev dependencies)');
    }
    try {
      this.#browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout });
    } catch (error) {
      const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      return this.#noBrowser(`Chromium at ${executablePath} did not start (${firstLine})`);
    }
    this.stats.launches++;
    const page = await this.#browser.newPage();
    page.setDefaultTimeout(timeout);
    const files = await vendorFiles();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE_HTML });
      const file = files.get(decodeURIComponent(pathname.slice(1)));
      if (!file) return route.fulfill({ status: 404, body: `Not a Mermaid file: ${pathname}` });
      return route.fulfill({ contentType: 'text/javascript; charset=utf-8', path: file });
    });
    try {
      await page.goto(`${ORIGIN}/`);
      await page.waitForFunction(() => globalThis.__courseMermaid !== undefined, undefined, { timeout });
    } catch (error) {
      await this.close();
      throw new Error(
        `Chromium started, but Mermaid did not load in it: ${error instanceof Error ? error.message : String(error)} ` +
          'Check that node_modules/mermaid is complete (run `npm install`), then build again.',
      );
    }
    return page;
  }

  #findBrowser(): string | undefined {
    const configured = this.#options.chromiumPath;
    if (configured === null) {
      return this.#noBrowser('build-time rendering is turned off (the chromiumPath option is null)');
    }
    if (configured !== undefined) {
      if (existsSync(configured)) return configured;
      return this.#noBrowser(`the chromiumPath option points at "${configured}", where no file exists`);
    }
    try {
      return (
        findChromium() ??
        this.#noBrowser('no Chromium was found (neither CHROMIUM_PATH nor the usual install locations have one)')
      );
    } catch (error) {
      // findChromium throws when CHROMIUM_PATH names a missing file; its first sentence says which.
      const message = error instanceof Error ? error.message : String(error);
      return this.#noBrowser(message.split(/(?<=\.)\s/)[0]?.replace(/\.$/, '') ?? message);
    }
  }

  /** Records why there is no browser and prints the build's single warning about it. */
  #noBrowser(reason: string): undefined {
    this.#noBrowserReason = reason;
    const logger = this.#options.logger ?? sharedState().logger ?? { warn: (m: string) => console.warn(`[mermaid] ${m}`) };
    logger.warn(
      `Mermaid diagrams are not rendered at build time in this build, because ${reason}. ` +
        'Each page with a diagram will instead load Mermaid (about 3 MB of JavaScript) and draw it in the ' +
        `reader's browser. To render diagrams at build time, a Chromium browser is needed. ${HOW_TO_INSTALL_CHROMIUM} ` +
        'Then build again.',
    );
    return undefined;
  }

  /** Runs one page call with a deadline: a wedged page must fail the build, not hang it. */
  async #withDeadline<R>(what: string, call: Promise<R>): Promise<R> {
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const result = await Promise.race([call, deadline]);
      if (result !== 'timeout') return result;
    } finally {
      clearTimeout(timer);
    }
    // The page may be stuck in Mermaid's layout loop; a fresh browser is the only sure way out.
    await this.close();
    throw new Error(
      `Mermaid did not finish ${what} within ${timeoutMs} ms in headless Chromium. A very large diagram ` +
        'can need longer: raise the timeoutMs option of rehypeMermaid, or split the diagram in two.',
    );
  }

  async #cacheKey(source: string, title: string): Promise<string> {
    this.#keyInputs ??= renderModuleSource().then((rendererSource) => ({
      mermaidVersion: mermaidPackage().version,
      rendererSource,
    }));
    // One SVG for all themes (its colours are CSS custom properties); the name keeps these entries
    // apart from the light and dark ones older builds cached.
    return cacheKey({ ...(await this.#keyInputs), source, title, theme: 'css-variables' });
  }
}

/** Places a rendered SVG under the id prefix chosen for its page position. */
export function withIdPrefix(svg: string, idPrefix: string): string {
  return svg.split(ID_PLACEHOLDER).join(idPrefix);
}

// ---------------------------------------------------------------------------------------------------
// Build-wide shared state

interface SharedState {
  renderers: Map<string, MermaidRenderer>;
  /** Set when some diagram fell back to client-side rendering, so the vendor files must ship. */
  fallbackUsed: boolean;
  /** Astro's logger, handed over by the integration. */
  logger?: Warner;
}

/**
 * Kept on globalThis, not in a module variable: Astro may load this module once for the config and
 * again through Vite, and both copies must see the same browser and the same "already warned" flag.
 */
export function sharedState(): SharedState {
  const key = Symbol.for('course.mermaid.shared-state');
  const holder = globalThis as unknown as Record<symbol, SharedState | undefined>;
  holder[key] ??= { renderers: new Map(), fallbackUsed: false };
  return holder[key];
}

/** The renderer for these options, created on first use. One per option set, in practice one per build. */
export function sharedRenderer(options: RendererOptions = {}): MermaidRenderer {
  const { renderers } = sharedState();
  // Spelled out because JSON.stringify would write both `undefined` (find one) and `null` (none) as null.
  const key = [
    options.chromiumPath === undefined ? 'find' : String(options.chromiumPath),
    options.cacheDir === undefined ? 'default' : String(options.cacheDir),
    String(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  ].join('\n');
  let renderer = renderers.get(key);
  if (!renderer) {
    renderer = new MermaidRenderer(options);
    renderers.set(key, renderer);
  }
  return renderer;
}

/** Closes every shared browser; call it when the build is done (the Astro integration does). */
export async function closeMermaidRenderer(): Promise<void> {
  const { renderers } = sharedState();
  const all = Array.from(renderers.values());
  renderers.clear();
  await Promise.all(all.map((renderer) => renderer.close()));
}

/** Mermaid's verdict on one diagram, using the shared browser; for content checks. */
export function parseMermaid(source: string, options: RendererOptions = {}): Promise<ParseResult> {
  return sharedRenderer(options).parse(source);
}
