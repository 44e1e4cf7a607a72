/**
 * src/integrations/rehype-row-headers.ts: a table with an empty top-left cell gets row headers; any other
 * table is left as written. tests/e2e/site.test.ts checks built lesson 19 in both editions.
 */
import { describe, expect, test } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeRowHeaders from '../../src/integrations/rehype-row-headers.ts';

function transform(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  rehypeRowHeaders()(tree);
  return toHtml(tree);
}

describe('row headers for comparison tables', () => {
  test('an empty corner: the first cell of each body row heads its row, the corner becomes a data cell', () => {
    const html = '<table><thead><tr><th></th><th>Polling</th><th>WebSocket</th></tr></thead><tbody><tr><td>Framing</td><td>Full headers</td><td>2–14 bytes</td></tr><tr><td><code>Latency</code></td><td>Up to T</td><td>One trip</td></tr></tbody></table>';
    expect(transform(html)).toBe(
      '<table><thead><tr><td></td><th>Polling</th><th>WebSocket</th></tr></thead><tbody><tr><th scope="row">Framing</th><td>Full headers</td><td>2–14 bytes</td></tr><tr><th scope="row"><code>Latency</code></th><td>Up to T</td><td>One trip</td></tr></tbody></table>',
    );
  });

  test('a corner holding only whitespace counts as empty; one with text, or a table without a head, is left alone', () => {
    expect(transform('<table><thead><tr><th> \n</th><th>A</th></tr></thead><tbody><tr><td>x</td><td>1</td></tr></tbody></table>')).toContain('<th scope="row">x</th>');
    const named = '<table><thead><tr><th>Transport</th><th>Latency</th></tr></thead><tbody><tr><td>Polling</td><td>Up to T</td></tr></tbody></table>';
    expect(transform(named)).toBe(named);
    const headless = '<table><tbody><tr><td></td><td>1</td></tr></tbody></table>';
    expect(transform(headless)).toBe(headless);
  });
});
