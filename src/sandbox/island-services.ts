/**
 * The island's two outside services, behind small interfaces: which runtime runs the code and why
 * (pick-runtime.ts, runtime-choice.ts, runner-config.ts), and where edits are kept (autosave.ts).
 * The runtimes are imported lazily, so a page that nobody runs code on never loads the runner client
 * or @webcontainer/api.
 */
import { createCodeStore, flushWhenPageHides, SAVE_DELAY_MS, type CodeConflict, type CodeStore, type LoadedCode } from './autosave.ts';
import { watchOtherTabs } from './tab-sync.ts';
import { readRuntimeChoice, saveRuntimeChoice } from './runtime-choice.ts';
import { runnerConfigFromPage } from './runner-config.ts';
import type { FileTree, RuntimeKind, SandboxRuntime, StageListener } from './runtime.ts';

/** What the runtime select shows: automatic, or one runtime the learner picked. */
export type RuntimeChoice = 'auto' | RuntimeKind;

function localStore(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // blocked storage throws on access
  }
}

/** The choice the select starts with: `?runtime=…` in the URL, else the learner's saved switch, else automatic. */
export function initialRuntimeChoice(): RuntimeChoice {
  const choice = readRuntimeChoice({ search: location.search, storage: localStore() });
  return choice.forceLocal ? 'local' : (choice.preferred ?? 'auto');
}

/** Remembers the learner's switch for every sandbox and lesson (runtime-choice.ts). */
export function rememberRuntimeChoice(choice: RuntimeChoice): void {
  saveRuntimeChoice(localStore(), choice === 'auto' ? undefined : choice);
}

export interface RuntimeConnection {
  runtime: SandboxRuntime;
  /** One sentence for the learner: which runtime, and why (especially after a fallback). */
  reason: string;
  /** True when WebContainers were wanted but the local runner runs the code instead. */
  fellBack: boolean;
  /** Whether this site has a local runner (false on a static host, where /__runner/config is 404). */
  localAvailable: boolean;
}

/** A failed connection, still saying whether a local runner exists, so the page words its choices. */
export class RuntimeConnectError extends Error {
  readonly localAvailable: boolean;
  constructor(message: string, localAvailable: boolean) {
    super(message);
    this.localAvailable = localAvailable;
  }
}

export interface ConnectOptions {
  choice: RuntimeChoice;
  /** True until the learner touches the select: a `?runtime=local` in the URL still applies. */
  urlChoiceApplies: boolean;
  /** sandbox.yaml `webcontainer`: false means the code needs real Node on a computer. */
  webcontainerAllowed: boolean;
  dependencies: readonly string[];
  limits: { runSeconds: number; testSeconds: number };
  /** Told when a WebContainer boot starts and ends; its Cancel stops waiting (the boot goes on for a retry). */
  onStage?: StageListener;
}

export async function connectRuntime(options: ConnectOptions): Promise<RuntimeConnection> {
  const [config, { pickRuntime }] = await Promise.all([runnerConfigFromPage(), import('./pick-runtime.ts')]);
  const fromUrl = options.urlChoiceApplies ? readRuntimeChoice({ search: location.search }) : { forceLocal: false };
  const preferred = options.choice === 'auto' ? undefined : options.choice;
  const picked = await pickRuntime({
    ...(preferred ? { preferred } : {}),
    forceLocal: fromUrl.forceLocal,
    ...(fromUrl.forcedBy ? { forcedBy: fromUrl.forcedBy } : {}),
    ...(config ? { localConfig: { url: config.url, token: config.token } } : {}),
    webcontainerAllowed: options.webcontainerAllowed,
    tryWebContainer: async () => {
      const cancel = new AbortController();
      options.onStage?.({ stage: 'boot', state: 'started', cancel: () => cancel.abort() });
      try {
        const { createWebContainerRuntime } = await import('./webcontainer-runtime.ts');
        const runtime = await createWebContainerRuntime({
          dependencies: options.dependencies,
          runTimeoutMs: options.limits.runSeconds * 1000,
          testTimeoutMs: options.limits.testSeconds * 1000,
          signal: cancel.signal,
        });
        options.onStage?.({ stage: 'boot', state: 'done' });
        return runtime;
      } catch (error) {
        options.onStage?.({ stage: 'boot', state: cancel.signal.aborted ? 'cancelled' : 'failed' });
        throw error;
      }
    },
  }).catch((error: unknown) => {
    throw new RuntimeConnectError(error instanceof Error ? error.message : String(error), config !== undefined);
  });
  // Only an explicit choice of WebContainers is "wanted" now: automatic takes a present runner at once.
  const wantedWebContainer = options.webcontainerAllowed && !fromUrl.forceLocal && options.choice === 'webcontainer';
  return { ...picked, fellBack: wantedWebContainer && picked.runtime.kind === 'local', localAvailable: config !== undefined };
}

