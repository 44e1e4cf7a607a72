/**
 * `<course-sandbox>`: brings a server-rendered sandbox (src/components/Sandbox.astro) to life.
 * Before activation it only wires up the tabs and buttons: no Monaco code is loaded. The editor
 * (./editor.ts, a separate chunk) is imported when the learner clicks or focuses the code, presses
 * "Edit code", or when the sandbox scrolls into view while the browser is idle; until it is there, the
 * code the learner clicked takes keys (./island/type-ahead.ts). Run and Check work with or without the
 * editor, on the runtime pick-runtime.ts chooses.
 * This file holds the element's life cycle, the editor and the learner's files; the parts live in ./island/.
 */
import type { SandboxEditor } from './editor.ts';
import { loadEditorModule } from './editor-loader.ts';
import { startTypeScript } from './typescript-worker-start.ts';
import type { SourceLocation } from './stack-trace.ts';
import type { PageIslandData } from './island-data.ts';
import { exerciseAssets, testMessages } from './island/lazy-assets.ts';
import type { FileTree } from './runtime.ts';
import { formatTestReport } from './output-format.ts';
import { uiText } from './ui-strings.ts';
import { isComplete, markComplete } from '../progress/store.ts';
import { openAutosave, type Autosave } from './island-services.ts';
import { announce, button, el, isMac, note } from './island/dom.ts';
import { setUpFileTabs, markSelectedTab } from './island/file-tabs.ts';
import { OutputPane } from './island/output-pane.ts';
import { reloadPreview } from './island/preview-pane.ts';
import { RunControl } from './island/run-control.ts';
import { RuntimeSession } from './island/runtime-session.ts';
import { CheckPanel } from './island/check-panel.ts';
import { WirePanel } from './island/wire-panel.ts';
import { SaveStatus } from './island/save-status.ts';
import { showInStaticBlocks, showStaticBlock } from './island/static-code.ts';
import { pageDataWithStarter, showStarterFailure } from './island/deferred-starter.ts';
import { LabView } from './island/lab-view.ts';
import { CompareView } from './island/compare-view.ts';
import { TypeAheadBlocks, type TextSelection } from './island/type-ahead.ts';
import { whenSeenAndIdle } from './island/idle-preload.ts';
import { showSyncNotice } from './island/sync-notice.ts';
import { labText } from './lab-strings.ts';
import { loadPageStrings } from '../i18n/page-strings.ts';

/** How long the page waits for an idle moment after the sandbox became visible before loading the editor anyway. */
const IDLE_TIMEOUT_MS = 4000;

class CourseSandbox extends HTMLElement {
  private data!: PageIslandData;
  /** The learner's files as they are now (starter overlaid with their edits). */
  private files: FileTree = {};
  private active = '';
  private editor?: SandboxEditor;
  private editorLoading?: Promise<SandboxEditor | undefined>;
  /** The last load of the editor failed: only the learner's own action tries again. */
  private editorFailed = false;
  /** Whether the learner asked for the editor (not only a preload): it then gets focus when ready. */
  private focusWanted = false;
  private autosave?: Autosave;
  private runtime!: RuntimeSession;
  private runControl!: RunControl;
  private wirePanel?: WirePanel;
  private checking = false;
  /** Set while the page itself changes the files (reset, undo): autosave.ts stores those itself, not as edits. */
  private applying = false;
  private readonly saveStatus = new SaveStatus(this);
  private cleanups: (() => void)[] = [];
  private lab?: LabView;
  private compare?: CompareView;
  private booting?: Promise<void>;
  private readonly typeAhead = new TypeAheadBlocks({
    labelFor: (path) => this.editorLabel(path),
    textOf: (path) => this.files[path] ?? '',
    canEdit: (path) => !this.isReadOnly(path),
    onInput: (path, text) => {
      // A first edit: TypeScript is wanted, and its worker and types can load while the editor does.
      startTypeScript(this.data.typeBundles);
      this.edited(path, text);
    },
    onStart: () => note(this, uiText('editor.typeAhead')),
  });

  connectedCallback(): void {
    if (this.booting || this.data) return;
    // Boot once the words (a cached per-language file, src/i18n/page-strings.ts) and the starter files the
    // page leaves out (island/deferred-starter.ts) are here.
    this.booting = Promise.all([loadPageStrings(), pageDataWithStarter(this)]).then(
      ([, data]) => {
        this.booting = undefined;
        if (this.isConnected && !this.data) this.boot(data);
      },
      (error: unknown) => void loadPageStrings().then(() => showStarterFailure(this, error)),
    );
  }

