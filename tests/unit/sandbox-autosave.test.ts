/**
 * The autosave store with a fake Storage (Web Storage semantics, HTML §12.2.1, plus a switch for a
 * full quota) and vitest's fake timers for the save delay.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  codeStorageKey,
  createCodeStore,
  flushWhenPageHides,
  SAVE_DELAY_MS,
  type CodeStorage,
  type CodeStoreOptions,
} from '../../src/sandbox/autosave.ts';
import { hashFileTree } from '../../src/sandbox/content-hash.ts';

class FakeStorage implements CodeStorage {
  readonly items = new Map<string, string>();
  /** Every successful setItem, with the fake clock's time. */
  readonly writes: Array<{ key: string; at: number }> = [];
  full = false;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException("Failed to execute 'setItem' on 'Storage': the quota has been exceeded.", 'QuotaExceededError');
    this.items.set(key, String(value));
    this.writes.push({ key, at: Date.now() });
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  stored(sandboxId: string): { files: Record<string, string>; undo?: { files: Record<string, string> }; starterHash: string; version: number } {
    return JSON.parse(this.items.get(codeStorageKey(sandboxId)) ?? 'null');
  }
}

const starter = { 'poller.ts': '// TODO: poll\n', 'main.ts': "import './poller.ts';\n" };
let storage: FakeStorage;

function store(extra: Partial<CodeStoreOptions> = {}) {
  return createCodeStore({ storage, ...extra });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  storage = new FakeStorage();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('loading and saving', () => {
  test('without saved code the starter is shown, unedited', () => {
    expect(store().loadFiles('etag-polling', starter)).toEqual({
      files: starter,
      edited: false,
      starterChanged: false,
      canUndoReset: false,
    });
  });

  test('a save is written 300 ms after the change, and a reload shows it over the starter', () => {
    const first = store();
    first.loadFiles('etag-polling', starter);
    first.saveFile('etag-polling', 'poller.ts', 'export const poll = 1;\n');
    vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    expect(storage.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(storage.writes).toEqual([{ key: 'brr:code:etag-polling', at: 300 }]);
    expect(storage.stored('etag-polling')).toMatchObject({
      version: 1,
      starterHash: hashFileTree(starter),
      files: { 'poller.ts': 'export const poll = 1;\n' },
    });

    const reloaded = store().loadFiles('etag-polling', starter);
    expect(reloaded.files).toEqual({ ...starter, 'poller.ts': 'export const poll = 1;\n' });
    expect(reloaded).toMatchObject({ edited: true, starterChanged: false });
  });

  test('steady typing is saved every 300 ms, never later: a crash loses at most 300 ms', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    for (let time = 0; time < 1000; time += 50) {
      code.saveFile('etag-polling', 'poller.ts', `typed until ${time}`);
      vi.advanceTimersByTime(50);
    }
    expect(storage.writes.map((write) => write.at)).toEqual([300, 600, 900]);
    expect(storage.stored('etag-polling').files['poller.ts']).toBe('typed until 850');
    vi.advanceTimersByTime(300);
    expect(storage.stored('etag-polling').files['poller.ts']).toBe('typed until 950');
  });

  test('each file has its own timer', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'a');
    vi.advanceTimersByTime(200);
    code.saveFile('etag-polling', 'main.ts', 'b');
    vi.advanceTimersByTime(100);
    expect(storage.stored('etag-polling').files).toEqual({ 'poller.ts': 'a', 'main.ts': 'b' });
    expect(storage.writes.map((write) => write.at)).toEqual([300]);
  });

  test('code not yet written still shows when the same page loads the sandbox again', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'fresh');
    expect(code.loadFiles('etag-polling', starter).files['poller.ts']).toBe('fresh');
  });

  test('two tabs saving different files of one sandbox keep both', () => {
    const tabA = store();
    const tabB = store();
    tabA.loadFiles('etag-polling', starter);
    tabB.loadFiles('etag-polling', starter);
    tabA.saveFile('etag-polling', 'poller.ts', 'from A');
    tabB.saveFile('etag-polling', 'main.ts', 'from B');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(storage.stored('etag-polling').files).toEqual({ 'poller.ts': 'from A', 'main.ts': 'from B' });
  });

  test('without storage (blocked), code is kept for the life of the page', () => {
    const code = createCodeStore({ storage: undefined });
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'kept');
    code.flush();
    expect(code.loadFiles('etag-polling', starter).files['poller.ts']).toBe('kept');
  });
});

describe('flushing when the page goes away', () => {
  function lifecycle() {
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    return { window, document };
  }

  test('pagehide writes pending saves at once', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    const targets = lifecycle();
    const stop = flushWhenPageHides(code, targets);
    code.saveFile('etag-polling', 'poller.ts', 'last keystroke');
    vi.advanceTimersByTime(10);
    targets.window.dispatchEvent(new Event('pagehide'));
    expect(storage.writes).toEqual([{ key: 'brr:code:etag-polling', at: 10 }]);
    expect(storage.stored('etag-polling').files['poller.ts']).toBe('last keystroke');
    // The timer was cleared: nothing is written twice.
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(storage.writes).toHaveLength(1);
    stop();
  });

  test('becoming hidden flushes; becoming visible does not; removed listeners do nothing', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    const targets = lifecycle();
    const stop = flushWhenPageHides(code, targets);
    code.saveFile('etag-polling', 'poller.ts', 'x');
    targets.document.dispatchEvent(new Event('visibilitychange'));
    expect(storage.writes).toHaveLength(0);
    targets.document.visibilityState = 'hidden';
    targets.document.dispatchEvent(new Event('visibilitychange'));
    expect(storage.writes).toHaveLength(1);
    stop();
    code.saveFile('etag-polling', 'poller.ts', 'y');
    targets.window.dispatchEvent(new Event('pagehide'));
    expect(storage.writes).toHaveLength(1);
  });
});

