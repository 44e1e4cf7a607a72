/**
 * Keeps the learner's code for each sandbox in localStorage (`brr:code:<sandboxId>`), so a reload, a
 * closed tab or a crash loses at most `SAVE_DELAY_MS` of typing. Never throws learner code away on its
 * own: a changed starter is only flagged, a reset keeps an undo copy, and data it cannot read is moved
 * aside rather than overwritten.
 */
import { hashFileTree } from './content-hash.ts';
import { sandboxString } from './runtime-strings.ts';
import type { FileTree } from './runtime.ts';

export const CODE_KEY_PREFIX = 'brr:code:';
export const CODE_RECORD_VERSION = 1;
/** The most typing a crash can lose: a save is due at most this long after the first unsaved keystroke. */
export const SAVE_DELAY_MS = 300;

/** The part of the Web Storage API used here (HTML §12.2.1); localStorage fits. */
export type CodeStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What `brr:code:<sandboxId>` holds, version 1. */
export interface CodeRecord {
  version: typeof CODE_RECORD_VERSION;
  /** Hash of the starter the learner's code grew from; compared with the current starter on load. */
  starterHash: string;
  savedAt: number;
  /** Only files the learner edited; the rest come from the starter. */
  files: Record<string, string>;
  /** The code before the last reset. */
  undo?: { starterHash: string; savedAt: number; files: Record<string, string> };
  /**
   * Revision, one more on every write, and the page (tab) that wrote it. A tab writes only over the
   * revision it last read or wrote itself; a higher one from another tab is a conflict it must ask about.
   * Optional: records from before two-tab checks count as revision 0.
   */
  rev?: number;
  writer?: string;
}

/** Another tab saved newer code for a sandbox than this tab has seen. */
export interface CodeConflict {
  sandboxId: string;
  savedAt: number;
  rev: number;
}

export interface LoadedCode {
  /** Starter files with the learner's saved (and not yet saved) edits on top. */
  files: FileTree;
  /** The learner has edits stored. */
  edited: boolean;
  /**
   * The sandbox's starter changed since the learner began (the course was updated). Their code is
   * kept as it is; the page should say so and offer a reset, which keeps an undo copy.
   */
  starterChanged: boolean;
  /** A reset can be undone. */
  canUndoReset: boolean;
  /** Stored data could not be read; the raw text was kept under this key and the starter is shown. */
  unreadableBackupKey?: string;
}

export interface CodeStoreOptions {
  /** Usually localStorage; undefined (storage blocked) keeps code for the life of the page only. */
  storage: CodeStorage | undefined;
  delayMs?: number;
  now?: () => number;
  /** Called with a sentence for the learner when a save fails (quota full, storage blocked). */
  onSaveError?: (message: string) => void;
  /** This page's id in the records it writes; unique per tab (and per page load). */
  tabId?: string;
  /** Another tab wrote newer code: this tab's saves for that sandbox wait until the learner chooses. */
  onConflict?: (conflict: CodeConflict) => void;
}

export interface CodeStore {
  loadFiles(sandboxId: string, starter: FileTree): LoadedCode;
  /** Schedules a save of one file; due within `delayMs` of the first change, however fast the typing. */
  saveFile(sandboxId: string, path: string, content: string): void;
  /** Writes every scheduled save now (on pagehide, on hidden, before leaving the lesson). */
  flush(): void;
  /** Back to the starter; the current code becomes the undo copy. Returns the starter files. */
  reset(sandboxId: string, starter?: FileTree): FileTree;
  /** Brings back the code from before the last reset (and keeps the reset code as the next undo). */
  undoReset(sandboxId: string, starter?: FileTree): LoadedCode | undefined;
  /** Looks whether another tab stored newer code (after a `storage` event); reports a conflict once. */
  checkForNewer(sandboxId: string): boolean;
  /** True while this tab's saves wait for the learner to settle a conflict. */
  isHeld(sandboxId: string): boolean;
  /** Settles a conflict for the other tab's code: drops this tab's unsaved edits and returns the stored code. */
  loadNewer(sandboxId: string): LoadedCode;
  /** Settles a conflict for this tab's code: stores `files` (all of them; edits are found against the starter) over the newer save. */
  keepMine(sandboxId: string, files: FileTree): void;
}