  private boot(data: PageIslandData): void {
    this.data = data;
    if (!this.data.lessonId) this.data.lessonId = document.body.dataset.lessonId ?? '';
    this.active = this.data.meta.files[0]?.path ?? this.data.meta.entry;
    this.autosave = openAutosave(this.data.sandboxId, this.data.starter, {
      onSaved: () => this.saveStatus.saved(),
      onError: (message) => this.saveStatus.error(message),
      onConflict: ({ savedAt }) => showSyncNotice(this, savedAt, {
        load: () => this.syncDone(labText('sync.loaded'), () => this.replaceFiles(this.autosave!.loadNewer())),
        keep: () => this.syncDone(labText('sync.kept'), () => this.autosave!.keepMine(this.files)),
      }),
    });
    const { loaded } = this.autosave;
    this.files = { ...loaded.files };
    if (showInStaticBlocks(this, this.files, (path, text) => text === this.data.starter[path])) note(this, uiText('sandbox.savedEditsNote'));
    if (loaded.starterChanged) note(this, uiText('sandbox.starterChanged'));
    // A reset made on an earlier visit can still be undone, as long as nothing was typed since.
    if (loaded.canUndoReset && !loaded.edited) button(this, 'undo-reset').hidden = false;
    if (loaded.unreadableBackupKey) note(this, uiText('sandbox.unreadable', { key: loaded.unreadableBackupKey }), 'error');
    this.runtime = new RuntimeSession(this, this.data.meta, {
      connected: ({ runtime }) => runtime.onServerReady((ready) => this.runControl.serverReady(ready)),
      beforeSwitch: () => this.runControl.kill(),
    });
    this.wirePanel = new WirePanel(this, this.data.sandboxId, this.data.meta.title);
    const output = new OutputPane(el(this, '[data-output]'), {
      announce: (text) => announce(this, text),
      files: () => this.files,
      openLocation: (location) => void this.reveal(location),
    });
    this.runControl = new RunControl(this, this.data.meta, this.runtime, output, () => this.files, this.wirePanel);
    this.compare = new CompareView(this, { data: this.data, editor: () => this.activate(false), active: () => this.active, files: () => this.files });
    setUpFileTabs(this, this.active, (path) => this.selectTab(path));
    this.setUpButtons();
    this.setUpActivation();
    this.runtime.setUpChoice();
    this.lab = new LabView(this, {
      sandboxId: this.data.sandboxId,
      title: this.data.meta.title,
      description: this.data.meta.description,
      onOpen: () => void this.activate(false),
    });
    this.lab.followHash();
    if (this.data.lessonId && isComplete(this.data.lessonId, 'exercise')) this.showComplete();
  }

  disconnectedCallback(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.lab?.dispose();
    this.autosave?.close();
    this.runtime?.dispose();
    this.runControl?.kill();
    this.wirePanel?.dispose();
    this.autosave?.flush();
  }

  // --- Files and tabs ---------------------------------------------------------------------------

  private isReadOnly(path: string): boolean {
    return this.data.meta.files.find((file) => file.path === path)?.readOnly ?? false;
  }

  /** Opens a file at a line (a location in an error was pressed), loading the editor first if needed. */
  private async reveal(location: SourceLocation): Promise<void> {
    if (!(location.path in this.files)) return;
    this.selectTab(location.path);
    const editor = await this.activate(true);
    editor?.reveal(location.path, location.line, location.column);
  }

  private selectTab(path: string): void {
    if (!path || !(path in this.files)) return;
    this.active = path;
    markSelectedTab(this, path);
    showStaticBlock(this, path, this.files[path] ?? '', Boolean(this.editor));
    this.editor?.show(path);
    void this.compare?.refresh();
  }

  // --- Editor -----------------------------------------------------------------------------------

