/**
 * Saved sandbox code in localStorage, as a whole: collected for export, restored from an import, and
 * cleared by "Reset progress" when the learner asks. Restoring never drops code: where this browser and
 * the file both have different code for an exercise, the newer save stays current and the other is
 * kept beside it under `brr:code:<id>:replaced:<savedAt>` (exported with everything else).
 */
import { isCodeKey, sandboxOfCodeKey } from './export-file.ts';
import { parseRecord } from '../sandbox/autosave.ts';

export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function codeKeys(storage: KeyStorage): string[] {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key !== null && isCodeKey(key)) keys.push(key);
  }
  return keys;
}

export function collectCode(storage: KeyStorage): Record<string, string> {
  return Object.fromEntries(codeKeys(storage).map((key) => [key, storage.getItem(key) ?? '']));
}

/** Exercises (sandbox ids) with saved code in this browser. */
export function savedExercises(storage: KeyStorage): string[] {
  return codeKeys(storage).map(sandboxOfCodeKey).filter((id): id is string => id !== undefined);
}

export interface RestoreReport {
  /** Exercises whose code came from the file. */
  restored: string[];
  /** Exercises where this browser's code was newer and stayed current (the file's copy is kept beside it). */
  keptNewer: string[];
}

export function restoreCode(storage: KeyStorage, code: Record<string, string>): RestoreReport {
  const report: RestoreReport = { restored: [], keptNewer: [] };
  for (const [key, text] of Object.entries(code)) {
    const current = storage.getItem(key);
    if (current === text) continue;
    const sandboxId = sandboxOfCodeKey(key);
    if (current === null) {
      storage.setItem(key, text);
      if (sandboxId) report.restored.push(sandboxId);
      continue;
    }
    if (!sandboxId) continue; // a copy kept aside that this browser also has, differently: keep this one
    const mine = parseRecord(current);
    const theirs = parseRecord(text)!;
    const fileIsNewer = !mine || theirs.savedAt > mine.savedAt;
    const [winner, loser] = fileIsNewer ? [text, current] : [current, text];
    const loserSavedAt = (fileIsNewer ? mine?.savedAt : theirs.savedAt) ?? 0;
    storage.setItem(`${key}:replaced:${loserSavedAt}`, loser);
    storage.setItem(key, winner);
    (fileIsNewer ? report.restored : report.keptNewer).push(sandboxId);
  }
  return report;
}

/** Removes all saved code; returns the exercises that had some. */
export function clearCode(storage: KeyStorage): string[] {
  const cleared = savedExercises(storage);
  for (const key of codeKeys(storage)) storage.removeItem(key);
  return cleared;
}
