/**
 * Comparison tables in the lessons are written with an empty top-left cell (`| | Polling | WebSocket |`):
 * the first column names what each row compares. Markdown makes every body cell a `<td>`, so the row
 * labels are data cells under an empty column header, and a screen reader reading "2 to 14 bytes" cannot
 * say which row it is in (Lighthouse's td-has-header audit failed on lesson 19 for this).
 *
 * For such a table, this makes the first cell of each body row a row header (`<th scope="row">`) and the
 * empty corner a `<td>` (an empty `<th>` heads nothing). Tables with a named first column are left alone:
 * there the first column is data. The lesson source stays plain Markdown in both languages.
 */
import { visit } from 'unist-util-visit';
import type { Element, ElementContent, Root } from 'hast';

const isElement = (node: ElementContent | undefined, tagName?: string): node is Element =>
  node?.type === 'element' && (tagName === undefined || node.tagName === tagName);

const cellsOf = (row: Element): Element[] => row.children.filter((child): child is Element => isElement(child, 'td') || isElement(child, 'th'));

const isEmpty = (cell: Element): boolean => cell.children.every((child) => child.type === 'text' && child.value.trim() === '');

export function markRowHeaders(table: Element): boolean {
  const head = table.children.find((child): child is Element => isElement(child, 'thead'));
  const body = table.children.find((child): child is Element => isElement(child, 'tbody'));
  const headRow = head?.children.find((child): child is Element => isElement(child, 'tr'));
  const corner = headRow ? cellsOf(headRow)[0] : undefined;
  if (!body || !corner || corner.tagName !== 'th' || !isEmpty(corner)) return false;
  corner.tagName = 'td';
  for (const row of body.children) {
    if (!isElement(row, 'tr')) continue;
    const first = cellsOf(row)[0];
    if (!first) continue;
    first.tagName = 'th';
    first.properties = { ...first.properties, scope: 'row' };
  }
  return true;
}

export default function rehypeRowHeaders() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'table') markRowHeaders(node);
    });
  };
}
