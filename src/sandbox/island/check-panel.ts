/** The "Check my work" results: a summary line, one row per test, and the test tool's own output. */
import { el, announce } from './dom.ts';
import { uiText } from '../ui-strings.ts';
import type { formatTestReport } from '../output-format.ts';
import { locationButton, locationOf, type OpenLocation } from './trace-view.ts';
import { createMessageTranslator, type MessageTable } from '../../i18n/sandbox-messages.ts';

type TestReportView = ReturnType<typeof formatTestReport>;

export class CheckPanel {
  private readonly results: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly output: HTMLDetailsElement;
  private readonly done = { passed: 0, failed: 0 };

  private readonly root: HTMLElement;

  constructor(root: HTMLElement, openLocation?: OpenLocation) {
    this.root = root;
    this.results = el<HTMLElement>(root, '[data-results]');
    this.summary = el<HTMLElement>(root, '[data-results-summary]');
    this.list = el<HTMLOListElement>(root, '[data-results-list]');
    this.output = el<HTMLDetailsElement>(root, '[data-results-output]');
    this.list.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLElement>('.out-location');
      const location = button && locationOf(button);
      if (location) openLocation?.(location);
    });
  }

  start(): void {
    this.done.passed = 0;
    this.done.failed = 0;
    this.results.hidden = false;
    this.results.setAttribute('aria-busy', 'true');
    this.summary.textContent = uiText('check.running');
    delete this.summary.dataset.tone;
    this.list.replaceChildren();
    this.output.hidden = true;
    announce(this.root, uiText('check.running'));
  }

  /** Backends that stream (WebContainers) report each finished test as it ends; the rest report at the end. */
  testEnded(test: { status: string }): void {
    if (test.status === 'passed') this.done.passed += 1;
    else if (test.status === 'failed') this.done.failed += 1;
    this.summary.textContent = uiText('check.progress', this.done);
  }

  /** `messages`: the sandbox's translations for the page's language (lazy-assets.ts testMessages); names and messages no key matches stay English. */
  show(view: TestReportView, messages?: MessageTable): void {
    const translate = messages && Object.keys(messages).length ? createMessageTranslator(messages) : undefined;
    this.summary.textContent = `${view.summary} ${uiText('check.duration', { duration: view.duration })}`;
    this.summary.dataset.tone = view.tone;
    for (const item of view.items) {
      const li = document.createElement('li');
      li.dataset.status = item.status;
      const name = document.createElement('span');
      name.className = 'result-name';
      name.textContent = translate ? translate.name(item.name) : item.name;
      const status = document.createElement('span');
      status.className = 'result-status';
      status.textContent = item.statusLabel;
      li.append(name, status);
      if (item.location) {
        const at = document.createElement('p');
        at.className = 'result-location';
        at.append(`${uiText('check.failedAt')} `, locationButton(item.location, `${item.location.path}:${item.location.line}${item.location.column ? `:${item.location.column}` : ''}`));
        li.append(at);
      }
      if (item.message) {
        const pre = document.createElement('pre');
        pre.textContent = translate ? translate.message(item.message) : item.message;
        li.append(pre);
      }
      this.list.append(li);
    }
    if (view.output) {
      this.output.hidden = false;
      this.output.querySelector('pre')!.textContent = view.output;
      if (view.items.length === 0) this.output.open = true;
    }
    announce(this.root, view.summary);
  }

  failed(error: unknown): void {
    const message = uiText('check.summary.error', { message: error instanceof Error ? error.message : String(error) });
    this.summary.textContent = message;
    this.summary.dataset.tone = 'bad';
    announce(this.root, message);
  }

  finish(): void {
    this.results.removeAttribute('aria-busy');
  }
}
