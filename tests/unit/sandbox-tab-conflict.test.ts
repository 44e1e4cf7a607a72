/**
 * Two tabs with the same exercise (#13 item 4a): two code stores over one storage, as two tabs share
 * localStorage. A tab never writes over a file another tab saved newer text for without asking.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { codeStorageKey, createCodeStore, SAVE_DELAY_MS, type CodeConflict, type CodeStorage } from '../../src/sandbox/autosave.ts';

class SharedStorage implements CodeStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
  files(id: string): Record<string, string> {
    return (JSON.parse(this.items.get(codeStorageKey(id)) ?? 'null') as { files: Record<string, string> }).files;
  }
}

const id = 'ws-chat';
const starter = { 'server.ts': '// TODO\n', 'protocol.ts': '// TODO too\n' };
let storage: SharedStorage;
let conflicts: Record<string, CodeConflict[]>;

function tab(name: string) {
  conflicts[name] = [];
  const code = createCodeStore({ storage, tabId: name, onConflict: (conflict) => conflicts[name]!.push(conflict) });
  code.loadFiles(id, starter);
  return code;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1000 });
  storage = new SharedStorage();
  conflicts = {};
});
afterEach(() => vi.useRealTimers());

describe('the same exercise in two tabs', () => {
  test('the stale tab does not write over the newer save; it reports one conflict and keeps its edit pending', () => {
    const a = tab('A');
    const b = tab('B');
    a.saveFile(id, 'server.ts', 'A wrote this');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    b.saveFile(id, 'server.ts', 'B typed this');
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    b.saveFile(id, 'server.ts', 'B typed more');
    b.flush();
    expect(storage.files(id)['server.ts']).toBe('A wrote this');
    expect(conflicts.B).toHaveLength(1);
    expect(conflicts.B![0]).toMatchObject({ sandboxId: id, rev: 1 });
    expect(b.isHeld(id)).toBe(true);
    expect(conflicts.A).toEqual([]);
  });

  test('a storage event is enough to tell the other tab, even before it types', () => {
    const a = tab('A');
    const b = tab('B');
    expect(b.checkForNewer(id)).toBe(false);
    a.saveFile(id, 'server.ts', 'A wrote this');
    a.flush();
    expect(b.checkForNewer(id)).toBe(true);
    expect(a.checkForNewer(id), 'a tab is never in conflict with its own save').toBe(false);
    expect(conflicts.B).toHaveLength(1);
  });

  test('"Load the newer version" drops the stale edit and returns the stored code; saving works again', () => {
    const a = tab('A');
    const b = tab('B');
    a.saveFile(id, 'server.ts', 'A wrote this');
    a.flush();
    b.saveFile(id, 'server.ts', 'B typed this');
    b.flush();
    const loaded = b.loadNewer(id);
    expect(loaded.files['server.ts']).toBe('A wrote this');
    expect(b.isHeld(id)).toBe(false);
    b.saveFile(id, 'server.ts', 'B continues from A');
    b.flush();
    expect(storage.files(id)['server.ts']).toBe('B continues from A');
    // …and now A is the stale one.
    expect(a.checkForNewer(id)).toBe(true);
  });

  test('"Keep mine" writes all of this tab\'s files over the newer save, and the other tab is asked in turn', () => {
    const a = tab('A');
    const b = tab('B');
    a.saveFile(id, 'server.ts', 'A wrote this');
    a.saveFile(id, 'protocol.ts', 'A protocol');
    a.flush();
    b.saveFile(id, 'server.ts', 'B typed this');
    b.flush();
    b.keepMine(id, { ...starter, 'server.ts': 'B typed this' });
    expect(storage.files(id)).toEqual({ 'server.ts': 'B typed this', 'protocol.ts': '// TODO too\n' });
    expect(b.isHeld(id)).toBe(false);
    expect(a.checkForNewer(id)).toBe(true);
  });

  test('edits to different files still merge, but a stale file stays stale: editing it later asks', () => {
    const a = tab('A');
    const b = tab('B');
    a.saveFile(id, 'server.ts', 'A server');
    a.flush();
    b.saveFile(id, 'protocol.ts', 'B protocol');
    b.flush();
    expect(storage.files(id)).toEqual({ 'server.ts': 'A server', 'protocol.ts': 'B protocol' });
    expect(conflicts.B).toEqual([]);
    b.saveFile(id, 'server.ts', 'B server from the old text');
    b.flush();
    expect(storage.files(id)['server.ts']).toBe('A server');
    expect(conflicts.B).toHaveLength(1);
  });

  test('records carry a revision and the writing tab; records without them (older saves) count as revision 0', () => {
    storage.setItem(codeStorageKey(id), JSON.stringify({ version: 1, starterHash: '', savedAt: 5, files: { 'server.ts': 'old' } }));
    const a = tab('A');
    a.saveFile(id, 'server.ts', 'new');
    a.flush();
    expect(JSON.parse(storage.getItem(codeStorageKey(id))!)).toMatchObject({ rev: 1, writer: 'A', files: { 'server.ts': 'new' } });
    expect(conflicts.A).toEqual([]);
  });
});