export function codeStorageKey(sandboxId: string): string {
  return `${CODE_KEY_PREFIX}${sandboxId}`;
}

export function createCodeStore(options: CodeStoreOptions): CodeStore {
  const delayMs = options.delayMs ?? SAVE_DELAY_MS;
  const now = options.now ?? (() => Date.now());
  /** sandboxId → path → unsaved text. */
  const pending = new Map<string, Map<string, string>>();
  /** sandboxId → path → timer; one timer per file, started by its first unsaved change. */
  const timers = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
  /** The starters this page loaded, for hashing on save and for reset. */
  const starters = new Map<string, FileTree>();
  /** Used when storage is unavailable, so the page still keeps code while it is open. */
  const memory = new Map<string, string>();
  const tabId = options.tabId ?? Math.random().toString(36).slice(2);
  /** sandboxId → the revision this tab last read or wrote. */
  const known = new Map<string, number>();
  /** sandboxId → the edited files as this tab shows them (what it loaded, then its own saves). */
  const view = new Map<string, Record<string, string>>();
  /** Sandboxes whose saves wait for the learner's choice after another tab saved newer code. */
  const held = new Set<string>();

  /**
   * Files whose stored text another tab changed since this tab last read or wrote them. Compared by
   * content, not by revision: after this tab saves *other* files on top of a newer record, the files
   * it did not touch are still stale here, and a later edit to one of them must still ask.
   */
  function changedElsewhere(sandboxId: string, record: CodeRecord | undefined): string[] {
    if (record === undefined) return [];
    const mine = view.get(sandboxId) ?? {};
    const paths = new Set([...Object.keys(record.files), ...Object.keys(mine)]);
    return [...paths].filter((path) => record.files[path] !== mine[path]);
  }

  function conflict(sandboxId: string, record: CodeRecord): void {
    if (held.has(sandboxId)) return;
    held.add(sandboxId);
    options.onConflict?.({ sandboxId, savedAt: record.savedAt, rev: record.rev ?? 0 });
  }

  function read(sandboxId: string): { record?: CodeRecord; raw?: string; unreadable: boolean } {
    const key = codeStorageKey(sandboxId);
    let raw: string | null | undefined;
    try {
      raw = options.storage ? options.storage.getItem(key) : memory.get(key);
    } catch {
      raw = memory.get(key);
    }
    if (raw === null || raw === undefined) return { unreadable: false };
    const record = parseRecord(raw);
    return record === undefined ? { raw, unreadable: true } : { record, raw, unreadable: false };
  }

  /** Writes `record` as the next revision after `base` (what is stored now), signed by this tab. */
  function write(sandboxId: string, record: CodeRecord, base?: CodeRecord): boolean {
    const key = codeStorageKey(sandboxId);
    const rev = Math.max(base?.rev ?? 0, known.get(sandboxId) ?? 0) + 1;
    const text = JSON.stringify({ ...record, rev, writer: tabId });
    known.set(sandboxId, rev);
    memory.set(key, text);
    if (!options.storage) return true;
    try {
      options.storage.setItem(key, text);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      options.onSaveError?.(sandboxString('autosave.failed', { sandboxId, detail: detail.replace(/\.$/, '') }));
      return false;
    }
  }

  /** Moves unreadable stored data aside so the next save cannot destroy what might be learner code. */
  function keepUnreadable(sandboxId: string, raw: string): string {
    const backupKey = `${codeStorageKey(sandboxId)}:unreadable`;
    try {
      options.storage?.setItem(backupKey, raw);
      options.storage?.removeItem(codeStorageKey(sandboxId));
    } catch {
      // Nothing more can be done; the original stays where it is.
    }
    memory.delete(codeStorageKey(sandboxId));
    return backupKey;
  }

  function starterHashFor(sandboxId: string): string {
    const starter = starters.get(sandboxId);
    return starter === undefined ? '' : hashFileTree(starter);
  }

  /** Writes the scheduled saves of one sandbox, merged into what is stored (another tab may have saved too). */
  function save(sandboxId: string): void {
    const files = pending.get(sandboxId);
    for (const timer of timers.get(sandboxId)?.values() ?? []) clearTimeout(timer);
    timers.delete(sandboxId);
    if (files === undefined || files.size === 0) return;
    if (held.has(sandboxId)) return;
    const stored = read(sandboxId);
    if (stored.unreadable && stored.raw !== undefined) keepUnreadable(sandboxId, stored.raw);
    const base = stored.record;
    // Never over a file another tab saved newer text for without asking: the edits stay pending meanwhile.
    // Other files merge, as before: each tab writes only what it changed.
    if (base && changedElsewhere(sandboxId, base).some((path) => files.has(path))) return conflict(sandboxId, base);
    const record: CodeRecord = {
      version: CODE_RECORD_VERSION,
      starterHash: base?.starterHash ?? starterHashFor(sandboxId),
      savedAt: now(),
      files: { ...base?.files, ...Object.fromEntries(files) },
      ...(base?.undo ? { undo: base.undo } : {}),
    };
    // On failure the edits stay scheduled, so the next flush tries again.
    if (write(sandboxId, record, base)) {
      pending.delete(sandboxId);
      view.set(sandboxId, { ...view.get(sandboxId), ...Object.fromEntries(files) });
    }
  }

  function loadFiles(sandboxId: string, starter: FileTree): LoadedCode {
    starters.set(sandboxId, { ...starter });
    const stored = read(sandboxId);
    const unsaved = Object.fromEntries(pending.get(sandboxId) ?? []);
    if (stored.unreadable && stored.raw !== undefined) {
      const unreadableBackupKey = keepUnreadable(sandboxId, stored.raw);
      return { files: { ...starter, ...unsaved }, edited: Object.keys(unsaved).length > 0, starterChanged: false, canUndoReset: false, unreadableBackupKey };
    }
    const record = stored.record;
    known.set(sandboxId, record?.rev ?? 0);
    view.set(sandboxId, { ...record?.files });
    const edits = { ...record?.files, ...unsaved };
    const edited = Object.keys(edits).length > 0;
    return {
      files: { ...starter, ...edits },
      edited,
      // '' is a record saved before any starter was known; it cannot tell either way.
      starterChanged: edited && record !== undefined && record.starterHash !== '' && record.starterHash !== hashFileTree(starter),
      canUndoReset: record?.undo !== undefined,
    };
  }

  return {
    loadFiles,

    saveFile(sandboxId, path, content) {
      let files = pending.get(sandboxId);
      if (files === undefined) pending.set(sandboxId, (files = new Map()));
      files.set(path, content);
      let fileTimers = timers.get(sandboxId);
      if (fileTimers === undefined) timers.set(sandboxId, (fileTimers = new Map()));
      // Not restarted by later keystrokes: a debounce that restarts would never save during steady typing.
      if (!fileTimers.has(path)) fileTimers.set(path, setTimeout(() => save(sandboxId), delayMs));
    },

    flush() {
      for (const sandboxId of [...pending.keys()]) save(sandboxId);
    },

    reset(sandboxId, starter) {
      save(sandboxId); // the undo copy must include the last keystrokes
      const current = starter ?? starters.get(sandboxId) ?? {};
      if (starter) starters.set(sandboxId, { ...starter });
      const record = read(sandboxId).record;
      const hasEdits = record !== undefined && Object.keys(record.files).length > 0;
      const undo = hasEdits ? { starterHash: record.starterHash, savedAt: record.savedAt, files: record.files } : record?.undo;
      write(sandboxId, {
        version: CODE_RECORD_VERSION,
        starterHash: hashFileTree(current),
        savedAt: now(),
        files: {},
        ...(undo ? { undo } : {}),
      }, record);
      view.set(sandboxId, {});
      held.delete(sandboxId);
      return { ...current };
    },

    undoReset(sandboxId, starter) {
      save(sandboxId);
      const current = starter ?? starters.get(sandboxId) ?? {};
      const record = read(sandboxId).record;
      if (record?.undo === undefined) return undefined;
      const hasEdits = Object.keys(record.files).length > 0;
      write(sandboxId, {
        version: CODE_RECORD_VERSION,
        starterHash: record.undo.starterHash,
        savedAt: now(),
        files: record.undo.files,
        // Swapping keeps the code written since the reset, so undo itself can be undone.
        ...(hasEdits ? { undo: { starterHash: record.starterHash, savedAt: record.savedAt, files: record.files } } : {}),
      }, record);
      return loadFiles(sandboxId, current);
    },

    checkForNewer(sandboxId) {
      const record = read(sandboxId).record;
      if (!record || changedElsewhere(sandboxId, record).length === 0) return false;
      conflict(sandboxId, record);
      return true;
    },

    isHeld: (sandboxId) => held.has(sandboxId),

    loadNewer(sandboxId) {
      for (const timer of timers.get(sandboxId)?.values() ?? []) clearTimeout(timer);
      timers.delete(sandboxId);
      pending.delete(sandboxId);
      held.delete(sandboxId);
      return loadFiles(sandboxId, starters.get(sandboxId) ?? {});
    },

    keepMine(sandboxId, files) {
      for (const timer of timers.get(sandboxId)?.values() ?? []) clearTimeout(timer);
      timers.delete(sandboxId);
      held.delete(sandboxId);
      const starter = starters.get(sandboxId) ?? {};
      const stored = read(sandboxId).record;
      const edits = Object.fromEntries(Object.entries(files).filter(([path, text]) => starter[path] !== text || stored?.files[path] !== undefined));
      const record: CodeRecord = {
        version: CODE_RECORD_VERSION,
        starterHash: stored?.starterHash ?? starterHashFor(sandboxId),
        savedAt: now(),
        files: edits,
        ...(stored?.undo ? { undo: stored.undo } : {}),
      };
      if (write(sandboxId, record, stored)) {
        pending.delete(sandboxId);
        view.set(sandboxId, { ...edits });
      }
    },
  };
}

