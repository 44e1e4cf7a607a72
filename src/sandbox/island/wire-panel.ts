/**
 * The sandbox's Wire panel (src/components/WireView.astro): the "Wire" button opens it; while it is
 * open, Runs capture traffic with the conditions from its form, and batches go to the wire view.
 * The view's code (src/wire/view/wire-view.ts and its diagram) is imported on first open only: most
 * readers never open it, and page weight matters (issue #15). Batches that arrive while it loads wait.
 */
import type { WireView } from '../../wire/view/wire-view.ts';
import type { WireEvent, WireRunOptions } from '../../wire/trace-events.ts';
import { EMPTY_FORM, describeConditions, toConditions, type ConditionsForm } from '../../wire/view/conditions.ts';
import { wireText } from '../../wire/view/wire-strings.ts';

/** What a Run adds to its options when the panel captures (shape of RunOptions.wire / onWire in the contract). */
export interface WireRunExtras {
  wire?: WireRunOptions;
  onWire?: (events: WireEvent[]) => void;
}

/** How many bytes of each event the details panel can show as hex. */
const RAW_BYTES = 256;

export class WirePanel {
  readonly #panel: HTMLElement;
  readonly #toggle: HTMLButtonElement;
  #view: WireView | undefined;
  #loading: Promise<WireView | undefined> | undefined;
  #waiting: Array<(view: WireView) => void> = [];

  private readonly root: HTMLElement;
  private readonly sandboxId: string;
  private readonly title: string;

  constructor(
    root: HTMLElement,
    sandboxId: string,
    title: string) {
    this.root = root;
    this.sandboxId = sandboxId;
    this.title = title;
    this.#panel = root.querySelector<HTMLElement>('[data-wire-panel]')!;
    this.#toggle = root.querySelector<HTMLButtonElement>('[data-action="wire"]')!;
    this.#toggle.disabled = false;
    this.#toggle.addEventListener('click', () => this.toggle());
    for (const input of this.#panel.querySelectorAll<HTMLInputElement>('[data-wire-condition]')) input.addEventListener('input', () => this.#showConditions());
    this.#panel.querySelector('[data-wire-action="clear-conditions"]')?.addEventListener('click', () => {
      for (const input of this.#panel.querySelectorAll<HTMLInputElement>('[data-wire-condition]')) {
        if (input.type === 'checkbox') input.checked = false;
        else input.value = '';
      }
      this.#showConditions();
    });
  }

  get open(): boolean {
    return !this.#panel.hidden;
  }

  toggle(): void {
    this.#panel.hidden = !this.#panel.hidden;
    this.#toggle.setAttribute('aria-expanded', String(this.open));
    if (this.open) void this.#load();
  }

  /** The form as the contract's NetworkConditions. */
  conditions(): ReturnType<typeof toConditions> {
    const form: ConditionsForm = { ...EMPTY_FORM };
    for (const input of this.#panel.querySelectorAll<HTMLInputElement>('[data-wire-condition]')) {
      const name = input.dataset.wireCondition as keyof ConditionsForm;
      if (name === 'capConnections') form.capConnections = input.checked;
      else if (name in form) form[name] = input.value;
    }
    return toConditions(form);
  }

  /** Called by Run: capture options while the panel is open, nothing otherwise. */
  runStarted(): WireRunExtras {
    if (!this.open) return {};
    const conditions = this.conditions();
    this.#withView((view) => view.startRun(describeConditions(conditions)));
    return {
      wire: { capture: true, rawBytes: RAW_BYTES, conditions },
      onWire: (events) => this.#withView((view) => view.ingest(events)),
    };
  }

  runEnded(): void {
    if (this.#view || this.#loading) this.#withView((view) => view.runEnded());
  }

  dispose(): void {
    this.#view?.dispose();
  }

  #showConditions(): void {
    const summary = this.#panel.querySelector('[data-wire-conditions-summary]');
    if (summary) {
      const described = describeConditions(this.conditions());
      summary.textContent = described ? `(${described})` : wireText('conditions.none');
    }
  }

  #withView(use: (view: WireView) => void): void {
    if (this.#view) use(this.#view);
    else {
      this.#waiting.push(use);
      void this.#load();
    }
  }

  #load(): Promise<WireView | undefined> {
    this.#loading ??= import('../../wire/view/wire-view.ts')
      .then(({ WireView }) => {
        const view = new WireView(this.#panel, this.sandboxId, this.title);
        this.#view = view;
        for (const control of this.#panel.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('.wire-toolbar [disabled]')) control.disabled = false;
        this.root.setAttribute('data-wire', 'ready');
        for (const use of this.#waiting.splice(0)) use(view);
        return view;
      })
      .catch((error: unknown) => {
        this.#loading = undefined;
        const status = this.#panel.querySelector('[data-wire-status]');
        if (status) status.textContent = wireText('panel.loadFailed', { detail: error instanceof Error ? error.message : String(error) });
        return undefined;
      });
    return this.#loading;
  }
}
