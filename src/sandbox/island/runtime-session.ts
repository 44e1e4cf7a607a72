/**
 * Which runtime runs this sandbox's code: the select the learner picks with, the status line that says
 * what is happening, and the one connection every Run and Check shares.
 */
import { el } from './dom.ts';
import { uiText } from '../ui-strings.ts';
import { offerLocalRunner, withoutLocalChoice } from '../runtime-choice-ui.ts';
import { tickElapsed } from '../stage-timer.ts';
import { StagePanel } from './stage-panel.ts';
import {
  connectRuntime,
  initialRuntimeChoice,
  rememberRuntimeChoice,
  RuntimeConnectError,
  type RuntimeChoice,
  type RuntimeConnection,
} from '../island-services.ts';
import type { SandboxIslandData } from '../island-data.ts';

type RuntimeState = 'fallback' | 'failed' | 'ready' | 'starting';

export interface RuntimeSessionHooks {
  /** Called once per connection, e.g. to listen for servers; return a cleanup. */
  connected(connection: RuntimeConnection): () => void;
  /** Called before the runtime is replaced, so a running program can be stopped. */
  beforeSwitch(): void;
}

export class RuntimeSession {
  private connection?: RuntimeConnection;
  private starting?: Promise<RuntimeConnection>;
  private choice: RuntimeChoice = 'auto';
  /** A `?runtime=local` in the URL counts until the learner picks a runtime themselves. */
  private urlChoiceApplies = true;
  private readonly cleanups: (() => void)[] = [];
  /** Boot, install, run and tests, each with elapsed time and Cancel; Run and Check report into it too. */
  readonly stages: StagePanel;

  private readonly root: HTMLElement;
  private readonly meta: SandboxIslandData['meta'];
  private readonly hooks: RuntimeSessionHooks;

  constructor(
    root: HTMLElement,
    meta: SandboxIslandData['meta'],
    hooks: RuntimeSessionHooks) {
    this.root = root;
    this.meta = meta;
    this.hooks = hooks;
    this.stages = new StagePanel(el<HTMLElement>(root, '[data-stages]'));
  }

  setUpChoice(): void {
    const select = el<HTMLSelectElement>(this.root, '[data-runtime-choice]');
    this.choice = initialRuntimeChoice();
    if ([...select.options].some((option) => option.value === this.choice)) select.value = this.choice;
    select.disabled = false;
    select.addEventListener('change', () => {
      this.choice = select.value as RuntimeChoice;
      this.urlChoiceApplies = false;
      rememberRuntimeChoice(this.choice);
      void this.switchRuntime();
    });
  }

  private status(text: string, state?: RuntimeState): void {
    const status = el<HTMLElement>(this.root, '[data-runtime-status]');
    status.textContent = text;
    if (state) status.dataset.state = state;
    else delete status.dataset.state;
  }

  ensure(): Promise<RuntimeConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    if (!this.starting) {
      const stopTicking = tickElapsed((seconds) =>
        this.status(seconds < 2 ? uiText('runtime.connecting') : uiText('runtime.connectingFor', { seconds }), 'starting'),
      );
      this.starting = connectRuntime({
        choice: this.choice,
        urlChoiceApplies: this.urlChoiceApplies,
        webcontainerAllowed: this.meta.webcontainer,
        dependencies: this.meta.dependencies,
        limits: this.meta.limits,
        onStage: this.stages.listener,
      })
        .finally(stopTicking)
        .then((connection) => {
          this.connection = connection;
          this.status(uiText('runtime.status', { label: connection.runtime.label, reason: connection.reason }), connection.fellBack ? 'fallback' : 'ready');
          this.localChoice(connection.localAvailable, connection.runtime.kind === 'webcontainer');
          this.root.dataset.runtime = connection.runtime.kind;
          this.cleanups.push(this.hooks.connected(connection));
          return connection;
        })
        .catch((error: unknown) => {
          this.starting = undefined;
          this.status(uiText('runtime.failed', { message: error instanceof Error ? error.message : String(error) }), 'failed');
          // WebContainers were chosen and failed where a runner exists: offer it in one click.
          if (error instanceof RuntimeConnectError) this.localChoice(error.localAvailable, this.choice !== 'local');
          throw error;
        });
    }
    return this.starting;
  }

  /** No local-runner choice on a static host; a one-click switch to it where WebContainers run the code. */
  private localChoice(available: boolean, onWebContainer: boolean): void {
    const select = el<HTMLSelectElement>(this.root, '[data-runtime-choice]');
    if (!available) withoutLocalChoice(select);
    offerLocalRunner(el<HTMLElement>(this.root, '[data-runtime-status]'), select, available && onWebContainer);
  }

  private async switchRuntime(): Promise<void> {
    this.hooks.beforeSwitch();
    const old = this.connection ?? (await this.starting?.catch(() => undefined));
    this.connection = undefined;
    this.starting = undefined;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    await old?.runtime.teardown().catch(() => undefined);
    await this.ensure().catch(() => undefined);
  }

  /**
   * The element left the page (a navigation): its runtime goes too. For WebContainers that removes only
   * this sandbox's folder; the container and its installed packages stay for the next lesson in the tab.
   */
  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.stages.dispose();
    const connection = this.connection ?? this.starting?.catch(() => undefined);
    this.connection = undefined;
    this.starting = undefined;
    void Promise.resolve(connection).then((done) => done?.runtime.teardown()).catch(() => undefined);
  }
}
