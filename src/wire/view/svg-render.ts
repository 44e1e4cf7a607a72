/**
 * Draws wire rows as SVG markup in the lessons' Mermaid look: the same colour roles
 * (`var(--diagram-*)`, so light, dark and forced colours follow the site theme), the same font, actor
 * boxes, thin lifelines, 1.5 px message lines (dashed 2,2 for replies), filled arrowheads and crosses.
 * Pure string building: the live view draws only the visible window with it, the SVG export draws
 * everything, and unit tests read it without a browser.
 * Every colour carries the light theme's value as a fallback, so an exported file opens anywhere.
 */
import type { DrawnRow } from './rows.ts';
import { wireText } from './wire-strings.ts';

export const ROW_HEIGHT = 40;
export const ACTOR_HEIGHT = 44;
const GUTTER = 76;
const COLUMN = 220;
const ACTOR_WIDTH = 170;
const FONT = `"trebuchet ms", verdana, arial, sans-serif`;

const C = {
  text: 'var(--diagram-text, #1b1f24)',
  line: 'var(--diagram-line, #1b1f24)',
  border: 'var(--diagram-border, #0b5cad)',
  actor: 'var(--diagram-actor-bg, #e8f0fb)',
  note: 'var(--diagram-note-bg, #fff5c2)',
  noteBorder: 'var(--diagram-note-border, #8a5a00)',
  quiet: 'var(--diagram-activation-bg, #eef1f4)',
  quietBorder: 'var(--diagram-activation-border, #4f5965)',
  bg: 'var(--diagram-bg, #ffffff)',
  error: 'var(--diagram-error, #b3261e)',
} as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Layout {
  participants: readonly string[];
  width: number;
  x(name: string): number;
}

export function layoutFor(participants: readonly string[]): Layout {
  const index = new Map(participants.map((name, position) => [name, position]));
  return {
    participants,
    width: GUTTER + Math.max(1, participants.length) * COLUMN,
    x: (name) => GUTTER + (index.get(name) ?? 0) * COLUMN + COLUMN / 2,
  };
}

/** "12.345 s" in the time gutter: time runs down the page. */
export function formatClock(t: number): string {
  return `${(t / 1000).toFixed(3)} s`;
}

/**
 * One sentence per row, for aria-labels and the accessible log. It starts with the row's visible text
 * (clock, then label), so a speech-input user can name the row by what they see.
 */
export function describeRow(row: DrawnRow): string {
  const at = formatClock(row.t);
  if (row.kind === 'idle') return `${at} ${row.label}`;
  if (row.kind === 'note') {
    return row.over.length ? wireText('row.noteOver', { at, label: row.label, names: row.over.join(wireText('row.and')) }) : wireText('row.note', { at, label: row.label });
  }
  return wireText(row.head === 'cross' ? 'row.arrowCut' : 'row.arrow', { at, label: row.label, from: row.fromName, to: row.toName });
}

export function renderActors(layout: Layout, y = 0): string {
  return layout.participants
    .map((name) => {
      const x = layout.x(name);
      return (
        `<g class="wire-actor"><rect x="${x - ACTOR_WIDTH / 2}" y="${y + 2}" width="${ACTOR_WIDTH}" height="${ACTOR_HEIGHT - 4}" rx="6" ry="6" fill="${C.actor}" stroke="${C.border}"/>` +
        `<text x="${x}" y="${y + ACTOR_HEIGHT / 2}" text-anchor="middle" dominant-baseline="central" fill="${C.text}" font-size="15">${escapeXml(name)}</text></g>`
      );
    })
    .join('');
}

export function renderLifelines(layout: Layout, top: number, height: number): string {
  return layout.participants
    .map((name) => `<line x1="${layout.x(name)}" y1="${top}" x2="${layout.x(name)}" y2="${top + height}" stroke="${C.border}" stroke-width="0.5"/>`)
    .join('');
}

function arrowHead(x: number, y: number, direction: 1 | -1): string {
  const back = x - direction * 9;
  return `<path d="M${x},${y} L${back},${y - 4.5} L${back},${y + 4.5} Z" fill="${C.line}" stroke="${C.line}"/>`;
}

function cross(x: number, y: number): string {
  return `<path d="M${x - 5},${y - 5} L${x + 5},${y + 5} M${x + 5},${y - 5} L${x - 5},${y + 5}" stroke="${C.error}" stroke-width="2"/>`;
}

