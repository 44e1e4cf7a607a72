/**
 * The wire panel's behaviour, loaded only when a learner opens the panel (src/sandbox/island/wire-panel.ts
 * imports it on demand; page weight matters, issue #15). Binds the markup of WireView.astro to a
 * WireModel: live diagram, details, connection filter, pause, exports and the accessible log.
 */
import type { WireEvent } from '../trace-events.ts';
import { WireModel } from './model.ts';
import { DiagramDom } from './diagram-dom.ts';
import { WireLog } from './wire-log.ts';
import { rowDetails } from './details.ts';
import { toMermaid } from './mermaid-export.ts';
import { renderSvgDocument } from './svg-render.ts';
import { exportTrace, importTrace } from './trace-export.ts';
import type { DrawnRow } from './rows.ts';
import { wireText } from './wire-strings.ts';

/** Quiet time after which pending events are drawn even though no newer batch pushed them out. */
const SETTLE_AFTER_MS = 250;

function part<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The wire panel markup has no ${selector}; src/components/WireView.astro and src/wire/view/wire-view.ts are out of step.`);
  return found;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export class WireView {
  #model = new WireModel();
  readonly #diagram: DiagramDom;
  readonly #log: WireLog;
  readonly #status: HTMLElement;
  readonly #filter: HTMLSelectElement;
  readonly #pause: HTMLButtonElement;
  readonly #details: HTMLElement;
  #connectionsVersion = -1;
  #settleTimer = 0;
  #conditions = '';
  #running = false;

  private readonly root: HTMLElement;
  private readonly sandboxId: string;
  private readonly title: string;

  constructor(root: HTMLElement, sandboxId: string, title: string) {
    this.root = root;
    this.sandboxId = sandboxId;
    this.title = title;
    this.#status = part(root, '[data-wire-status]');
    this.#filter = part(root, 'select[data-wire-filter]');
    this.#pause = part(root, '[data-wire-action="pause"]');
    this.#details = part(root, '[data-wire-details]');
    this.#diagram = new DiagramDom(part(root, '[data-wire-viewport]'), () => this.#model, (row) => this.#showDetails(row));
    this.#diagram.setLabel(wireText('diagram.label', { title }));
    this.#log = new WireLog(() => this.#model, part(root, 'tbody[data-wire-log]'), part(root, '[data-wire-live]'));
    this.#bind();
    this.#refresh();
  }

  /** A new Run with capture on: forget the last trace. */
  startRun(conditions: string): void {
    this.#reset(new WireModel());
    this.#conditions = conditions;
    this.#running = true;
    this.#refresh();
  }

  /** One `onWire` batch. */
  ingest(batch: readonly WireEvent[]): void {
    this.#model.ingest(batch);
    window.clearTimeout(this.#settleTimer);
    this.#settleTimer = window.setTimeout(() => {
      this.#model.flush();
      this.#changed();
    }, SETTLE_AFTER_MS);
    this.#changed();
  }

  runEnded(): void {
    this.#running = false;
    this.#model.flush();
    this.#changed();
    this.#log.flushTable();
  }

  /** Shows a whole recorded trace (the "Open trace" button; tests inject recorded traces this way). */
  load(events: readonly WireEvent[]): void {
    this.#reset(new WireModel());
    this.#conditions = '';
    this.#model.ingest(events);
    this.#model.flush();
    this.#changed();
    this.#log.flushTable();
  }

  dispose(): void {
    window.clearTimeout(this.#settleTimer);
    this.#diagram.dispose();
    this.#log.dispose();
  }

  #reset(model: WireModel): void {
    this.#model = model;
    this.#connectionsVersion = -1;
    this.#pause.setAttribute('aria-pressed', 'false');
    this.#details.hidden = true;
    this.#log.reset();
  }

  #changed(): void {
    this.#diagram.schedule();
    this.#log.changed();
    this.#refresh();
  }

  #bind(): void {
    const on = (action: string, handler: () => void) => part(this.root, `[data-wire-action="${action}"]`).addEventListener('click', handler);
    on('pause', () => {
      if (this.#model.paused) this.#model.resume();
      else this.#model.pause();
      this.#pause.setAttribute('aria-pressed', String(this.#model.paused));
      this.#changed();
    });
    this.#filter.addEventListener('change', () => {
      this.#model.setFilter(this.#filter.value ? [this.#filter.value] : null);
      this.#diagram.draw(true);
      this.#changed();
    });
    const name = `${this.sandboxId}-wire`;
    on('export-json', () => download(`${name}.json`, 'application/json', exportTrace(this.#model.events, this.sandboxId, this.#model.forgotten)));
    on('export-svg', () => download(`${name}.svg`, 'image/svg+xml', renderSvgDocument(this.#model.drawnRows(0, 2000), this.#model.participants(), wireText('export.title', { title: this.title }))));
    on('export-mermaid', () => download(`${name}.mmd`, 'text/plain', toMermaid(this.#model.drawnRows(), this.#model.participants(), { title: wireText('export.title', { title: this.title }) })));
    const file = part<HTMLInputElement>(this.root, 'input[data-wire-file]');
    on('open-trace', () => file.click());
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      void chosen.text().then((text) => {
        try {
          this.load(importTrace(text));
        } catch (error) {
          this.#status.textContent = error instanceof Error ? error.message : String(error);
        }
        file.value = '';
      });
    });
    on('close-details', () => this.#closeDetails());
    this.#details.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.#closeDetails();
    });
  }

  #closeDetails(): void {
    this.#details.hidden = true;
    this.root.querySelector<SVGGElement>('.wire-window [tabindex="0"]')?.focus();
  }

  #refresh(): void {
    const model = this.#model;
    if (model.connections.version !== this.#connectionsVersion) {
      this.#connectionsVersion = model.connections.version;
      const chosen = this.#filter.value;
      const options = [new Option(wireText('filter.all'), '')];
      model.connections.list().forEach((info, index) => options.push(new Option(`#${index + 1} ${model.connections.describe(info.conn)}${info.closed ? ` ${wireText('filter.closed')}` : ''}`, info.conn)));
      this.#filter.replaceChildren(...options);
      this.#filter.value = options.some((option) => option.value === chosen) ? chosen : '';
    }
    this.#pause.textContent = model.paused ? wireText('toolbar.resume', { count: model.buffered }) : wireText('toolbar.pause');
    const parts = [wireText('status.events', { count: model.events.length }), wireText('status.rows', { count: model.rows.length }), wireText('status.connections', { count: model.connections.list().length })];
    if (this.#conditions) parts.push(wireText('status.conditions', { conditions: this.#conditions }));
    if (model.forgotten) parts.push(wireText('status.forgotten', { count: model.forgotten }));
    if (this.#running) parts.push(wireText('status.capturing'));
    this.#status.textContent = parts.join(' · ');
  }

  #showDetails(row: DrawnRow): void {
    const details = rowDetails(row, (conn) => this.#model.connections.describe(conn));
    const body = part(this.#details, '[data-wire-details-body]');
    const heading = document.createElement('h5');
    heading.textContent = details.heading;
    heading.tabIndex = -1;
    const list = document.createElement('dl');
    for (const [name, value] of [...details.fields, ...details.headers]) {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
    const blocks: HTMLElement[] = [heading, list];
    for (const [label, text] of [['Payload', details.preview], ['Bytes (hex)', details.hex.join('\n')]] as const) {
      if (!text) continue;
      const caption = document.createElement('p');
      caption.className = 'wire-details-label';
      caption.textContent = label;
      const pre = document.createElement('pre');
      pre.textContent = text;
      blocks.push(caption, pre);
    }
    body.replaceChildren(...blocks);
    this.#details.hidden = false;
  }
}