describe('starter changes, reset and undo', () => {
  test('a changed starter is flagged and the learner\'s code is kept, with new starter files added', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'my work');
    code.flush();
    const updated = { ...starter, 'main.ts': '// new entry\n', 'server.ts': '// new file\n' };
    const loaded = store().loadFiles('etag-polling', updated);
    expect(loaded.starterChanged).toBe(true);
    expect(loaded.files).toEqual({ 'poller.ts': 'my work', 'main.ts': '// new entry\n', 'server.ts': '// new file\n' });
    // Editing under the new starter does not hide that the code grew from the old one.
    const again = store();
    again.loadFiles('etag-polling', updated);
    again.saveFile('etag-polling', 'poller.ts', 'more work');
    again.flush();
    expect(store().loadFiles('etag-polling', updated).starterChanged).toBe(true);
  });

  test('reset returns the starter, keeps an undo copy that includes the last unsaved keystroke, and undo brings it back', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'my work');
    code.flush();
    code.saveFile('etag-polling', 'main.ts', 'unsaved tweak');
    expect(code.reset('etag-polling')).toEqual(starter);
    expect(storage.stored('etag-polling')).toMatchObject({ files: {}, undo: { files: { 'poller.ts': 'my work', 'main.ts': 'unsaved tweak' } } });
    // No timer left behind to bring the old code back.
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(store().loadFiles('etag-polling', starter)).toEqual({ files: starter, edited: false, starterChanged: false, canUndoReset: true });

    code.saveFile('etag-polling', 'poller.ts', 'after reset');
    const undone = code.undoReset('etag-polling');
    expect(undone?.files).toEqual({ 'poller.ts': 'my work', 'main.ts': 'unsaved tweak' });
    // Undo swaps, so the code written after the reset is not lost either.
    expect(code.undoReset('etag-polling')?.files).toEqual({ ...starter, 'poller.ts': 'after reset' });
  });

  test('reset after a starter change adopts the new starter; undo restores the old code and its flag', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'old work');
    code.flush();
    const updated = { ...starter, 'poller.ts': '// TODO: poll with ETag\n' };
    const later = store();
    expect(later.loadFiles('etag-polling', updated).starterChanged).toBe(true);
    expect(later.reset('etag-polling')).toEqual(updated);
    expect(later.loadFiles('etag-polling', updated)).toMatchObject({ files: updated, starterChanged: false, canUndoReset: true });
    expect(later.undoReset('etag-polling')).toMatchObject({ files: { ...updated, 'poller.ts': 'old work' }, starterChanged: true });
  });

  test('a second reset without edits in between keeps the first undo copy', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    code.saveFile('etag-polling', 'poller.ts', 'precious');
    code.reset('etag-polling');
    code.reset('etag-polling');
    expect(code.undoReset('etag-polling')?.files['poller.ts']).toBe('precious');
  });

  test('undo without a reset does nothing', () => {
    const code = store();
    code.loadFiles('etag-polling', starter);
    expect(code.undoReset('etag-polling')).toBeUndefined();
  });
});

describe('damaged data and failures', () => {
  test.each([
    ['not JSON', '{"version":1,"files":'],
    ['a newer format', JSON.stringify({ version: 2, files: { 'poller.ts': 'from the future' } })],
    ['files that are not text', JSON.stringify({ version: 1, starterHash: 'x', files: { 'poller.ts': 42 } })],
    ['not an object', '"hello"'],
  ])('%s: the starter is shown and the stored text is moved aside, not overwritten', (_name, raw) => {
    storage.items.set('brr:code:etag-polling', raw);
    const code = store();
    const loaded = code.loadFiles('etag-polling', starter);
    expect(loaded).toEqual({
      files: starter,
      edited: false,
      starterChanged: false,
      canUndoReset: false,
      unreadableBackupKey: 'brr:code:etag-polling:unreadable',
    });
    expect(storage.items.get('brr:code:etag-polling:unreadable')).toBe(raw);
    code.saveFile('etag-polling', 'poller.ts', 'new');
    code.flush();
    expect(storage.stored('etag-polling').files).toEqual({ 'poller.ts': 'new' });
    expect(storage.items.get('brr:code:etag-polling:unreadable')).toBe(raw);
  });

  test('a damaged undo copy is dropped, the current code is kept', () => {
    storage.items.set('brr:code:etag-polling', JSON.stringify({ version: 1, starterHash: hashFileTree(starter), savedAt: 1, files: { 'poller.ts': 'mine' }, undo: { files: null } }));
    expect(store().loadFiles('etag-polling', starter)).toMatchObject({ files: { 'poller.ts': 'mine' }, canUndoReset: false });
  });

  test('a full storage reports a sentence and retries on the next flush', () => {
    const errors: string[] = [];
    const code = store({ onSaveError: (message) => errors.push(message) });
    code.loadFiles('etag-polling', starter);
    storage.full = true;
    code.saveFile('etag-polling', 'poller.ts', 'work');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(errors).toMatchInlineSnapshot(`
      [
        "Your code for "etag-polling" could not be saved in this browser (Failed to execute 'setItem' on 'Storage': the quota has been exceeded). Keep this tab open and copy your code somewhere safe.",
      ]
    `);
    storage.full = false;
    code.flush();
    expect(storage.stored('etag-polling').files['poller.ts']).toBe('work');
  });
});
