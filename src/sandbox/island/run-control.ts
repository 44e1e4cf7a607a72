/**
 * Run/Stop: starts the sandbox's entry on the shared runtime, streams its output into the pane, stops
 * programs at runSeconds (servers run until the learner stops them), and shows a server's preview.
 */
import { button, isMac } from './dom.ts';
import { OutputPane } from './output-pane.ts';
import { hidePreview, showPreview } from './preview-pane.ts';
import type { RuntimeSession } from './runtime-session.ts';
import type { WirePanel } from './wire-panel.ts';
import { formatExit } from '../output-format.ts';
import { uiText } from '../ui-strings.ts';
import type { SandboxIslandData } from '../island-data.ts';
import type { FileTree, SandboxProcess, ServerReady } from '../runtime.ts';

/** How long a sandbox's preview server may run on the local runner (its maxRunWallTimeMs). */
const PREVIEW_SERVER_MS = 600_000;

export class RunControl {
  private process?: SandboxProcess;
  /** From Run until the exit line: includes the moments before the runtime has started the process. */
  private running = false;
  private stopRequested = false;

  private readonly root: HTMLElement;
  private readonly meta: SandboxIslandData['meta'];
  private readonly runtime: RuntimeSession;
  private readonly output: OutputPane;
  private readonly files: () => FileTree;
  /** The Wire panel: adds capture options to a Run while it is open. */
  private readonly wire?: WirePanel;

  constructor(
    root: HTMLElement,
    meta: SandboxIslandData['meta'],
    runtime: RuntimeSession,
    output: OutputPane,
    files: () => FileTree,
    wire?: WirePanel,
  ) {
    this.root = root;
    this.meta = meta;
    this.runtime = runtime;
    this.output = output;
    this.files = files;
    this.wire = wire;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Kills the running program, if any (page leaving, runtime switch). */
  kill(): void {
    this.process?.kill();
  }

  private setRunning(running: boolean): void {
    const run = button(this.root, 'run');
    const shortcut = uiText(isMac ? 'run.shortcutMac' : 'run.shortcut');
    run.textContent = uiText(running ? 'run.stop' : 'run.run');
    run.title = running ? uiText('run.stopTitle', { shortcut }) : uiText('run.runTitle', { entry: this.meta.entry, shortcut });
    run.classList.toggle('primary', !running);
    this.root.toggleAttribute('data-running', running);
  }

  async toggle(): Promise<void> {
    if (this.running) {
      // Stop pressed while the runtime was still starting: kill the process as soon as it exists.
      this.stopRequested = true;
      this.process?.kill();
      return;
    }
    this.running = true;
    this.stopRequested = false;
    this.setRunning(true);
    this.output.clear();
    this.runtime.stages.clearFinished();
    hidePreview(this.root);
    const { entry, limits } = this.meta;
    this.output.append('system', `${uiText('run.starting', { entry })}\n`);
    let timedOut = false;
    let serving = false;
    let timer: number | undefined;
    let stopServerWatch: (() => void) | undefined;
    try {
      const { runtime } = await this.runtime.ensure();
      await runtime.mount(this.files());
      // Watch before starting: a fast server may report its port before run() resolves.
      stopServerWatch = runtime.onServerReady(() => (serving = true));
      // The runner's own limit is a backstop: the page stops non-servers at runSeconds below, and a
      // preview server may run for the runner's maximum so the learner can explore it.
      const process = await runtime.run(entry, {
        timeLimitMs: this.meta.preview ? PREVIEW_SERVER_MS : (limits.runSeconds + 2) * 1000,
        onStage: this.runtime.stages.listener,
        ...this.wire?.runStarted(),
      });
      this.process = process;
      if (this.stopRequested) process.kill();
      this.runtime.stages.listener({ stage: 'run', state: 'started', detail: entry, cancel: () => void this.toggle() });
      void process.exit.then(() => this.runtime.stages.listener({ stage: 'run', state: this.stopRequested ? 'cancelled' : 'done' }));
      // runSeconds limits programs that should end by themselves; a server runs until the learner stops it.
      timer = window.setTimeout(() => {
        if (serving || this.process !== process) return;
        timedOut = true;
        process.kill();
      }, limits.runSeconds * 1000);
      const reader = process.output.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.output.append(value.stream, value.data);
      }
      const info = await process.exit;
      const shown = timedOut ? { ...info, reason: 'timeout' } : info;
      const { text, tone } = formatExit(shown, timedOut ? { timeLimitSeconds: limits.runSeconds } : {});
      this.output.append('exit', text, tone);
    } catch (error) {
      this.output.append('exit', uiText('run.failedToStart', { message: error instanceof Error ? error.message : String(error) }), 'bad');
    } finally {
      this.wire?.runEnded();
      stopServerWatch?.();
      window.clearTimeout(timer);
      this.process = undefined;
      this.running = false;
      this.setRunning(false);
      hidePreview(this.root);
    }
  }

  /** Only the program's own server belongs in the preview; test runs start servers on random ports. */
  serverReady(ready: ServerReady): void {
    const preview = this.meta.preview;
    if (!preview || !this.running || ready.port !== preview.port) return;
    showPreview(this.root, ready.url, preview.path);
  }
}
