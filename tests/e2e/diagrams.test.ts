/**
 * Diagrams on a phone: every lesson's Mermaid labels stay at 11 px or more at a 390 px viewport without
 * zooming (the diagram scrolls sideways instead of shrinking), and each diagram opens full screen, zooms
 * and pans with keys, wheel, drag and pinch, and closes with Escape back to its button.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
browserForFile((launched) => (browser = launched));

const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 } as const;

/** The smallest rendered label in any diagram on the page: computed font size × the SVG's scale. */
function smallestLabel(page: Page) {
  return page.evaluate(() => {
    let smallest = { px: Infinity, text: '' };
    for (const text of document.querySelectorAll<Element>('figure.diagram svg text, figure.diagram svg foreignObject *')) {
      // Leaf labels only: an HTML label's wrapper has the same text as the element that holds it.
      if (!text.textContent?.trim() || (text.children.length > 0 && !(text instanceof SVGTextElement))) continue;
      const svg = text.closest('svg');
      if (!svg || !svg.viewBox.baseVal.width) continue;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const px = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < smallest.px) smallest = { px, text: text.textContent.trim().slice(0, 40) };
    }
    return smallest;
  });
}

/**
 * How a diagram's shapes are painted, next to the theme colours they should have: Mermaid's rules come from
 * the site's shared stylesheet (src/integrations/mermaid/shared-styles.ts), not from a <style> in the SVG.
 */
function diagramPaint(page: Page, svgSelector: string) {
  return page.evaluate((selector) => {
    const svg = document.querySelector(selector);
    if (!svg) throw new Error(`No diagram at ${selector}`);
    const colour = (name: string) => {
      const probe = document.createElement('span');
      probe.style.color = `var(${name})`;
      document.body.append(probe);
      const value = getComputedStyle(probe).color;
      probe.remove();
      return value;
    };
    const paint = (shape: string, property: 'fill' | 'stroke') => {
      const element = svg.querySelector(shape);
      return element ? getComputedStyle(element)[property] : `no ${shape}`;
    };
    const sharedRule = Array.from(document.styleSheets).some(
      (sheet) => sheet.href !== null && Array.from(sheet.cssRules).some((rule) => rule instanceof CSSStyleRule && rule.selectorText.includes('.diagram-style-sequenceDiagram')),
    );
    return {
      ownStyles: svg.querySelectorAll('style').length,
      className: svg.getAttribute('class'),
      sharedRule,
      actor: { fill: paint('rect.actor', 'fill'), stroke: paint('rect.actor', 'stroke') },
      message: paint('.messageText', 'fill'),
      arrowhead: paint('[id$="-arrowhead"] path', 'fill'),
      expected: {
        actor: { fill: colour('--diagram-actor-bg'), stroke: colour('--diagram-border') },
        message: colour('--diagram-text'),
        arrowhead: colour('--diagram-line'),
      },
    };
  }, svgSelector);
}

/** Asserts the shared stylesheet paints the SVG at `selector` in the light and the dark theme. */
async function expectSharedPaint(page: Page, selector: string) {
  const initial = await page.evaluate(() => document.documentElement.dataset.theme);
  try {
    const seen = new Set<string>();
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
      const paint = await diagramPaint(page, selector);
      expect(paint.ownStyles, `${theme}: the SVG carries no <style> of its own`).toBe(0);
      expect(paint.className, theme).toBe('diagram-style-sequenceDiagram');
      expect(paint.sharedRule, 'the rules come from the linked, cached site stylesheet').toBe(true);
      expect({ actor: paint.actor, message: paint.message, arrowhead: paint.arrowhead }, theme).toEqual(paint.expected);
      seen.add(paint.actor.fill);
    }
    expect(seen.size, 'light and dark paint participants differently').toBe(2);
  } finally {
    await page.evaluate((value) => {
      if (value === undefined) delete document.documentElement.dataset.theme;
      else document.documentElement.dataset.theme = value;
    }, initial);
  }
}

const viewerScale = (page: Page) => page.locator('.diagram-viewer-canvas').evaluate((el) => Number((el as HTMLElement).dataset.scale));
const viewerX = (page: Page) => page.locator('.diagram-viewer-canvas').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).e);
/** Resolves once the canvas's eased transform (a 120 ms CSS transition unless motion is reduced) has ended. */
const transformSettled = (page: Page) =>
  page.locator('.diagram-viewer-canvas').evaluate(async (el) => {
    // getAnimations() also starts a transition whose style change is still pending; a replaced one drops out.
    for (let running = el.getAnimations(); running.length > 0; running = el.getAnimations()) await Promise.allSettled(running.map((animation) => animation.finished));
  });

