/**
 * `<course-sandbox>`: brings a server-rendered sandbox (src/components/Sandbox.astro) to life.
 *
 * Before activation it only wires up the tabs and buttons: no Monaco code is loaded. The editor
 * (./editor.ts, a separate chunk) is imported when the learner clicks or focuses the code, presses
 * "Edit code", or when the sandbox scrolls into view while the browser is idle. Run and Check work
 * with or without the editor, on the runtime pick-runtime.ts chooses.
 */
import type { SandboxEditor } from './editor.ts';
import type { SandboxIslandData } from './island-data.ts';
import type { FileTree, SandboxProcess, ServerReady } from './runtime.ts';
import { formatExit, formatTestReport } from './output-format.ts';
import { previewPage } from './preview-url.ts';
import { uiText } from './ui-strings.ts';
import { isComplete, markComplete } from '../progress/store.ts';
import { offerLocalRunner, withoutLocalChoice } from './runtime-choice-ui.ts';
import { tickElapsed } from './stage-timer.ts';
import {
  connectRuntime,
  initialRuntimeChoice,
  openAutosave,
  rememberRuntimeChoice,
  RuntimeConnectError,
  type Autosave,
  type RuntimeChoice,
  type RuntimeConnection,
} from './island-services.ts';

/** How long a sandbox's preview server may run on the local runner (its maxRunWallTimeMs). */
const PREVIEW_SERVER_MS = 600_000;

