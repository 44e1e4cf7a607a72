/**
 * The stages a learner waits on — starting WebContainers, installing packages, the program, the tests —
 * one row each, with the seconds it has taken and a Cancel that really ends it (the runtime supplies
 * what Cancel does: kill npm, stop waiting for the boot, stop the program or the tests). Stage changes
 * are announced politely to screen readers; the ticking seconds are not, so they are not chatty.
 * A slow stage then reads as progress rather than a hang (issue #13, item 2; issue #14).
 */
import { tickElapsed } from '../stage-timer.ts';
import { uiText, type SandboxUiKey } from '../ui-strings.ts';
import type { StageEvent, StageListener, StageName } from '../runtime.ts';

interface Row {
  item: HTMLLIElement;
  label: HTMLElement;
  time: HTMLElement;
  seconds: number;
  stopTicking: () => void;
  cancelButton?: HTMLButtonElement;
}

export class StagePanel {
  private readonly host: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly live: HTMLElement;
  private readonly rows = new Map<StageName, Row>();

  /** `host` is the sandbox's `[data-stages]` element (Sandbox.astro); the panel fills it. */
  constructor(host: HTMLElement) {
    this.host = host;
    const doc = host.ownerDocument;
    this.list = doc.createElement('ol');
    this.list.className = 'sandbox-stage-list';
    this.live = doc.createElement('p');
    this.live.className = 'sr-only';
    this.live.setAttribute('aria-live', 'polite');
    this.live.dataset.stagesLive = '';
    host.replaceChildren(this.list, this.live);
  }

  /** Pass this to the runtime (RunOptions/TestOptions.onStage, connectRuntime). */
  readonly listener: StageListener = (event) => {
    if (event.state === 'started') this.started(event);
    else this.ended(event.stage, event.state, event.detail);
  };

  /** A new Run or Check: rows of stages that ended earlier go, rows still running stay. */
  clearFinished(): void {
    for (const [stage, row] of this.rows) {
      if (row.item.dataset.state === 'started') continue;
      row.item.remove();
      this.rows.delete(stage);
    }
    this.host.hidden = this.rows.size === 0;
  }

  private started(event: StageEvent): void {
    this.rows.get(event.stage)?.stopTicking();
    this.rows.get(event.stage)?.item.remove();
    const doc = this.host.ownerDocument;
    const item = doc.createElement('li');
    item.dataset.stage = event.stage;
    item.dataset.state = 'started';
    const label = doc.createElement('span');
    label.className = 'stage-label';
    label.textContent = startedText(event);
    const time = doc.createElement('span');
    time.className = 'stage-time';
    time.dataset.stageTime = '';
    item.append(label, ' ', time);
    const row: Row = { item, label, time, seconds: 0, stopTicking: () => {} };
    if (event.cancel) {
      const cancel = event.cancel;
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'stage-cancel';
      button.dataset.stageCancel = event.stage;
      button.textContent = uiText('stage.cancel');
      button.setAttribute('aria-label', uiText('stage.cancelLabel', { stage: uiText(stageKey(event.stage)) }));
      // aria-disabled, not disabled: a disabled button drops keyboard focus to the page at once.
      button.addEventListener('click', () => {
        if (button.getAttribute('aria-disabled') === 'true') return;
        button.setAttribute('aria-disabled', 'true');
        cancel();
      });
      item.append(' ', button);
      row.cancelButton = button;
    }
    this.rows.set(event.stage, row);
    this.list.append(item);
    this.host.hidden = false;
    row.stopTicking = tickElapsed((seconds) => {
      row.seconds = seconds;
      time.textContent = uiText('stage.seconds', { seconds });
    });
    this.live.textContent = label.textContent;
  }

  private ended(stage: StageName, state: 'done' | 'failed' | 'cancelled', detail?: string): void {
    const row = this.rows.get(stage);
    if (!row || row.item.dataset.state !== 'started') return;
    row.stopTicking();
    row.item.dataset.state = state;
    const text = uiText(`stage.${state}`, { stage: uiText(stageKey(stage)), seconds: row.seconds }) + (detail ? ` ${detail}` : '');
    row.label.textContent = text;
    row.time.textContent = '';
    if (row.cancelButton) {
      const hadFocus = row.cancelButton === this.host.ownerDocument.activeElement;
      row.cancelButton.remove();
      // Keyboard users keep their place: focus goes to the row's sandbox Run button, not to the page top.
      if (hadFocus) this.host.closest('course-sandbox')?.querySelector<HTMLElement>('[data-action="run"]')?.focus();
    }
    this.live.textContent = text;
  }

  /** Stops every timer (the element left the page). */
  dispose(): void {
    for (const row of this.rows.values()) row.stopTicking();
  }
}

function stageKey(stage: StageName): SandboxUiKey {
  return `stage.name.${stage}` as SandboxUiKey;
}

function startedText(event: StageEvent): string {
  switch (event.stage) {
    case 'boot':
      return uiText('stage.boot');
    case 'install':
      return uiText('stage.install', { packages: event.detail ?? '', count: event.count ?? 0 });
    case 'run':
      return uiText('stage.run', { entry: event.detail ?? '' });
    case 'tests':
      return uiText('stage.tests');
  }
}