describe('diagrams at 390 px', () => {
  test('no label on any lesson renders below 11 px, and the page itself does not scroll sideways because of a diagram', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const lessons = await page.locator('.roadmap-lessons a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(lessons.length).toBe(20);
    let measured = 0;
    for (const url of lessons) {
      await page.goto(`${base}${url}`);
      const count = await page.locator('figure.diagram svg').count();
      if (count === 0) continue;
      measured += count;
      const smallest = await smallestLabel(page);
      expect(smallest.px, `${url}: "${smallest.text}"`).toBeGreaterThanOrEqual(11);
      // Wide diagrams scroll inside their own box, never the page.
      const overflow = await page.locator('.diagram-scroll').evaluateAll((boxes) => boxes.map((b) => b.getBoundingClientRect().right));
      for (const right of overflow) expect(right, url).toBeLessThanOrEqual(390);
    }
    expect(measured).toBeGreaterThan(30);
    await context.close();
  }, 300_000);
});

describe('diagram scrollers', () => {
  test('a diagram is a tab stop only while it scrolls sideways, and follows the width', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    // The polling lesson's diagrams fit the column at 1280 px and scroll at 320 px.
    await page.goto(`${base}/foundations/polling/`);
    await page.locator('[data-diagram-open]').first().waitFor();
    const stops = () => page.locator('.diagram-scroll').evaluateAll((boxes) => boxes.map((box) => ({ scrolls: box.scrollWidth > box.clientWidth + 1, stop: box.getAttribute('tabindex') === '0' })));
    await expect.poll(async () => (await stops()).every(({ scrolls, stop }) => scrolls === stop)).toBe(true);
    expect((await stops()).some(({ scrolls }) => scrolls), 'at 320 px some diagram scrolls').toBe(true);
    await page.setViewportSize({ width: 1280, height: 700 });
    await expect.poll(async () => (await stops()).map(({ stop }) => stop)).toEqual((await stops()).map(() => false));
    expect((await stops()).every(({ scrolls }) => !scrolls)).toBe(true);
    await page.setViewportSize({ width: 320, height: 700 });
    await expect.poll(async () => (await stops()).every(({ scrolls, stop }) => scrolls === stop && stop)).toBe(true);
    await context.close();
  });
});