/** The output pane keeps at most this much text; older lines go first, so a chatty loop cannot freeze the page. */
const MAX_LOG_CHARS = 200_000;
/** How long the page waits for an idle moment after the sandbox became visible before loading the editor anyway. */
const IDLE_TIMEOUT_MS = 4000;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function el<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The sandbox markup has no ${selector}; src/components/Sandbox.astro and src/sandbox/island.ts are out of step.`);
  return found;
}

class CourseSandbox extends HTMLElement {
  private data!: SandboxIslandData;
  /** The learner's files as they are now (starter overlaid with their edits). */
  private files: FileTree = {};
  private active = '';
  private editor?: SandboxEditor;
  private editorLoading?: Promise<SandboxEditor | undefined>;
  private autosave?: Autosave;
  private runtime?: RuntimeConnection;
  private runtimeStarting?: Promise<RuntimeConnection>;
  private runtimeChoice: RuntimeChoice = 'auto';
  /** A `?runtime=local` in the URL counts until the learner picks a runtime themselves. */
  private urlChoiceApplies = true;
  private process?: SandboxProcess;
  /** From Run until the exit line: includes the moments before the runtime has started the process. */
  private running = false;
  private stopRequested = false;
  private checking = false;
  private comparing = false;
  /** Set while the page itself changes the files (reset, undo): autosave.ts stores those itself, not as edits. */
  private applying = false;
  private savedAnnounced = false;
  private cleanups: (() => void)[] = [];

  connectedCallback(): void {
    if (this.data) return;
    const json = el<HTMLScriptElement>(this, 'script[data-sandbox-data]').textContent ?? '{}';
    this.data = JSON.parse(json) as SandboxIslandData;
    if (!this.data.lessonId) this.data.lessonId = document.body.dataset.lessonId ?? '';
    this.active = this.data.meta.files[0]?.path ?? this.data.meta.entry;
    this.autosave = openAutosave(this.data.sandboxId, this.data.starter, {
      onSaved: () => this.showSaved(),
      onError: (message) => this.showSaveError(message),
    });
    const { loaded } = this.autosave;
    this.files = { ...loaded.files };
    this.showRestoredEdits();
    if (loaded.starterChanged) this.note(uiText('sandbox.starterChanged'));
    // A reset made on an earlier visit can still be undone, as long as nothing was typed since.
    if (loaded.canUndoReset && !loaded.edited) this.button('undo-reset').hidden = false;
    if (loaded.unreadableBackupKey) this.note(uiText('sandbox.unreadable', { key: loaded.unreadableBackupKey }), 'error');
    this.setUpTabs();
    this.setUpButtons();
    this.setUpActivation();
    this.setUpRuntimeChoice();
    if (this.data.lessonId && isComplete(this.data.lessonId, 'exercise')) this.showComplete();
  }

  disconnectedCallback(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.process?.kill();
    this.autosave?.flush();
  }

  // --- Files and tabs ---------------------------------------------------------------------------

  private tabs(): HTMLButtonElement[] {
    return [...this.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  }

  private isReadOnly(path: string): boolean {
    return this.data.meta.files.find((file) => file.path === path)?.readOnly ?? false;
  }

  /** Saved edits are shown even before the editor loads, as plain text: the highlighted HTML is the starter's. */
  private showRestoredEdits(): void {
    let changed = false;
    for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) {
      const path = block.dataset.staticPath ?? '';
      const content = this.files[path];
      if (content === undefined || content === this.data.starter[path]) continue;
      const code = block.querySelector('code') ?? block.querySelector('pre');
      if (code) code.textContent = content;
      changed = true;
    }
    if (changed) this.note(uiText('sandbox.savedEditsNote'));
  }

  private setUpTabs(): void {
    const tabs = this.tabs();
    const panel = el<HTMLElement>(this, '[role="tabpanel"]');
    tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => this.selectTab(tab.dataset.path ?? ''));
      // WAI-ARIA APG tabs pattern: arrows move between tabs (wrapping), Home/End jump, selection follows focus.
      tab.addEventListener('keydown', (event) => {
        const last = tabs.length - 1;
        const target =
          event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
          : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
          : event.key === 'Home' ? 0
          : event.key === 'End' ? last
          : undefined;
        if (target === undefined) return;
        event.preventDefault();
        const next = tabs[target];
        if (!next) return;
        next.focus();
        this.selectTab(next.dataset.path ?? '');
      });
    });
    panel.dataset.activePath = this.active;
  }

  private selectTab(path: string): void {
    if (!path || !(path in this.files)) return;
    this.active = path;
    const panel = el<HTMLElement>(this, '[role="tabpanel"]');
    for (const tab of this.tabs()) {
      const selected = tab.dataset.path === path;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) panel.setAttribute('aria-labelledby', tab.id);
    }
    panel.dataset.activePath = path;
    for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) block.hidden = block.dataset.staticPath !== path || Boolean(this.editor);
    this.editor?.show(path);
    if (this.comparing) this.showDiff();
  }

  // --- Editor -----------------------------------------------------------------------------------

  private setUpActivation(): void {
    const activateFromCode = (event: Event) => {
      if (this.editor || this.editorLoading) return;
      if (!(event.target instanceof Element) || !event.target.closest('[data-static-path]')) return;
      void this.activate(true);
    };
    this.addEventListener('click', activateFromCode);
    this.addEventListener('focusin', activateFromCode);

    // Preload when the sandbox comes into view and the browser has nothing better to do, unless the
    // reader asked to save data.
    const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
    if (saveData || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
      idle(() => void this.activate(false), { timeout: IDLE_TIMEOUT_MS });
    });
    observer.observe(el(this, '.sandbox-files'));
    this.cleanups.push(() => observer.disconnect());
  }

  /** Loads Monaco (once) and swaps the static code for the editor; focuses it when the learner asked for it. */
  activate(focus: boolean): Promise<SandboxEditor | undefined> {
    if (this.editor) {
      if (focus) this.editor.focus();
      return Promise.resolve(this.editor);
    }
    if (this.editorLoading) {
      if (focus) void this.editorLoading.then((editor) => editor?.focus());
      return this.editorLoading;
    }
    const activateButton = el<HTMLButtonElement>(this, '[data-action="activate"]');
    activateButton.disabled = true;
    this.note(uiText('editor.loading'));
    this.setAttribute('data-editor', 'loading');
    this.editorLoading = import('./editor.ts')
      .then(({ createSandboxEditor }) => {
        const host = el<HTMLElement>(this, '[data-editor-host]');
        // The static block stays visible until the editor can take its place, so nothing jumps twice.
        const hadFocus = this.querySelector('[data-static-path]')?.contains(document.activeElement) ?? false;
        host.hidden = false;
        for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) block.hidden = true;
        const editor = createSandboxEditor({
          sandboxId: this.data.sandboxId,
          host,
          files: this.data.meta.files.map(({ path, readOnly }) => ({ path, readOnly, content: this.files[path] ?? '' })),
          active: this.active,
          typeBundles: this.data.typeBundles,
          labelFor: (path) => uiText('editor.label', { path }) + (this.isReadOnly(path) ? ` (${uiText('sandbox.readOnly')})` : ''),
          readOnlyMessageFor: (path) => uiText('editor.readOnlyMessage', { path }),
          onChange: (path, content) => this.edited(path, content),
          onRunShortcut: () => void this.toggleRun(),
        });
        this.editor = editor;
        activateButton.hidden = true;
        this.setAttribute('data-editor', 'ready');
        this.note(uiText('editor.loaded', { tabKeys: uiText(isMac ? 'editor.tabKeysMac' : 'editor.tabKeys') }));
        if (focus || hadFocus) editor.focus();
        // Warm the runtime up while the learner reads the code (WebContainers take seconds to boot), but
        // only when the learner asked for the editor: a mere scroll should not boot a runtime.
        if (focus) void this.ensureRuntime().catch(() => undefined);
        return editor;
      })
      .catch((error: unknown) => {
        this.editorLoading = undefined;
        activateButton.disabled = false;
        this.setAttribute('data-editor', 'failed');
        for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) block.hidden = block.dataset.staticPath !== this.active;
        el<HTMLElement>(this, '[data-editor-host]').hidden = true;
        this.note(uiText('editor.failed', { message: error instanceof Error ? error.message : String(error) }), 'error');
        return undefined;
      });
    return this.editorLoading;
  }

  private edited(path: string, content: string): void {
    this.files[path] = content;
    // Reset and undo store their result themselves (autosave.ts keeps the undo copy).
    if (this.applying) return;
    this.autosave?.save(path, content);
    el<HTMLElement>(this, '[data-save-status]').dataset.state = 'pending';
  }

  private showSaveError(message: string): void {
    const status = el<HTMLElement>(this, '[data-save-status]');
    status.dataset.state = 'error';
    status.textContent = message;
    this.savedAnnounced = false;
  }

  /** Called by autosave once an edit is stored. Says "Saved" once, then only the colour changes: not chatty. */
  private showSaved(): void {
    const status = el<HTMLElement>(this, '[data-save-status]');
    status.dataset.state = 'saved';
    if (!this.savedAnnounced || status.textContent !== uiText('save.saved')) {
      status.textContent = uiText('save.saved');
      this.savedAnnounced = true;
    }
  }

  private note(text: string, state?: 'error'): void {
    const note = el<HTMLElement>(this, '[data-editor-note]');
    note.textContent = text;
    if (state) note.dataset.state = state;
    else delete note.dataset.state;
  }

  private announce(text: string): void {
    const region = el<HTMLElement>(this, '[data-announce]');
    // Clearing first makes screen readers repeat an identical message (e.g. a second failing check).
    region.textContent = '';
    window.setTimeout(() => (region.textContent = text), 50);
  }

  // --- Buttons ----------------------------------------------------------------------------------

  private button(action: string): HTMLButtonElement {
    return el<HTMLButtonElement>(this, `[data-action="${action}"]`);
  }

  private setUpButtons(): void {
    this.button('activate').addEventListener('click', () => void this.activate(true));
    this.button('run').addEventListener('click', () => void this.toggleRun());
    this.button('check').addEventListener('click', () => void this.check());
    this.button('compare').addEventListener('click', () => void this.toggleCompare());
    this.button('reset').addEventListener('click', () => this.reset());
    this.button('undo-reset').addEventListener('click', () => this.undoReset());
    this.querySelector('[data-action="reload-preview"]')?.addEventListener('click', () => {
      const frame = this.querySelector<HTMLIFrameElement>('[data-preview-frame]');
      if (frame?.src) frame.src = frame.src;
    });
    for (const action of ['activate', 'run', 'check', 'compare', 'reset']) this.button(action).disabled = false;
    // Ctrl+Enter / ⌘+Enter anywhere in the sandbox outside the editor (Monaco handles its own).
    this.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.key !== 'Enter' || !(isMac ? event.metaKey : event.ctrlKey)) return;
      event.preventDefault();
      void this.toggleRun();
    });
    const shortcut = uiText(isMac ? 'run.shortcutMac' : 'run.shortcut');
    this.button('run').title = uiText('run.runTitle', { entry: this.data.meta.entry, shortcut });
  }

  // --- Runtime ----------------------------------------------------------------------------------

  private setUpRuntimeChoice(): void {
    const select = el<HTMLSelectElement>(this, '[data-runtime-choice]');
    this.runtimeChoice = initialRuntimeChoice();
    if ([...select.options].some((option) => option.value === this.runtimeChoice)) select.value = this.runtimeChoice;
    select.disabled = false;
    select.addEventListener('change', () => {
      this.runtimeChoice = select.value as RuntimeChoice;
      this.urlChoiceApplies = false;
      rememberRuntimeChoice(this.runtimeChoice);
      void this.switchRuntime();
    });
  }

  private runtimeStatus(text: string, state?: 'fallback' | 'failed' | 'ready' | 'starting'): void {
    const status = el<HTMLElement>(this, '[data-runtime-status]');
    status.textContent = text;
    if (state) status.dataset.state = state;
    else delete status.dataset.state;
  }

  private ensureRuntime(): Promise<RuntimeConnection> {
    if (this.runtime) return Promise.resolve(this.runtime);
    if (!this.runtimeStarting) {
      const stopTicking = tickElapsed((seconds) =>
        this.runtimeStatus(seconds < 2 ? uiText('runtime.connecting') : uiText('runtime.connectingFor', { seconds }), 'starting'),
      );
      const { meta } = this.data;
      this.runtimeStarting = connectRuntime({
        choice: this.runtimeChoice,
        urlChoiceApplies: this.urlChoiceApplies,
        webcontainerAllowed: meta.webcontainer,
        dependencies: meta.dependencies,
        limits: meta.limits,
      })
        .finally(stopTicking)
        .then((connection) => {
          this.runtime = connection;
          this.runtimeStatus(uiText('runtime.status', { label: connection.runtime.label, reason: connection.reason }), connection.fellBack ? 'fallback' : 'ready');
          this.localChoice(connection.localAvailable, connection.runtime.kind === 'webcontainer');
          this.dataset.runtime = connection.runtime.kind;
          this.cleanups.push(connection.runtime.onServerReady((ready) => this.serverReady(ready)));
          return connection;
        })
        .catch((error: unknown) => {
          this.runtimeStarting = undefined;
          this.runtimeStatus(uiText('runtime.failed', { message: error instanceof Error ? error.message : String(error) }), 'failed');
          if (error instanceof RuntimeConnectError) this.localChoice(error.localAvailable, false);
          throw error;
        });
    }
    return this.runtimeStarting;
  }

  /** No local-runner choice on a static host; a one-click switch to it where WebContainers run the code. */
  private localChoice(available: boolean, onWebContainer: boolean): void {
    const select = el<HTMLSelectElement>(this, '[data-runtime-choice]');
    if (!available) withoutLocalChoice(select);
    offerLocalRunner(el<HTMLElement>(this, '[data-runtime-status]'), select, available && onWebContainer);
  }

  private async switchRuntime(): Promise<void> {
    this.process?.kill();
    const old = this.runtime ?? (await this.runtimeStarting?.catch(() => undefined));
    this.runtime = undefined;
    this.runtimeStarting = undefined;
    await old?.runtime.teardown().catch(() => undefined);
    await this.ensureRuntime().catch(() => undefined);
  }

  // --- Run --------------------------------------------------------------------------------------

  private log(): HTMLElement {
    return el<HTMLElement>(this, '[data-output]');
  }

  private appendOutput(stream: 'stdout' | 'stderr' | 'system' | 'exit', text: string, tone?: string): void {
    const log = this.log();
    log.querySelector('.sandbox-log-placeholder')?.remove();
    const last = log.lastElementChild as HTMLElement | null;
    // Consecutive chunks of one stream share a span, so the DOM stays small for chatty programs.
    if (stream !== 'exit' && last?.dataset.stream === stream && (last.textContent?.length ?? 0) < 8192) {
      last.append(text);
    } else {
      const span = document.createElement(stream === 'exit' ? 'p' : 'span');
      span.className = `out-${stream}`;
      span.dataset.stream = stream;
      if (tone) span.dataset.tone = tone;
      span.textContent = text;
      log.append(span);
    }
    let total = log.textContent?.length ?? 0;
    while (total > MAX_LOG_CHARS && log.firstElementChild && log.firstElementChild !== log.lastElementChild) {
      total -= log.firstElementChild.textContent?.length ?? 0;
      log.firstElementChild.remove();
      if (!log.querySelector('[data-truncated]')) {
        const marker = document.createElement('span');
        marker.className = 'out-system';
        marker.dataset.truncated = '';
        marker.textContent = `${uiText('output.truncated')}\n`;
        log.prepend(marker);
      }
    }
    // Follow the output unless the learner scrolled up to read something.
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 80) log.scrollTop = log.scrollHeight;
  }

  private setRunning(running: boolean): void {
    const button = this.button('run');
    const shortcut = uiText(isMac ? 'run.shortcutMac' : 'run.shortcut');
    button.textContent = uiText(running ? 'run.stop' : 'run.run');
    button.title = running ? uiText('run.stopTitle', { shortcut }) : uiText('run.runTitle', { entry: this.data.meta.entry, shortcut });
    button.classList.toggle('primary', !running);
    this.toggleAttribute('data-running', running);
  }

  async toggleRun(): Promise<void> {
    if (this.running) {
      // Stop pressed while the runtime was still starting: kill the process as soon as it exists.
      this.stopRequested = true;
      this.process?.kill();
      return;
    }
    this.running = true;
    this.stopRequested = false;
    this.setRunning(true);
    this.log().replaceChildren();
    this.hidePreview();
    const { entry, limits } = this.data.meta;
    this.appendOutput('system', `${uiText('run.starting', { entry })}\n`);
    let timedOut = false;
    let serving = false;
    let timer: number | undefined;
    let stopServerWatch: (() => void) | undefined;
    try {
      const { runtime } = await this.ensureRuntime();
      await runtime.mount(this.files);
      // Watch before starting: a fast server may report its port before run() resolves.
      stopServerWatch = runtime.onServerReady(() => (serving = true));
      // The runner's own limit is a backstop: the page stops non-servers at runSeconds below, and a
      // preview server may run for the runner's maximum so the learner can explore it.
      const process = await runtime.run(entry, { timeLimitMs: this.data.meta.preview ? PREVIEW_SERVER_MS : (limits.runSeconds + 2) * 1000 });
      this.process = process;
      if (this.stopRequested) process.kill();
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
        this.appendOutput(value.stream, value.data);
      }
      const info = await process.exit;
      const shown = timedOut ? { ...info, reason: 'timeout' } : info;
      const { text, tone } = formatExit(shown, timedOut ? { timeLimitSeconds: limits.runSeconds } : {});
      this.appendOutput('exit', text, tone);
    } catch (error) {
      this.appendOutput('exit', uiText('run.failedToStart', { message: error instanceof Error ? error.message : String(error) }), 'bad');
    } finally {
      stopServerWatch?.();
      window.clearTimeout(timer);
      this.process = undefined;
      this.running = false;
      this.setRunning(false);
      this.hidePreview();
    }
  }

  private serverReady(ready: ServerReady): void {
    const preview = this.data.meta.preview;
    // Only the program's own server belongs in the preview; test runs start servers on random ports.
    if (!preview || !this.running || ready.port !== preview.port) return;
    const frame = this.querySelector<HTMLIFrameElement>('[data-preview-frame]');
    const links = this.querySelector<HTMLElement>('[data-preview-links]');
    const waiting = this.querySelector<HTMLElement>('[data-preview-waiting]');
    if (!frame || !links || !waiting) return;
    const url = previewPage(ready.url, preview.path);
    frame.src = url;
    frame.hidden = false;
    links.hidden = false;
    waiting.hidden = true;
    links.querySelector<HTMLAnchorElement>('[data-preview-open]')!.href = url;
  }

  private hidePreview(): void {
    const frame = this.querySelector<HTMLIFrameElement>('[data-preview-frame]');
    if (!frame) return;
    frame.hidden = true;
    frame.removeAttribute('src');
    this.querySelector<HTMLElement>('[data-preview-links]')!.hidden = true;
    this.querySelector<HTMLElement>('[data-preview-waiting]')!.hidden = false;
  }

  // --- Check ------------------------------------------------------------------------------------

  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const button = this.button('check');
    button.disabled = true;
    button.textContent = uiText('check.running');
    const results = el<HTMLElement>(this, '[data-results]');
    const summary = el<HTMLElement>(this, '[data-results-summary]');
    const list = el<HTMLOListElement>(this, '[data-results-list]');
    const output = el<HTMLDetailsElement>(this, '[data-results-output]');
    results.hidden = false;
    results.setAttribute('aria-busy', 'true');
    summary.textContent = uiText('check.running');
    delete summary.dataset.tone;
    list.replaceChildren();
    output.hidden = true;
    this.announce(uiText('check.running'));
    try {
      const { runtime } = await this.ensureRuntime();
      await runtime.mount(this.files);
      const done = { passed: 0, failed: 0 };
      // Backends that stream (WebContainers) show each finished test as it ends; the rest report at the end.
      const onTest = (test: { status: string }): void => {
        if (test.status === 'passed') done.passed += 1;
        else if (test.status === 'failed') done.failed += 1;
        summary.textContent = uiText('check.progress', done);
      };
      const view = formatTestReport(await runtime.test(this.data.tests, { onTest }));
      summary.textContent = `${view.summary} ${uiText('check.duration', { duration: view.duration })}`;
      summary.dataset.tone = view.tone;
      for (const item of view.items) {
        const li = document.createElement('li');
        li.dataset.status = item.status;
        const name = document.createElement('span');
        name.className = 'result-name';
        name.textContent = item.name;
        const status = document.createElement('span');
        status.className = 'result-status';
        status.textContent = item.statusLabel;
        li.append(name, status);
        if (item.message) {
          const pre = document.createElement('pre');
          pre.textContent = item.message;
          li.append(pre);
        }
        list.append(li);
      }
      if (view.output) {
        output.hidden = false;
        output.querySelector('pre')!.textContent = view.output;
        if (view.items.length === 0) output.open = true;
      }
      this.announce(view.summary);
      if (view.complete && this.data.lessonId) {
        markComplete(this.data.lessonId, 'exercise');
        this.showComplete();
      }
    } catch (error) {
      const message = uiText('check.summary.error', { message: error instanceof Error ? error.message : String(error) });
      summary.textContent = message;
      summary.dataset.tone = 'bad';
      this.announce(message);
    } finally {
      results.removeAttribute('aria-busy');
      button.textContent = uiText('check.check');
      button.disabled = false;
      this.checking = false;
    }
  }

  private showComplete(): void {
    el<HTMLElement>(this, '[data-complete]').hidden = false;
    this.setAttribute('data-complete', '');
  }

  // --- Compare ----------------------------------------------------------------------------------

  private async toggleCompare(): Promise<void> {
    const button = this.button('compare');
    const editor = await this.activate(false);
    if (!editor) return;
    this.comparing = !this.comparing;
    button.setAttribute('aria-pressed', String(this.comparing));
    button.textContent = uiText(this.comparing ? 'compare.hide' : 'compare.show');
    el<HTMLElement>(this, '[data-editor-host]').hidden = this.comparing;
    el<HTMLElement>(this, '[data-diff-host]').hidden = !this.comparing;
    if (this.comparing) this.showDiff();
    else {
      editor.hideDiff();
      this.note(uiText('editor.loaded', { tabKeys: uiText(isMac ? 'editor.tabKeysMac' : 'editor.tabKeys') }));
    }
  }

  private showDiff(): void {
    const path = this.active;
    const learner = this.files[path] ?? '';
    const solution = this.data.solution[path] ?? learner;
    this.editor?.showDiff({
      host: el<HTMLElement>(this, '[data-diff-host]'),
      path,
      learner,
      solution,
      label: uiText('compare.label', { path }),
      yoursLabel: uiText('compare.yours'),
      solutionLabel: uiText('compare.solution'),
    });
    this.note(learner === solution ? uiText('compare.same') : uiText('compare.heading'));
  }

  // --- Reset ------------------------------------------------------------------------------------

  private replaceFiles(next: FileTree): void {
    this.applying = true;
    try {
      for (const { path } of this.data.meta.files) {
        const content = next[path];
        if (content === undefined || content === this.files[path]) continue;
        // setValue fires onChange, which updates this.files; autosave.ts already stored the reset itself.
        if (this.editor) this.editor.setValue(path, content);
        else this.edited(path, content);
      }
      // Files that are not tabs cannot be edited, but keep them in step all the same.
      this.files = { ...this.files, ...next };
      if (!this.editor) {
        for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) {
          const code = block.querySelector('code') ?? block.querySelector('pre');
          const path = block.dataset.staticPath ?? '';
          if (code && next[path] !== undefined) code.textContent = next[path];
        }
      }
      if (this.comparing) this.showDiff();
    } finally {
      this.applying = false;
    }
  }

  private reset(): void {
    if (!window.confirm(uiText('reset.confirm', { title: this.data.meta.title }))) return;
    this.autosave?.flush();
    const starter = this.autosave?.reset() ?? { ...this.data.starter };
    this.replaceFiles(starter);
    const undo = this.button('undo-reset');
    undo.hidden = false;
    undo.focus();
    this.announce(uiText('reset.done'));
  }

  private undoReset(): void {
    this.autosave?.flush();
    const restored = this.autosave?.undoReset();
    if (!restored) return;
    this.replaceFiles(restored);
    const undo = this.button('undo-reset');
    this.button('reset').focus();
    undo.hidden = true;
    this.announce(uiText('reset.undone'));
  }
}

if (!customElements.get('course-sandbox')) customElements.define('course-sandbox', CourseSandbox);
