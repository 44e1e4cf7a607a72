/**
 * The Monaco side of a sandbox: one code editor whose model changes with the file tab, TypeScript
 * checking with Node's and the dependencies' declarations (served by src/pages/sandbox-types/), and a
 * diff editor for "Compare with solution". Loaded only when the learner activates a sandbox
 * (island.ts loads this module dynamically, through editor-loader.ts), so no page pays for Monaco up front.
 *
 * Imports are picked instead of `monaco-editor` itself, which registers ~80 languages, the CSS, HTML
 * and JSON services and an LSP client. What remains is the editor API, TypeScript (colouring and the
 * language service) and the editor contributions a sandbox uses: monaco 0.57's TypeScript worker manager
 * imports `internal/common/workers.js`, which registers every contribution, so astro.config.mjs points it
 * at monaco-contributions.js, a copy that registers fewer. They must also be registered before the first
 * editor exists: contributions and services that arrive later (with the lazily loaded TypeScript mode)
 * throw "depends on UNKNOWN service" when a later editor, such as the diff editor, is created. So the
 * same module is imported here, up front.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import './monaco-contributions.js';
import * as typescript from 'monaco-editor/languages/features/typescript/register.js';
// Syntax colouring (Monarch tokenizers), separate from the language service above.
import 'monaco-editor/languages/definitions/typescript/register.js';
import 'monaco-editor/languages/definitions/javascript/register.js';
import { EDITOR_LIBS } from './compiler-options.ts';
import { monacoLanguage } from './file-language.ts';
import { DIFF_SIDE_BY_SIDE_MIN_PX, firstDifferenceLine } from './lab/diff-layout.ts';
import { nextTask } from './next-task.ts';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import { fetchTypeBundle, takeTypeScriptWorker } from './typescript-worker-start.ts';

/**
 * The TypeScript worker is 1.4 MB gzipped, half of everything the editor downloads, and the declaration
 * bundles add more; a learner who only reads the code needs neither. So the worker is not created until
 * the learner first hovers, presses a key or edits (see wantLanguageService): Monaco's language features
 * already ask for it, but getWorker answers with a promise that settles only then, and their requests
 * simply wait. Colouring comes from the Monarch tokenizers, which need no worker. Code typed before the
 * editor was there is a first edit too: the worker and bundles were started then (typescript-worker-start.ts).
 */
let languageServiceWanted: () => void = () => undefined;
const languageServiceStart = new Promise<void>((resolve) => {
  languageServiceWanted = resolve;
});
/**
 * Monaco's own editor worker (word suggestions, link detection, diffs; ~90 KB gzipped) waits the same
 * way, for first use or for "Compare with solution", whose diff it computes.
 */
let editorWorkerWanted: () => void = () => undefined;
const editorWorkerStart = new Promise<void>((resolve) => {
  editorWorkerWanted = resolve;
});
/** Set by createSandboxEditor: the declaration bundles, fetched when the language service starts. */
let typesForWorker: Promise<void> = Promise.resolve();

// Monaco asks for a worker by label; Vite bundles both workers as separate files (`?worker`), served
// from our own origin like every other asset, so the editor works offline and under COEP.
globalThis.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label !== 'typescript' && label !== 'javascript') return editorWorkerStart.then(() => new EditorWorker());
    return languageServiceStart.then(() => {
      // Created now (unless typing ahead started it) so its script loads while the declarations arrive;
      // handed to Monaco (which then posts its start-up data, extra libs included) only once they are in,
      // so the first check already knows Node and never flashes "Cannot find module 'node:http'".
      const worker = takeTypeScriptWorker();
      return typesForWorker.catch(() => undefined).then(() => worker);
    });
  },
};

// Values of TypeScript's own enums; monaco's copies of them stop at older members (no ES2022, no Bundler).
const ES2022 = 9 as unknown as typescript.ScriptTarget;
const ES_NEXT_MODULES = typescript.ModuleKind.ESNext;
const BUNDLER_RESOLUTION = 100 as unknown as typescript.ModuleResolutionKind;

/**
 * Node 22 runs the sandbox files directly with type stripping, so the editor checks for the same
 * rules: ES modules, `.ts` extensions in relative imports, `import type` for types
 * (verbatimModuleSyntax) and only erasable syntax (no enums, namespaces or parameter properties).
 */
typescript.typescriptDefaults.setCompilerOptions({
  target: ES2022,
  module: ES_NEXT_MODULES,
  moduleResolution: BUNDLER_RESOLUTION,
  lib: [...EDITOR_LIBS],
  types: ['node'],
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  erasableSyntaxOnly: true,
  isolatedModules: true,
  skipLibCheck: true,
  allowNonTsExtensions: true,
});
// Only the file on screen is checked: at start-up the worker otherwise checks every file before the one
// the learner is typing in (its check queues behind theirs), which cost 0.35 s with three files. A file
// is checked when it is shown, and the program still has them all, so errors across imports are found.
typescript.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false, onlyVisible: true });
// Diagnostics for a file need the files it imports: keep every open model in the worker.
typescript.typescriptDefaults.setEagerModelSync(true);