function rowBody(row: DrawnRow, layout: Layout, y: number): string {
  const middle = y + ROW_HEIGHT / 2;
  const clock = `<text x="6" y="${middle + 4}" fill="${C.text}" font-size="11">${formatClock(row.t)} </text>`;
  if (row.kind === 'idle') {
    const left = GUTTER + 8;
    return (
      clock +
      `<rect x="${left}" y="${y + 8}" width="${layout.width - left - 8}" height="${ROW_HEIGHT - 16}" rx="4" fill="${C.quiet}" stroke="${C.quietBorder}" stroke-dasharray="4,3"/>` +
      `<text x="${(left + layout.width) / 2}" y="${middle + 5}" text-anchor="middle" fill="${C.text}" font-size="13" font-style="italic">${escapeXml(row.label)}</text>`
    );
  }
  if (row.kind === 'note') {
    const xs = row.over.length ? row.over.map((name) => layout.x(name)) : [layout.x(layout.participants[0] ?? ''), layout.x(layout.participants.at(-1) ?? '')];
    const left = Math.min(...xs) - ACTOR_WIDTH / 2 + 10;
    const right = Math.max(...xs) + ACTOR_WIDTH / 2 - 10;
    const stroke = row.tone === 'dropped' || row.label === 'dropped' ? C.error : C.noteBorder;
    return (
      clock +
      `<rect x="${left}" y="${y + 7}" width="${right - left}" height="${ROW_HEIGHT - 14}" fill="${C.note}" stroke="${stroke}"/>` +
      `<text x="${(left + right) / 2}" y="${middle + 5}" text-anchor="middle" fill="${C.text}" font-size="13">${escapeXml(row.label)}</text>`
    );
  }
  const from = layout.x(row.fromName);
  const to = layout.x(row.toName);
  const dash = row.line === 'dashed' ? ' stroke-dasharray="2,2"' : '';
  const lineY = y + ROW_HEIGHT - 10;
  const label = `<text x="${(from + to) / 2}" y="${lineY - 7}" text-anchor="middle" fill="${C.text}" font-size="13"${row.kind === 'aggregate' ? ' font-weight="bold"' : ''}>${escapeXml(row.label)}</text>`;
  if (from === to) {
    // A process talking to itself: a small loop, as Mermaid draws self-messages.
    return clock + `<path d="M${from},${lineY - 8} h30 v10 h-28" fill="none" stroke="${C.line}" stroke-width="1.5"${dash}/>` + arrowHead(from + 2, lineY + 2, -1) + label;
  }
  const direction = to > from ? 1 : -1;
  const end = to - direction * 2;
  const head = row.head === 'cross' ? cross(end, lineY) : arrowHead(end, lineY, direction);
  // A folded run is drawn as a double line: many frames in the space of one.
  const double = row.kind === 'aggregate' ? `<line x1="${from}" y1="${lineY - 3}" x2="${end - direction * 8}" y2="${lineY - 3}" stroke="${C.line}" stroke-width="1.5"${dash}/>` : '';
  return clock + double + `<line x1="${from}" y1="${lineY}" x2="${end - direction * (row.head === 'cross' ? 0 : 8)}" y2="${lineY}" stroke="${C.line}" stroke-width="1.5"${dash}/>` + head + label;
}

/**
 * Rows `rows` drawn from `top`, row `i` of the slice at `top + i * ROW_HEIGHT`. With `focusable`,
 * each row is a keyboard stop (roving tabindex: only `focusId` is in the tab order).
 */
export function renderRows(rows: readonly DrawnRow[], layout: Layout, top: number, focus?: { focusId: number | undefined }): string {
  return rows
    .map((row, index) => {
      const y = top + index * ROW_HEIGHT;
      const attributes = focus
        ? ` role="button" data-row-id="${row.id}" tabindex="${row.id === focus.focusId ? 0 : -1}" aria-label="${escapeXml(describeRow(row))}"`
        : '';
      return `<g class="wire-row wire-${row.kind}"${attributes}><rect class="wire-hit" x="0" y="${y}" width="${layout.width}" height="${ROW_HEIGHT}" fill="transparent"/>${rowBody(row, layout, y)}</g>`;
    })
    .join('');
}

/** The whole diagram as a standalone SVG file (the "Export SVG" button). */
export function renderSvgDocument(rows: readonly DrawnRow[], participants: readonly string[], title: string): string {
  const layout = layoutFor(participants);
  const bodyTop = ACTOR_HEIGHT + 8;
  const height = bodyTop + rows.length * ROW_HEIGHT + ACTOR_HEIGHT + 8;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="wire-export-title" viewBox="0 0 ${layout.width} ${height}" width="${layout.width}" height="${height}" font-family='${FONT}'>` +
    `<title id="wire-export-title">${escapeXml(title)}</title>` +
    `<rect width="100%" height="100%" fill="${C.bg}"/>` +
    renderActors(layout, 0) +
    renderLifelines(layout, ACTOR_HEIGHT, height - 2 * ACTOR_HEIGHT) +
    renderRows(rows, layout, bodyTop) +
    renderActors(layout, height - ACTOR_HEIGHT) +
    `</svg>`
  );
}

export { FONT as DIAGRAM_FONT };