export interface AutosaveCallbacks {
  /** An edit reached storage (at most SAVE_DELAY_MS after it was made). */
  onSaved(): void;
  /** Storage refused an edit; the sentence says what to do. */
  onError(message: string): void;
  /** Another tab saved newer code for this sandbox; saves wait until loadNewer or keepMine. */
  onConflict(conflict: CodeConflict): void;
}

export interface Autosave {
  readonly loaded: LoadedCode;
  save(path: string, content: string): void;
  flush(): void;
  /** Back to the starter; the current code becomes the undo copy. */
  reset(): FileTree;
  /** The code from before the last reset, or undefined when there is none. */
  undoReset(): FileTree | undefined;
  /** After a conflict: the other tab's newer code (this tab's unsaved edits are dropped). */
  loadNewer(): FileTree;
  /** After a conflict: stores this tab's files over the newer save. */
  keepMine(files: FileTree): void;
  /** Stops listening to other tabs. */
  close(): void;
}

let store: CodeStore | undefined;
const errorListeners = new Set<(message: string) => void>();
const conflictListeners = new Map<string, (conflict: CodeConflict) => void>();

/** One code store per page, shared by every sandbox on it, flushed when the page is hidden or left. */
function pageStore(): CodeStore {
  if (!store) {
    store = createCodeStore({
      storage: localStore(),
      onSaveError: (message) => errorListeners.forEach((listener) => listener(message)),
      onConflict: (conflict) => conflictListeners.get(conflict.sandboxId)?.(conflict),
    });
    flushWhenPageHides(store, { window, document });
  }
  return store;
}

export function openAutosave(sandboxId: string, starter: FileTree, callbacks: AutosaveCallbacks): Autosave {
  const codeStore = pageStore();
  const loaded = codeStore.loadFiles(sandboxId, starter);
  let failed = false;
  let confirmTimer: number | undefined;
  errorListeners.add((message) => {
    failed = true;
    callbacks.onError(message);
  });
  conflictListeners.set(sandboxId, (conflict) => callbacks.onConflict(conflict));
  const stopWatching = watchOtherTabs(codeStore, sandboxId);
  return {
    loaded,
    save(path, content) {
      codeStore.saveFile(sandboxId, path, content);
      failed = false;
      // The store writes SAVE_DELAY_MS after the first unsaved change; confirm just after that.
      confirmTimer ??= window.setTimeout(() => {
        confirmTimer = undefined;
        codeStore.flush();
        if (!failed && !codeStore.isHeld(sandboxId)) callbacks.onSaved();
      }, SAVE_DELAY_MS + 20);
    },
    flush: () => codeStore.flush(),
    reset: () => codeStore.reset(sandboxId, starter),
    undoReset: () => codeStore.undoReset(sandboxId, starter)?.files,
    loadNewer: () => codeStore.loadNewer(sandboxId).files,
    keepMine: (files) => codeStore.keepMine(sandboxId, files),
    close: () => {
      stopWatching();
      conflictListeners.delete(sandboxId);
    },
  };
}