/**
 * Fetches declaration bundles ({path: content} JSON, once per page: typescript-worker-start.ts) and hands
 * them to TypeScript. A second sandbox with the same bundle adds nothing: Monaco skips a lib it already
 * has with the same text.
 */
function loadTypeBundles(urls: readonly string[]): Promise<void> {
  return Promise.all(
    urls.map((url) =>
      fetchTypeBundle(url).then((files) => {
        for (const [path, content] of Object.entries(files)) {
          // package.json files are for module resolution only; TypeScript reads them through the
          // same extra-lib file system, and as JSON they declare nothing.
          typescript.typescriptDefaults.addExtraLib(content, `file:///${path}`);
        }
      }),
    ),
  ).then(() => undefined);
}

/** Monaco themes built from the site's CSS custom properties, so the editor matches the page. */
function defineCourseThemes(): void {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const current = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  const background = read('--code-bg', current === 'dark' ? '#161b22' : '#f6f8fa');
  const foreground = read('--fg', current === 'dark' ? '#e6edf3' : '#1b1f24');
  // Only the current theme's variables are readable; the other one gets the same fallbacks as global.css.
  monaco.editor.defineTheme('course-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: current === 'light' ? { 'editor.background': background, 'editor.foreground': foreground } : { 'editor.background': '#f6f8fa' },
  });
  monaco.editor.defineTheme('course-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: current === 'dark' ? { 'editor.background': background, 'editor.foreground': foreground } : { 'editor.background': '#161b22' },
  });
}

function siteTheme(): string {
  return document.documentElement.dataset.theme === 'dark' ? 'course-dark' : 'course-light';
}

let themeListening = false;
function followSiteTheme(): void {
  if (themeListening) return;
  themeListening = true;
  document.addEventListener('course:theme', () => monaco.editor.setTheme(siteTheme()));
}

export interface EditorFile {
  path: string;
  content: string;
  readOnly: boolean;
}

export interface EditorSetup {
  /** Unique per page; keeps two sandboxes with a `main.ts` each apart in TypeScript's file system. */
  sandboxId: string;
  host: HTMLElement;
  files: readonly EditorFile[];
  active: string;
  /** URLs of declaration bundles to load (src/pages/sandbox-types/[name].json.ts). */
  typeBundles: readonly string[];
  labelFor(path: string): string;
  readOnlyMessageFor(path: string): string;
  onChange(path: string, content: string): void;
  /** Ctrl+Enter / ⌘+Enter inside the editor. */
  onRunShortcut(): void;
  /** What the editor waits for before it takes the static code's place (an IME composition there). */
  beforeMount?(): Promise<void>;
  /** Right before the editor is built into `host`, which must be shown by then (Monaco measures it). */
  onMount(): void;
}

export interface DiffSetup {
  host: HTMLElement;
  path: string;
  learner: string;
  solution: string;
  label: string;
  /** Names of the two sides for screen readers, e.g. "your code" / "solution". */
  yoursLabel: string;
  solutionLabel: string;
  /** Told the line of the first change once the diff is computed and scrolled there. */
  onFirstDifference?(line: number): void;
}

export interface SandboxEditor {
  show(path: string): void;
  getValue(path: string): string;
  /** Replaces a file's text as one undoable edit, so Ctrl+Z in the editor still works afterwards. */
  setValue(path: string, content: string): void;
  focus(): void;
  /** Shows `path` with the cursor at line/column (1-based), scrolled into the middle, and focuses the editor. */
  reveal(path: string, line: number, column?: number): void;
  /** Selects from `anchor` to `focus` (offsets into the file's text; equal for a caret), scrolled into view. */
  select(path: string, anchor: number, focus: number): void;
  showDiff(setup: DiffSetup): void;
  hideDiff(): void;
  /**
   * Resolves when the declaration bundles are loaded (diagnostics then know Node and dependencies).
   * They are fetched only once the learner first hovers, types or edits, so this waits for that too.
   */
  readonly typesReady: Promise<void>;
  dispose(): void;
}