/** Reads a stored record, or undefined when it is not one this version understands (also used to validate imports). */
export function parseRecord(raw: string): CodeRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.version !== CODE_RECORD_VERSION) return undefined;
  const files = stringMap(value.files);
  if (files === undefined) return undefined;
  const record: CodeRecord = {
    version: CODE_RECORD_VERSION,
    starterHash: typeof value.starterHash === 'string' ? value.starterHash : '',
    savedAt: typeof value.savedAt === 'number' ? value.savedAt : 0,
    files,
    ...(typeof value.rev === 'number' && Number.isInteger(value.rev) && value.rev >= 0 ? { rev: value.rev } : {}),
    ...(typeof value.writer === 'string' ? { writer: value.writer } : {}),
  };
  // A damaged undo copy is dropped; the current code matters more and is intact.
  if (isRecord(value.undo)) {
    const undoFiles = stringMap(value.undo.files);
    if (undoFiles !== undefined) {
      record.undo = {
        starterHash: typeof value.undo.starterHash === 'string' ? value.undo.starterHash : '',
        savedAt: typeof value.undo.savedAt === 'number' ? value.undo.savedAt : 0,
        files: undoFiles,
      };
    }
  }
  return record;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, text]) => typeof text === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The page events after which a tab may be gone without another chance to run code (HTML §7.4.6, §6.2). */
export interface PageLifecycleTargets {
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: string };
}

/**
 * Flushes on `pagehide` and when the page becomes hidden: the last moments a closing, navigating or
 * backgrounded (then discarded) tab is sure to run code. `beforeunload` is not used: it does not fire
 * on mobile and disables the back/forward cache. Returns a function that removes the listeners.
 */
export function flushWhenPageHides(store: Pick<CodeStore, 'flush'>, targets: PageLifecycleTargets): () => void {
  const onPageHide = (): void => store.flush();
  const onVisibilityChange = (): void => {
    if (targets.document.visibilityState === 'hidden') store.flush();
  };
  targets.window.addEventListener('pagehide', onPageHide);
  targets.document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    targets.window.removeEventListener('pagehide', onPageHide);
    targets.document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}
