/** Reading the Wire panel in Chromium, shared by the wire e2e suites. */
import { expect } from 'vitest';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core (WCAG 2.0–2.2 A/AA) on one part of the page: the wire panel, not the rest of the lesson. */
export async function axeViolationsIn(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (scope) => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<Result> } }).axe;
    const { violations } = await axe.run(document.querySelector(scope)!, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  }, selector);
}

/** The rows drawn in the diagram's window (aria-labels, "0.041 s: client.ts to server.ts :3000: GET /events"). */
export function wireRowLabels(sandbox: Locator): Promise<string[]> {
  return sandbox.locator('.wire-window [data-row-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

/**
 * Every row of the diagram in order, read by scrolling its viewport from top to bottom (only the visible
 * window is in the DOM); the viewport is left at the bottom, where the live tail is followed.
 */
export async function allWireRowLabels(sandbox: Locator): Promise<string[]> {
  const viewport = sandbox.locator('[data-wire-viewport]');
  const byId = new Map<number, string>();
  for (let top = 0; ; ) {
    await viewport.evaluate((element, value) => {
      element.scrollTop = value;
      element.dispatchEvent(new Event('scroll'));
    }, top);
    // The window is redrawn on the next animation frame.
    await viewport.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const rows = await sandbox.locator('.wire-window [data-row-id]').evaluateAll((elements) => elements.map((row) => [Number(row.getAttribute('data-row-id')), row.getAttribute('aria-label') ?? ''] as const));
    for (const [id, label] of rows) byId.set(id, label);
    const { scrollTop, clientHeight, scrollHeight } = await viewport.evaluate((element) => ({ scrollTop: element.scrollTop, clientHeight: element.clientHeight, scrollHeight: element.scrollHeight }));
    if (scrollTop + clientHeight >= scrollHeight - 1) break;
    top = scrollTop + clientHeight;
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([, label]) => label);
}

/** The accessible table's cells, row by row. */
export function wireTableRows(sandbox: Locator): Promise<string[][]> {
  return sandbox.locator('tbody[data-wire-log] tr').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => cell.textContent ?? '')));
}

/** `patterns` match `labels` in this order (other rows may come between). Fails naming the first one missing. */
export function expectSequence(labels: string[], patterns: RegExp[]): void {
  let at = 0;
  for (const pattern of patterns) {
    const found = labels.findIndex((label, index) => index >= at && pattern.test(label));
    expect(found, `No row matching ${pattern} after row ${at} in:\n${labels.join('\n')}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}