  private setUpActivation(): void {
    // Clicking or tabbing into the code asks for the editor, and the code takes keys until it is there.
    // A press of the mouse focuses the <pre> before the click has put the caret in the text, so the
    // code takes focus only on the click, or at once when the focus came from the keyboard.
    const activateFromCode = (event: Event) => {
      const block = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-static-path]') : null;
      if (this.editor || !block) return;
      const fromKeyboard = event.type === 'focusin' && event.target instanceof Element && event.target.matches('pre:focus-visible');
      this.typeAhead.start(block, event.type === 'click' || fromKeyboard);
      void this.activate(true);
    };
    this.addEventListener('click', activateFromCode);
    this.addEventListener('focusin', activateFromCode);
    // Preload when the sandbox comes into view and the browser has nothing better to do.
    // A preload after a failed load would only fail again, and meanwhile say "Loading" over the failure.
    this.cleanups.push(whenSeenAndIdle(el(this, '.sandbox-files'), () => void (this.editorFailed || this.activate(false)), IDLE_TIMEOUT_MS));
  }

  private editorLabel(path: string): string {
    return uiText('editor.label', { path }) + (this.isReadOnly(path) ? ` (${uiText('sandbox.readOnly')})` : '');
  }

  /** Loads Monaco (once) and swaps the static code for the editor; focuses it when the learner asked for it. */
  activate(focus: boolean): Promise<SandboxEditor | undefined> {
    if (this.editor) {
      if (focus) this.editor.focus();
      return Promise.resolve(this.editor);
    }
    this.focusWanted ||= focus;
    if (this.editorLoading) return this.editorLoading;
    const activateButton = el<HTMLButtonElement>(this, '[data-action="activate"]');
    activateButton.disabled = true;
    note(this, uiText(this.typeAhead.active ? 'editor.typeAhead' : 'editor.loading'));
    this.setAttribute('data-editor', 'loading');
    this.editorLoading = loadEditorModule()
      .then(async ({ createSandboxEditor }) => {
        const host = el<HTMLElement>(this, '[data-editor-host]');
        let hadFocus = false;
        let selection: TextSelection | undefined;
        const editor = await createSandboxEditor({
          sandboxId: this.data.sandboxId,
          host,
          // What was typed ahead comes after, as an edit the learner can undo (typeAhead.handOver).
          files: this.data.meta.files.map(({ path, readOnly }) => ({ path, readOnly, content: this.typeAhead.base(path) ?? this.files[path] ?? '' })),
          active: this.active,
          typeBundles: this.data.typeBundles,
          labelFor: (path) => this.editorLabel(path),
          readOnlyMessageFor: (path) => uiText('editor.readOnlyMessage', { path }),
          onChange: (path, content) => this.edited(path, content),
          onRunShortcut: () => void this.runControl.toggle(),
          beforeMount: () => this.typeAhead.settled(),
          // The static block stays visible until the editor can take its place, so nothing jumps twice.
          onMount: () => {
            hadFocus = this.querySelector('[data-static-path]:focus-within') !== null;
            selection = this.typeAhead.selection(this.active);
            host.hidden = false;
            for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) block.hidden = true;
          },
        });
        this.editor = editor;
        // Focus that moved on from code typed into stays where the learner put it.
        const focusEditor = hadFocus || (this.focusWanted && !this.typeAhead.active);
        this.applying = true;
        try {
          this.typeAhead.handOver(editor, this.files, this.active, selection);
        } finally {
          this.applying = false;
        }
        activateButton.hidden = true;
        this.editorFailed = false;
        this.setAttribute('data-editor', 'ready');
        note(this, uiText('editor.loaded', { tabKeys: uiText(isMac ? 'editor.tabKeysMac' : 'editor.tabKeys') }));
        if (focusEditor) editor.focus();
        // Warm the runtime up while the learner reads the code (WebContainers take seconds to boot), but
        // only when the learner asked for the editor: a mere scroll should not boot a runtime.
        if (this.focusWanted) void this.runtime.ensure().catch(() => undefined);
        return editor;
      })
      .catch((error: unknown) => {
        this.editorLoading = undefined;
        this.editorFailed = true;
        activateButton.disabled = false;
        this.setAttribute('data-editor', 'failed');
        for (const block of this.querySelectorAll<HTMLElement>('[data-static-path]')) block.hidden = block.dataset.staticPath !== this.active;
        el<HTMLElement>(this, '[data-editor-host]').hidden = true;
        note(this, uiText('editor.failed', { message: error instanceof Error ? error.message : String(error) }), 'error');
        return undefined;
      });
    return this.editorLoading;
  }

  private edited(path: string, content: string): void {
    this.files[path] = content;
    // Reset and undo store their result themselves (autosave.ts keeps the undo copy).
    if (this.applying) return;
    this.autosave?.save(path, content);
    this.saveStatus.pending();
  }

  /** After the learner settled a two-tab conflict (island/sync-notice.ts). */
  private syncDone(message: string, settle: () => void): void {
    settle();
    this.saveStatus.saved();
    announce(this, message);
    note(this, message);
  }

  // --- Buttons ----------------------------------------------------------------------------------

  private setUpButtons(): void {
    button(this, 'activate').addEventListener('click', () => {
      const block = this.querySelector<HTMLElement>(`[data-static-path="${CSS.escape(this.active)}"]`);
      if (block && !this.editor) this.typeAhead.start(block, true);
      void this.activate(true);
    });
    button(this, 'run').addEventListener('click', () => void this.runControl.toggle());
    button(this, 'check').addEventListener('click', () => void this.check());
    button(this, 'compare').addEventListener('click', () => void this.compare?.toggle());
    button(this, 'reset').addEventListener('click', () => this.reset());
    button(this, 'undo-reset').addEventListener('click', () => this.undoReset());
    this.querySelector('[data-action="reload-preview"]')?.addEventListener('click', () => reloadPreview(this));
    for (const action of ['activate', 'run', 'check', 'compare', 'reset']) button(this, action).disabled = false;
    // Ctrl+Enter / ⌘+Enter anywhere in the sandbox outside the editor (Monaco handles its own).
    this.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.key !== 'Enter' || !(isMac ? event.metaKey : event.ctrlKey)) return;
      event.preventDefault();
      void this.runControl.toggle();
    });
    const shortcut = uiText(isMac ? 'run.shortcutMac' : 'run.shortcut');
    button(this, 'run').title = uiText('run.runTitle', { entry: this.data.meta.entry, shortcut });
  }

  // --- Check ------------------------------------------------------------------------------------

  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const check = button(this, 'check');
    check.disabled = true;
    check.textContent = uiText('check.running');
    const panel = new CheckPanel(this, (location) => void this.reveal(location));
    panel.start();
    const stages = this.runtime.stages;
    stages.clearFinished();
    const cancel = new AbortController();
    try {
      const [{ runtime }, { tests }, messages] = await Promise.all([this.runtime.ensure(), exerciseAssets(this.data), testMessages(this.data)]);
      await runtime.mount(this.files);
      stages.listener({ stage: 'tests', state: 'started', cancel: () => cancel.abort() });
      const report = await runtime
        .test(tests, { onTest: (test) => panel.testEnded(test), onStage: stages.listener, signal: cancel.signal })
        .finally(() => stages.listener({ stage: 'tests', state: cancel.signal.aborted ? 'cancelled' : 'done' }));
      const view = formatTestReport(report, undefined, (path) => path in this.files);
      panel.show(view, messages);
      if (view.complete && this.data.lessonId) {
        markComplete(this.data.lessonId, 'exercise');
        this.showComplete();
      }
    } catch (error) {
      panel.failed(error);
    } finally {
      panel.finish();
      check.textContent = uiText('check.check');
      check.disabled = false;
      this.checking = false;
    }
  }

  private showComplete(): void {
    el<HTMLElement>(this, '[data-complete]').hidden = false;
    this.setAttribute('data-complete', '');
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
        // The blocks now show whole files; typing ahead starts afresh from them with the next click.
        this.typeAhead.stopAll();
        showInStaticBlocks(this, next);
      }
      void this.compare?.refresh();
    } finally {
      this.applying = false;
    }
  }

  private reset(): void {
    if (!window.confirm(uiText('reset.confirm', { title: this.data.meta.title }))) return;
    this.autosave?.flush();
    const starter = this.autosave?.reset() ?? { ...this.data.starter };
    this.replaceFiles(starter);
    const undo = button(this, 'undo-reset');
    undo.hidden = false;
    undo.focus();
    announce(this, uiText('reset.done'));
  }

  private undoReset(): void {
    this.autosave?.flush();
    const restored = this.autosave?.undoReset();
    if (!restored) return;
    this.replaceFiles(restored);
    const undo = button(this, 'undo-reset');
    button(this, 'reset').focus();
    undo.hidden = true;
    announce(this, uiText('reset.undone'));
  }
}

if (!customElements.get('course-sandbox')) customElements.define('course-sandbox', CourseSandbox);
