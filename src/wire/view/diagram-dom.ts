/**
 * The live diagram on the page: only the rows in (and just around) the viewport are in the DOM, so a
 * trace of 100,000 rows scrolls like one of 20. Actor boxes stay at the top while the rows scroll;
 * new rows follow the tail unless the learner has scrolled up to read. Rows are keyboard stops with a
 * roving tabindex: ↑/↓, Page Up/Down, Home/End move between arrows, Enter or a click opens details.
 */
import type { WireModel } from './model.ts';
import type { DrawnRow } from './rows.ts';
import { ACTOR_HEIGHT, DIAGRAM_FONT, ROW_HEIGHT, layoutFor, renderActors, renderLifelines, renderRows } from './svg-render.ts';
import { wireText } from './wire-strings.ts';

const OVERSCAN = 8;
const SVG = 'http://www.w3.org/2000/svg';

export class DiagramDom {
  private get model(): WireModel {
    return this.current();
  }

  readonly #viewport: HTMLElement;
  readonly #canvas: HTMLElement;
  readonly #header: SVGSVGElement;
  readonly #window: SVGSVGElement;
  #focusId: number | undefined;
  #follow = true;
  #drawnRevision = -1;
  #drawnRange = '';
  #frame = 0;
  #drawnModel: WireModel | undefined;

  /** The view swaps models on every Run; asking each time keeps this in step. */
  private readonly current: () => WireModel;
  private readonly onOpen: (row: DrawnRow) => void;

  constructor(viewport: HTMLElement, current: () => WireModel, onOpen: (row: DrawnRow) => void) {
    this.current = current;
    this.onOpen = onOpen;
    this.#viewport = viewport;
    viewport.replaceChildren();
    this.#canvas = document.createElement('div');
    this.#canvas.className = 'wire-canvas';
    this.#header = document.createElementNS(SVG, 'svg');
    this.#header.setAttribute('class', 'wire-header');
    this.#header.setAttribute('aria-hidden', 'true');
    this.#window = document.createElementNS(SVG, 'svg');
    this.#window.setAttribute('class', 'wire-window');
    this.#window.setAttribute('role', 'group');
    this.#window.setAttribute('aria-roledescription', wireText('diagram.role'));
    for (const svg of [this.#header, this.#window]) svg.setAttribute('font-family', DIAGRAM_FONT);
    this.#canvas.append(this.#header, this.#window);
    viewport.append(this.#canvas);
    viewport.addEventListener('scroll', () => {
      // Following the tail stops when the learner scrolls away from the bottom, and resumes at it.
      this.#follow = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW_HEIGHT;
      this.schedule();
    });
    this.#window.addEventListener('click', (event) => {
      const id = this.#rowIdOf(event.target);
      if (id !== undefined) this.#open(id);
    });
    this.#window.addEventListener('keydown', (event) => this.#key(event));
  }

  setLabel(label: string): void {
    this.#window.setAttribute('aria-label', label);
  }

  /** Redraws on the next frame; cheap to call on every batch. */
  schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.draw();
    });
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame);
  }

  draw(force = false): void {
    const rows = this.model.rows;
    const layout = layoutFor(this.model.participants());
    const total = ACTOR_HEIGHT + rows.length * ROW_HEIGHT + 8;
    this.#canvas.style.height = `${total}px`;
    this.#canvas.style.width = `${layout.width}px`;
    if (this.#follow) this.#viewport.scrollTop = this.#viewport.scrollHeight;
    const first = Math.max(0, Math.floor((this.#viewport.scrollTop - ACTOR_HEIGHT) / ROW_HEIGHT) - OVERSCAN);
    const visible = Math.ceil(this.#viewport.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(rows.length, first + visible);
    const range = `${first}:${last}:${layout.width}:${this.#focusId}`;
    if (!force && range === this.#drawnRange && this.model.revision === this.#drawnRevision && this.model === this.#drawnModel) return;
    this.#drawnRange = range;
    this.#drawnRevision = this.model.revision;
    // The roving tab stop must be a drawn row, or the diagram drops out of the tab order: after a new
    // trace or a scroll with the mouse it moves to the tail (when following) or the first visible row.
    if (this.model !== this.#drawnModel) this.#focusId = undefined;
    this.#drawnModel = this.model;
    const focusIndex = this.#focusId === undefined ? -1 : this.model.indexOf(this.#focusId);
    if (focusIndex < first || focusIndex >= last) this.#focusId = rows[this.#follow ? last - 1 : first]?.id;
    const height = Math.max(0, last - first) * ROW_HEIGHT;
    for (const svg of [this.#header, this.#window]) svg.setAttribute('width', String(layout.width));
    this.#header.setAttribute('height', String(ACTOR_HEIGHT));
    this.#header.innerHTML = renderActors(layout);
    this.#window.setAttribute('height', String(height));
    this.#window.style.top = `${ACTOR_HEIGHT + first * ROW_HEIGHT}px`;
    // The window SVG's own coordinates start at row `first`, so row i sits at (i - first) * ROW_HEIGHT.
    this.#window.innerHTML = renderLifelines(layout, 0, height) + renderRows(this.model.drawnRows(first, last), layout, 0, { focusId: this.#focusId });
  }

  #rowIdOf(target: EventTarget | null): number | undefined {
    const row = target instanceof Element ? target.closest('[data-row-id]') : null;
    return row ? Number(row.getAttribute('data-row-id')) : undefined;
  }

  #open(id: number): void {
    const index = this.model.indexOf(id);
    const row = this.model.rows[index];
    if (!row) return;
    this.#focusId = id;
    this.draw(true);
    this.onOpen(this.model.draw(row));
  }

  /** Scrolls row `index` into view, draws, and moves focus to it. */
  focusIndex(index: number): void {
    const row = this.model.rows[Math.max(0, Math.min(this.model.rows.length - 1, index))];
    if (!row) return;
    this.#focusId = row.id;
    const top = ACTOR_HEIGHT + this.model.indexOf(row.id) * ROW_HEIGHT;
    const view = this.#viewport;
    if (top < view.scrollTop + ACTOR_HEIGHT) view.scrollTop = top - ACTOR_HEIGHT;
    else if (top + ROW_HEIGHT > view.scrollTop + view.clientHeight) view.scrollTop = top + ROW_HEIGHT - view.clientHeight;
    this.#follow = index >= this.model.rows.length - 1;
    this.draw(true);
    this.#window.querySelector<SVGGElement>(`[data-row-id="${row.id}"]`)?.focus();
  }

  #key(event: KeyboardEvent): void {
    const id = this.#rowIdOf(event.target);
    if (id === undefined) return;
    const index = this.model.indexOf(id);
    const page = Math.max(1, Math.floor(this.#viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: this.model.rows.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      this.focusIndex(moves[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#open(id);
    }
  }
}
