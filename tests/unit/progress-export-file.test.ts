/** Export format version 2 (progress + saved code) and restoring code without losing any (#13 item 4b, 4c). */
import { describe, expect, test } from 'vitest';
import { EXPORT_FORMAT, buildExport, parseExportFile } from '../../src/progress/export-file.ts';
import { clearCode, collectCode, restoreCode, savedExercises, type KeyStorage } from '../../src/progress/code-backup.ts';
import { emptyProgress } from '../../src/progress/model.ts';

class MapStorage implements KeyStorage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (index: number) => [...this.items.keys()][index] ?? null;
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const record = (savedAt: number, files: Record<string, string>, undo?: Record<string, string>) =>
  JSON.stringify({ version: 1, starterHash: 'h', savedAt, files, ...(undo ? { undo: { starterHash: 'h', savedAt: 1, files: undo } } : {}), rev: 3, writer: 'tab' });

function browserWithCode(): MapStorage {
  const storage = new MapStorage();
  storage.setItem('brr:progress', '{}');
  storage.setItem('brr:theme', 'dark');
  storage.setItem('brr:code:ws-chat', record(500, { 'server.ts': 'mine' }, { 'server.ts': 'before reset' }));
  storage.setItem('brr:code:polling-etag:unreadable', '{not json');
  return storage;
}

describe('export file, version 2', () => {
  test('holds progress and every saved-code key exactly as stored, and nothing else from storage', () => {
    const progress = emptyProgress(7);
    progress.lessons.polling = { firstVisit: 1, lastVisit: 2, completed: { exercise: 3 } };
    const text = buildExport(progress, collectCode(browserWithCode()), new Date('2026-12-05T00:00:00Z'));
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: EXPORT_FORMAT, formatVersion: 2, exportedAt: '2026-12-05T00:00:00.000Z', progress: { seed: 7 } });
    expect(Object.keys(file.code)).toEqual(['brr:code:polling-etag:unreadable', 'brr:code:ws-chat']);
    expect(file.code['brr:code:ws-chat'].undo.files).toEqual({ 'server.ts': 'before reset' });
    expect(file.code['brr:code:polling-etag:unreadable']).toBe('{not json');

    const parsed = parseExportFile(text);
    expect(parsed.ok).toBe(true);
    expect(parsed.progress!.lessons.polling!.completed.exercise).toBe(3);
    expect(parsed.code!['brr:code:polling-etag:unreadable']).toBe('{not json');
    expect(JSON.parse(parsed.code!['brr:code:ws-chat']!).files).toEqual({ 'server.ts': 'mine' });
  });

  test('a version 1 file (progress only) still imports, with no code', () => {
    const parsed = parseExportFile(JSON.stringify(emptyProgress(3)));
    expect(parsed).toMatchObject({ ok: true, code: {} });
    expect(parsed.progress!.seed).toBe(3);
  });

  test('bad files are refused whole, with a sentence that says why', () => {
    const good = JSON.parse(buildExport(emptyProgress(1), collectCode(browserWithCode())));
    const refuse = (value: unknown) => parseExportFile(typeof value === 'string' ? value : JSON.stringify(value));
    expect(refuse('nope').error).toMatch(/not JSON/);
    expect(refuse({ hello: 1 }).error).toMatch(/not a progress export/);
    expect(refuse({ ...good, formatVersion: 3 }).error).toMatch(/newer version of the course \(format 3\)/);
    expect(refuse({ ...good, progress: 'x' }).error).toMatch(/progress part .* damaged/);
    expect(refuse({ ...good, code: [] }).error).toMatch(/not a list of exercises/);
    expect(refuse({ ...good, code: { 'brr:theme': 'dark' } }).error).toMatch(/"brr:theme", which is not an exercise/);
    expect(refuse({ ...good, code: { 'brr:code:ws-chat': { version: 1, files: { 'a.ts': 42 } } } }).error).toMatch(/exercise "ws-chat" .* damaged/);
    expect(refuse({ ...good, code: { 'brr:code:ws-chat': { version: 9, files: {} } } }).ok).toBe(false);
  });
});

describe('restoring and clearing saved code', () => {
  test('code this browser lacks is restored; different code keeps the newer save current and the other beside it', () => {
    const storage = browserWithCode();
    const report = restoreCode(storage, {
      'brr:code:ws-chat': record(900, { 'server.ts': 'from the file, newer' }),
      'brr:code:sse-basics': record(100, { 'server.ts': 'only in the file' }),
    });
    expect(report).toEqual({ restored: ['ws-chat', 'sse-basics'], keptNewer: [] });
    expect(JSON.parse(storage.getItem('brr:code:ws-chat')!).files['server.ts']).toBe('from the file, newer');
    expect(JSON.parse(storage.getItem('brr:code:ws-chat:replaced:500')!).files['server.ts']).toBe('mine');
    expect(JSON.parse(storage.getItem('brr:code:sse-basics')!).files['server.ts']).toBe('only in the file');

    const older = restoreCode(storage, { 'brr:code:ws-chat': record(50, { 'server.ts': 'old file copy' }) });
    expect(older).toEqual({ restored: [], keptNewer: ['ws-chat'] });
    expect(JSON.parse(storage.getItem('brr:code:ws-chat')!).files['server.ts']).toBe('from the file, newer');
    expect(JSON.parse(storage.getItem('brr:code:ws-chat:replaced:50')!).files['server.ts']).toBe('old file copy');
  });

  test('importing the same file twice changes nothing', () => {
    const storage = browserWithCode();
    const before = [...storage.items];
    expect(restoreCode(storage, collectCode(storage))).toEqual({ restored: [], keptNewer: [] });
    expect([...storage.items]).toEqual(before);
  });

  test('clearing removes every saved-code key and nothing else, and names the exercises', () => {
    const storage = browserWithCode();
    expect(savedExercises(storage)).toEqual(['ws-chat']);
    expect(clearCode(storage)).toEqual(['ws-chat']);
    expect([...storage.items.keys()]).toEqual(['brr:progress', 'brr:theme']);
  });
});