export async function createSandboxEditor(setup: EditorSetup): Promise<SandboxEditor> {
  defineCourseThemes();
  followSiteTheme();
  const typesReady = languageServiceStart.then(() => loadTypeBundles(setup.typeBundles));
  typesForWorker = typesReady;
  const base = `file:///sandboxes/${setup.sandboxId}/`;
  const models = new Map<string, monaco.editor.ITextModel>();
  const readOnly = new Map<string, boolean>();
  const disposables: monaco.IDisposable[] = [];
  for (const file of setup.files) {
    const uri = monaco.Uri.parse(`${base}${file.path}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.content, monacoLanguage(file.path), uri);
    if (model.getValue() !== file.content) model.setValue(file.content);
    models.set(file.path, model);
    readOnly.set(file.path, file.readOnly);
    disposables.push(model.onDidChangeContent(() => setup.onChange(file.path, model.getValue())));
  }

  // The editor itself in a task of its own: themes and models take 40–60 ms, building the editor and
  // showing the first file 100–140 ms (Chromium 156, 2 cores); together they were one task of up to 210 ms.
  await nextTask();
  await setup.beforeMount?.();
  setup.onMount();
  const editor = monaco.editor.create(setup.host, {
    model: null,
    theme: siteTheme(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    tabSize: 2,
    lineNumbersMinChars: 3,
    fixedOverflowWidgets: true,
    // A page scrolls past the editor with the wheel until the learner clicks into it.
    scrollbar: { alwaysConsumeMouseWheel: false },
    accessibilitySupport: 'auto',
  });

  const model = (path: string) => {
    const found = models.get(path);
    if (!found) throw new Error(`The sandbox "${setup.sandboxId}" has no file "${path}"; its files are ${[...models.keys()].join(', ')}.`);
    return found;
  };

  const show = (path: string) => {
    editor.setModel(model(path));
    editor.updateOptions({
      readOnly: readOnly.get(path) ?? false,
      readOnlyMessage: { value: setup.readOnlyMessageFor(path) },
      ariaLabel: setup.labelFor(path),
    });
  };
  show(setup.active);
  // The first sign that the learner works with the code, not just reads it: start TypeScript then.
  // Hover counts because a hover shows types; a key press comes before its edit, which wins a little time.
  const wantOnce = [editor.onMouseMove, editor.onKeyDown, editor.onDidChangeModelContent].map((event) =>
    event(() => {
      languageServiceWanted();
      editorWorkerWanted();
      for (const listener of wantOnce) listener.dispose();
    }),
  );
  disposables.push(...wantOnce);
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => setup.onRunShortcut());

  let diff: monaco.editor.IStandaloneDiffEditor | undefined;
  let diffModels: monaco.editor.ITextModel[] = [];
  const disposeDiffModels = () => {
    for (const m of diffModels) m.dispose();
    diffModels = [];
  };

  return {
    show,
    getValue: (path) => model(path).getValue(),
    setValue(path, content) {
      const target = model(path);
      if (target.getValue() === content) return;
      target.pushStackElement();
      target.pushEditOperations([], [{ range: target.getFullModelRange(), text: content }], () => null);
      target.pushStackElement();
    },
    focus: () => editor.focus(),
    reveal(path, line, column = 1) {
      show(path);
      const position = model(path).validatePosition({ lineNumber: line, column });
      editor.setPosition(position);
      editor.revealPositionInCenter(position);
      editor.focus();
    },
    select(path, anchor, focus) {
      const target = model(path);
      if (editor.getModel() !== target) show(path);
      const from = target.getPositionAt(anchor);
      const to = target.getPositionAt(focus);
      editor.setSelection(new monaco.Selection(from.lineNumber, from.column, to.lineNumber, to.column));
      editor.revealPositionInCenterIfOutsideViewport(to);
    },
    typesReady,
    showDiff({ host, path, learner, solution, label, yoursLabel, solutionLabel, onFirstDifference }) {
      editorWorkerWanted();
      // In-memory URIs outside the sandbox folder, so TypeScript never mixes them into the learner's program.
      const stamp = Date.now().toString(36);
      const original = monaco.editor.createModel(learner, monacoLanguage(path), monaco.Uri.parse(`inmemory://compare/${setup.sandboxId}/${stamp}/yours/${path}`));
      const modified = monaco.editor.createModel(solution, monacoLanguage(path), monaco.Uri.parse(`inmemory://compare/${setup.sandboxId}/${stamp}/solution/${path}`));
      // A new diff editor per file: its two aria labels name the file and can only be set at creation.
      diff?.dispose();
      diff = monaco.editor.createDiffEditor(host, {
        theme: siteTheme(),
        automaticLayout: true,
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        // Narrower than this, two columns are unreadable; Monaco then shows one column with inline changes.
        useInlineViewWhenSpaceIsLimited: true,
        renderSideBySideInlineBreakpoint: DIFF_SIDE_BY_SIDE_MIN_PX,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 14,
        scrollbar: { alwaysConsumeMouseWheel: false },
        accessibilityVerbose: true,
        originalAriaLabel: `${label}: ${yoursLabel}`,
        modifiedAriaLabel: `${label}: ${solutionLabel}`,
      });
      diff.setModel({ original, modified });
      // Open at the first difference, not at line 1 where the files usually agree.
      const shown = diff;
      const revealed = shown.onDidUpdateDiff(() => {
        const lines = firstDifferenceLine(shown.getLineChanges());
        if (!lines) return;
        revealed.dispose();
        shown.getModifiedEditor().revealLineInCenter(lines.modified);
        shown.getOriginalEditor().revealLineInCenter(lines.original);
        onFirstDifference?.(lines.modified);
      });
      disposeDiffModels();
      diffModels = [original, modified];
    },
    hideDiff() {
      diff?.dispose();
      diff = undefined;
      disposeDiffModels();
    },
    dispose() {
      diff?.dispose();
      disposeDiffModels();
      editor.dispose();
      for (const d of disposables) d.dispose();
      for (const m of models.values()) m.dispose();
    },
  };
}
