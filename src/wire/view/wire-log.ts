/**
 * The wire diagram for screen readers: a table of the latest rows (time, from, to, message) refreshed
 * at most once a second, and a polite live region that sums up what happened since it last spoke,
 * at most every few seconds, so a flood of frames does not drown the learner's reader.
 */
import type { WireModel } from './model.ts';
import { describeRow, formatClock } from './svg-render.ts';
import { wireText } from './wire-strings.ts';

export const LOG_ROWS = 50;
const TABLE_EVERY_MS = 1000;
const ANNOUNCE_EVERY_MS = 3000;

export class WireLog {
  private get model(): WireModel {
    return this.current();
  }

  #tableTimer = 0;
  #announceTimer = 0;
  #announcedRows = 0;

  /** The view swaps models on every Run; asking each time keeps this in step. */
  private readonly current: () => WireModel;
  private readonly body: HTMLTableSectionElement;
  private readonly live: HTMLElement;

  constructor(current: () => WireModel, body: HTMLTableSectionElement, live: HTMLElement) {
    this.current = current;
    this.body = body;
    this.live = live;
  }

  /** Call on every change; work happens on the throttled timers. */
  changed(): void {
    if (!this.#tableTimer) this.#tableTimer = window.setTimeout(() => this.#fillTable(), TABLE_EVERY_MS);
    if (!this.#announceTimer) this.#announceTimer = window.setTimeout(() => this.#announce(), ANNOUNCE_EVERY_MS);
  }

  reset(): void {
    this.#announcedRows = 0;
    this.body.replaceChildren();
    this.live.textContent = '';
  }

  dispose(): void {
    window.clearTimeout(this.#tableTimer);
    window.clearTimeout(this.#announceTimer);
  }

  /** Fills the table now (the run ended, or a test wants it). */
  flushTable(): void {
    window.clearTimeout(this.#tableTimer);
    this.#fillTable();
  }

  #fillTable(): void {
    this.#tableTimer = 0;
    const rows = this.model.rows;
    const drawn = this.model.drawnRows(Math.max(0, rows.length - LOG_ROWS));
    const lines = drawn.map((row) => {
      const tr = document.createElement('tr');
      const from = row.kind === 'arrow' || row.kind === 'aggregate' ? row.fromName : row.kind === 'note' ? row.over.join(', ') : '';
      const to = row.kind === 'arrow' || row.kind === 'aggregate' ? row.toName : '';
      for (const text of [formatClock(row.t), from, to, row.label]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    this.body.replaceChildren(...lines);
  }

  #announce(): void {
    this.#announceTimer = 0;
    if (this.model.paused) return;
    const rows = this.model.rows;
    const fresh = rows.length - this.#announcedRows;
    if (fresh <= 0) return;
    this.#announcedRows = rows.length;
    const latest = rows.at(-1);
    const text = latest ? describeRow(this.model.draw(latest)) : '';
    this.live.textContent = fresh === 1 ? text : wireText('live.many', { count: fresh, text });
  }
}