describe('full-screen viewer', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const scripts: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ ...phone, reducedMotion: 'no-preference' });
    page = await context.newPage();
    errors = collectPageErrors(page);
    page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname)));
    await page.goto(`${base}/push/web-push/`);
  });
  afterAll(async () => {
    await context?.close();
  });

  test('diagrams are painted by the shared stylesheet, with no <style> in any SVG, in light and dark', async () => {
    expect(await page.locator('figure.diagram svg').count()).toBeGreaterThan(1);
    expect(await page.locator('figure.diagram svg style').count()).toBe(0);
    await expectSharedPaint(page, 'figure.diagram svg');
  });

  test('each diagram has a button named after it; the dialog opens with focus on the zoomable stage', async () => {
    const figures = page.locator('figure.diagram');
    const titles = await figures.locator('svg > title').allTextContents();
    expect(titles.length).toBeGreaterThan(1);
    // The buttons are added after the page's load (diagram-buttons.ts is imported, then fetches its words), all at once.
    await page.locator('[data-diagram-open]').first().waitFor();
    for (const title of titles) expect(await page.getByRole('button', { name: `Open full screen: ${title}` }).count()).toBe(1);
    const opener = page.getByRole('button', { name: `Open full screen: ${titles[1]}` });
    // The viewer's code loads when a reader reaches for a button, not with the page.
    expect(scripts.filter((path) => path.includes('/diagram-viewer.'))).toEqual([]);
    await opener.hover();
    await expect.poll(() => scripts.filter((path) => path.includes('/diagram-viewer.')).length).toBe(1);
    await opener.click();
    const dialog = page.getByRole('dialog', { name: titles[1] });
    await dialog.waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('diagram-viewer-stage');
    // Moved, not copied: one SVG with that title on the page, inside the dialog; ids stay unique.
    expect(await page.locator('svg > title', { hasText: titles[1]! }).count()).toBe(1);
    expect(await dialog.locator('svg').count()).toBe(1);
    const box = await dialog.boundingBox();
    expect(box?.width).toBe(390);
    // It opens at a readable scale (labels ≥ 11 px), not squeezed to fit 390 px.
    expect(await viewerScale(page)).toBeGreaterThanOrEqual(11 / 16);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the SVG moved into the viewer outside its figure is still painted by the shared stylesheet', async () => {
    await expectSharedPaint(page, 'dialog.diagram-viewer svg');
  });

  test('+ and − zoom by 25 %, 0 fits the whole diagram, arrows pan, and motion eases unless reduced', async () => {
    const start = await viewerScale(page);
    await page.keyboard.press('+');
    expect(await viewerScale(page)).toBeCloseTo(start * 1.25, 3);
    expect(await page.locator('.diagram-viewer-canvas').evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0.12s');
    await page.keyboard.press('-');
    expect(await viewerScale(page)).toBeCloseTo(start, 3);
    await page.keyboard.press('0');
    const fitted = await viewerScale(page);
    expect(fitted).toBeLessThan(start);
    const stage = await page.locator('.diagram-viewer-stage').boundingBox();
    const width = await page.locator('.diagram-viewer-canvas svg').evaluate((svg) => (svg as SVGSVGElement).viewBox.baseVal.width);
    expect(width * fitted).toBeLessThanOrEqual(stage!.width + 0.5);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await transformSettled(page); // read the eased transform where it ends, not on its way
    const before = await viewerX(page);
    await page.keyboard.press('ArrowRight');
    await transformSettled(page);
    expect(await viewerX(page)).toBeCloseTo(before - 40, 0);
    await expect.poll(() => page.locator('.diagram-viewer [role="status"]').textContent(), { timeout: 15_000 }).toMatch(/^Zoom \d+ %$/);
  });

  test('the mouse wheel zooms about the pointer and a drag pans', async () => {
    const stage = (await page.locator('.diagram-viewer-stage').boundingBox())!;
    const scale = await viewerScale(page);
    await page.mouse.move(stage.x + 100, stage.y + 100);
    await page.mouse.wheel(0, -120);
    await expect.poll(() => viewerScale(page), { timeout: 15_000 }).toBeGreaterThan(scale);
    const x = await viewerX(page);
    await page.mouse.down();
    await page.mouse.move(stage.x + 40, stage.y + 100, { steps: 4 });
    await page.mouse.up();
    expect(await viewerX(page)).toBeCloseTo(x - 60, 0);
  });

  test('a two-finger pinch zooms', async () => {
    await page.keyboard.press('0');
    const scale = await viewerScale(page);
    const stage = (await page.locator('.diagram-viewer-stage').boundingBox())!;
    const cdp = await context.newCDPSession(page);
    const cy = stage.y + stage.height / 2;
    const cx = stage.x + stage.width / 2;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x: cx - spread, y: cy, id: 1 }, { x: cx + spread, y: cy, id: 2 }],
      });
    await touch('touchStart', 30);
    for (const spread of [45, 60, 75, 90]) await touch('touchMove', spread);
    await touch('touchEnd', 0);
    // Fingers three times as far apart: about three times the scale.
    await expect.poll(() => viewerScale(page), { timeout: 15_000 }).toBeGreaterThan(scale * 2.5);
    await cdp.detach();
  });

  test('Escape closes, puts the diagram back in its figure and returns focus to its button', async () => {
    await page.keyboard.press('Escape');
    expect(await page.locator('dialog.diagram-viewer').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    // The SVG goes back in the dialog's `close` event, a task of its own after the key press.
    await expect.poll(() => page.locator('figure.diagram').nth(1).locator('.diagram-scroll > svg').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Open full screen: /);
    // Back in the article, the SVG has its own sizing again (legible minimum width, no viewer style).
    expect(await page.locator('figure.diagram').nth(1).locator('svg').getAttribute('style')).toMatch(/^max-width:/);
    expect(errors).toEqual([]);
  });

  test('with reduced motion the zoom does not animate; dark theme is axe clean', async () => {
    const reduced = await browser.newContext({ ...phone, reducedMotion: 'reduce', colorScheme: 'dark' });
    const other = await reduced.newPage();
    await other.goto(`${base}/foundations/polling/`);
    await other.locator('[data-diagram-open]').first().click();
    await other.locator('dialog.diagram-viewer[open]').waitFor();
    await other.keyboard.press('+');
    expect(await other.locator('.diagram-viewer-canvas').evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
    expect(await axeViolations(other)).toEqual([]);
    await reduced.close();
  });
});
