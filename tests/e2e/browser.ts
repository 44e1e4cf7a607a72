/** Real Chromium for end-to-end tests, via playwright-core and the system browser. */
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, requireChromium } from '../../src/lib/chromium.ts';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
}

/** One Chromium for a whole test file: launched before its tests, closed after them; `use` receives it. */
export function browserForFile(use: (browser: Browser) => void): void {
  let launched: Browser | undefined;
  beforeAll(async () => {
    launched = await launchBrowser();
    use(launched);
  });
  afterAll(async () => {
    await launched?.close();
  });
}

/** Fails the test on any uncaught page error or console error, which would otherwise pass silently. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core for WCAG 2.0–2.2 A and AA rules and returns the violations in a readable form; `include`
 * (a CSS selector) limits the check to part of the page.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(ctx: Document | { include: string[] }, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(selector ? { include: [selector] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      // Every violation is still reported in full; passes are not collected node by node (a selector for
      // each passing text node is most of axe's time on a lesson page).
      resultTypes: ['violations'],
    });
    return result.violations;
  }, include);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
