/**
 * The shared diagram stylesheet (src/integrations/mermaid/shared-styles.ts): an SVG loses its `<style>`
 * only when that style is exactly the shared one, and a diagram styled by the shared sheet looks exactly
 * like the same diagram styled by its own `<style>` (real Mermaid, real Chromium, every theme).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import type { Browser, Page } from 'playwright-core';
import type { Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedFigure } from '../../src/integrations/mermaid/figure.ts';
import { parseSvg } from '../../src/integrations/mermaid/svg-markup.ts';
import mermaidIntegration from '../../src/integrations/mermaid/integration.ts';
import { ID_PLACEHOLDER, MermaidRenderer, closeMermaidRenderer, withIdPrefix } from '../../src/integrations/mermaid/renderer.ts';
import {
  NO_SHARED_STYLES,
  SHARED_STYLES_MODULE,
  adoptSharedStyle,
  collectSharedStyles,
  normalisedStyle,
  resetSharedStyles,
  scopedCss,
  sharedStyles,
  type SharedStyles,
} from '../../src/integrations/mermaid/shared-styles.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { mdxToHtml, sitePage } from '../fixtures/mermaid/render-content.ts';

const RULES = (id: string) => `#${id}{font-size:16px}#${id} .actor{fill:var(--diagram-actor-bg)}#${id} text.actor>tspan{fill:red}`;
const svgWith = (id: string, style: string) =>
  `<svg id="${id}" viewBox="0 0 100 10"><title id="${id}-title">T</title><style>${style.replaceAll('>', '&gt;')}</style><rect class="actor"></rect></svg>`;
const shared: SharedStyles = {
  css: scopedCss(RULES(ID_PLACEHOLDER), 'diagram-style-sequenceDiagram') ?? '',
  classByStyle: new Map([[RULES(ID_PLACEHOLDER), 'diagram-style-sequenceDiagram']]),
};
const details = { idPrefix: 'd-1', alternative: { title: 'T', description: '' }, diagramType: 'sequenceDiagram' };

describe('matching an SVG style against the shared ones', () => {
  it('normalises the SVG\'s own id, so any id prefix compares equal', () => {
    expect(normalisedStyle(parseSvg(svgWith('diagram-abc123-4', RULES('diagram-abc123-4'))))).toBe(RULES(ID_PLACEHOLDER));
    // Only the SVG's own id: not another diagram's id that starts alike, not the same text outside a selector.
    const id = 'diagram-abc123-4';
    const mixed = `#${id}-arrowhead path{}#${id}0 .a{}.b[data-x="${id}"]{}`;
    expect(normalisedStyle(parseSvg(svgWith(id, mixed)))).toBe(`#${ID_PLACEHOLDER}-arrowhead path{}#${id}0 .a{}.b[data-x="${id}"]{}`);
    expect(normalisedStyle(parseSvg('<svg id="a"></svg>'))).toBeUndefined();
    expect(normalisedStyle(parseSvg(`<svg><style>${RULES('a')}</style></svg>`))).toBeUndefined();
    expect(normalisedStyle(parseSvg('<svg id="a"><style>#a{}</style><style>#a p{}</style></svg>'))).toBeUndefined();
  });

  it('removes a style that matches exactly, adds the scoping class, and leaves everything else alone', () => {
    const svg = parseSvg(svgWith('diagram-abc123-4', RULES('diagram-abc123-4')));
    expect(adoptSharedStyle(svg, shared)).toBe(true);
    expect(toHtml(svg)).toBe(
      '<svg id="diagram-abc123-4" viewBox="0 0 100 10" class="diagram-style-sequenceDiagram">' +
        '<title id="diagram-abc123-4-title">T</title><rect class="actor"></rect></svg>',
    );
  });

  it('keeps a style that differs by a single character, or that no shared sheet has, and adds no class', () => {
    const id = 'diagram-abc123-4';
    // The unchanged rules match (so each variant below fails for its own difference alone).
    expect(adoptSharedStyle(parseSvg(svgWith(id, RULES(id))), shared)).toBe(true);
    for (const style of [RULES(id).replace('16px', '14px'), `${RULES(id)}#${id} .extra{fill:blue}`, `#${id} .label{fill:var(--diagram-text)}`]) {
      const svg = parseSvg(svgWith(id, style));
      expect(adoptSharedStyle(svg, shared), style).toBe(false);
      expect(toHtml(svg)).toBe(svgWith(id, style).replace('&gt;', '>'));
    }
    // Without shared styles (no browser, or not drawn) nothing is ever removed.
    expect(adoptSharedStyle(parseSvg(svgWith(id, RULES(id))), NO_SHARED_STYLES)).toBe(false);
  });

  it('scopes the shared rules by class at the specificity of Mermaid\'s id, and refuses rules that use the id otherwise', () => {
    expect(scopedCss(RULES(ID_PLACEHOLDER), 'diagram-style-x')).toBe(
      ':is(.diagram-style-x,#diagram-style-specificity){font-size:16px}' +
        ':is(.diagram-style-x,#diagram-style-specificity) .actor{fill:var(--diagram-actor-bg)}' +
        ':is(.diagram-style-x,#diagram-style-specificity) text.actor>tspan{fill:red}',
    );
    // A rule pointing at one diagram's own definitions cannot serve another diagram.
    expect(scopedCss(`#${ID_PLACEHOLDER} .a{fill:url(#${ID_PLACEHOLDER}-gradient)}`, 'diagram-style-x')).toBeUndefined();
    expect(scopedCss('.a{fill:red}', 'diagram-style-x')).toBeUndefined();
  });

  it('measures the legible width from the style before the style leaves the figure', () => {
    const small = svgWith('d-1', RULES('d-1').replace('16px', '10px'));
    const sharedSmall: SharedStyles = { css: '', classByStyle: new Map([[normalisedStyle(parseSvg(small))!, 'diagram-style-x']]) };
    const html = toHtml(renderedFigure(small, details, sharedSmall));
    expect(html).not.toContain('<style');
    // 100 units wide, smallest label 10 units: 11 px labels need 110 px.
    expect(html).toContain('style="--diagram-legible-width:110px"');
  });
});

describe('shared styles drawn by real Mermaid', () => {
  const SOURCE = [
    'sequenceDiagram',
    '  autonumber',
    '  participant C as Client',
    '  actor U as User',
    '  participant S as Server',
    '  U->>C: click',
    '  loop every 2 s',
    '    C->>+S: GET /poll',
    '    S-->>-C: 200 []',
    '  end',
    '  alt offline',
    '    C-xS: lost',
    '  else online',
    '    C-)S: async',
    '  end',
    '  rect rgba(0, 128, 255, 0.1)',
    '    Note over C,S: Frames flow both ways',
    '  end',
    '  Note right of S: done',
  ].join('\n');

  let cacheDir: string;
  let renderer: MermaidRenderer;
  let styles: SharedStyles;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'mermaid-shared-styles-'));
    renderer = new MermaidRenderer({ cacheDir, timeoutMs: 20_000 });
    styles = await collectSharedStyles(renderer);
    const rendered = await renderer.render(SOURCE, 'Everything');
    if (rendered.kind !== 'rendered') throw new Error(`Expected a rendered diagram, got ${rendered.kind}`);
    // The same diagram twice: styled by its own <style>, and by the shared sheet.
    const own = toHtml(renderedFigure(withIdPrefix(rendered.svg, 'own'), { ...details, idPrefix: 'own' }));
    const viaShared = toHtml(renderedFigure(withIdPrefix(rendered.svg, 'shared'), { ...details, idPrefix: 'shared' }, styles));
    // A site rule of class specificity: it lost to Mermaid's id-scoped rules and must lose to the shared ones.
    const hostile = '<style>figure.diagram svg .actor, figure.diagram svg .messageText, figure.diagram svg .note { fill: rgb(255, 0, 0) }</style>';
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setContent((await sitePage(own + viaShared)).replace('</head>', `<style>${styles.css}</style>${hostile}</head>`));
  });

  afterAll(async () => {
    await renderer?.close();
    await closeMermaidRenderer();
    await browser?.close();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('hold one sequence diagram sheet whose rules match what Mermaid writes into every sequence diagram', async () => {
    expect([...styles.classByStyle.values()]).toEqual(['diagram-style-sequenceDiagram']);
    expect(styles.css).toContain(':is(.diagram-style-sequenceDiagram,#diagram-style-specificity) .actor{');
    expect(styles.css).toContain('text.actor>tspan');
    expect(styles.css).not.toContain(ID_PLACEHOLDER);
    // The diagram under test is far richer than the sample, yet its style matched.
    expect(await page.locator('#shared > style').count()).toBe(0);
    expect(await page.locator('#own > style').count()).toBe(1);
    expect(await page.locator('#shared').getAttribute('class')).toBe('diagram-style-sequenceDiagram');
  });

  it('paint every element exactly as its own <style> did, in light, dark and forced colours', async () => {
    const differences = () =>
      page.evaluate(() => {
        const properties = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'filter', 'margin', 'animation-name'];
        const own = Array.from(document.querySelectorAll('#own *:not(style)'));
        const shared = Array.from(document.querySelectorAll('#shared *'));
        const found: string[] = [];
        if (own.length !== shared.length) return [`${own.length} elements against ${shared.length}`];
        own.forEach((element, index) => {
          const a = getComputedStyle(element);
          const b = getComputedStyle(shared[index]!);
          for (const property of properties) {
            // url(#own-drop-shadow) and url(#shared-drop-shadow) point at the same definition in each SVG.
            const [x, y] = [a.getPropertyValue(property).replace('#own-', '#'), b.getPropertyValue(property).replace('#shared-', '#')];
            if (x !== y) found.push(`<${element.tagName} class="${element.getAttribute('class') ?? ''}"> ${property}: ${x} ≠ ${y}`);
          }
        });
        const root = [getComputedStyle(document.querySelector('#own')!), getComputedStyle(document.querySelector('#shared')!)];
        for (const property of properties) {
          if (root[0]!.getPropertyValue(property) !== root[1]!.getPropertyValue(property)) found.push(`<svg> ${property}`);
        }
        return found;
      });
    const painted = () => page.locator('#shared rect.actor').first().evaluate((rect) => getComputedStyle(rect).fill);
    try {
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
        expect(await differences(), theme).toEqual([]);
        expect(await painted(), `${theme}: the hostile class rule must not win`).not.toBe('rgb(255, 0, 0)');
      }
      await page.emulateMedia({ forcedColors: 'active' });
      expect(await differences(), 'forced colours').toEqual([]);
    } finally {
      await page.emulateMedia({ forcedColors: 'none' });
    }
  });
});

describe('the stylesheet module and the pages agree', () => {
  let cacheDir: string;
  afterAll(async () => {
    await closeMermaidRenderer();
    resetSharedStyles();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('serves, as the virtual stylesheet, the very rules the pages dropped their <style> for', async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'mermaid-shared-module-'));
    const plugins: Plugin[] = [];
    const { hooks } = mermaidIntegration();
    const logger = { info() {}, warn() {}, error() {}, debug() {} };
    const updateConfig = (config: { vite: { plugins: Plugin[] } }) => plugins.push(...config.vite.plugins);
    await (hooks['astro:config:setup'] as unknown as (options: object) => void)({ logger, command: 'build', updateConfig });
    const plugin = plugins.find((candidate) => candidate.name === 'course-mermaid-shared-styles');
    expect(plugin, 'the integration registers the stylesheet plugin').toBeDefined();
    const call = <T>(hook: unknown, ...args: unknown[]) => (hook as (...a: unknown[]) => T).call({}, ...args);

    // A page first, then the stylesheet: both see one answer, whichever renderer drew it.
    const html = await mdxToHtml('```mermaid\nsequenceDiagram\n  A->>B: hi there\n```\n', 'lessons/test/agree.mdx', { cacheDir });
    expect(html).toContain('class="diagram-style-sequenceDiagram"');
    const resolved = await call<string>(plugin!.resolveId, SHARED_STYLES_MODULE, undefined, {});
    expect(resolved).toBe(`\0${SHARED_STYLES_MODULE}`);
    const css = await call<string>(plugin!.load, resolved);
    expect(css).toBe((await sharedStyles(new MermaidRenderer({ cacheDir: false }))).css);
    expect(css).toContain(':is(.diagram-style-sequenceDiagram,#diagram-style-specificity) .messageText{');
    expect(await call<unknown>(plugin!.load, 'some-other-module.css')).toBeUndefined();
  });
});
