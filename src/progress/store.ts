/**
 * Browser-side progress store over localStorage. Every write re-reads storage first, so two open tabs
 * never overwrite each other's progress, and listeners hear about changes from other tabs too.
 */
import {
  emptyProgress,
  mergeProgress,
  parseProgress,
  type CompletionKind,
  type Progress,
  type QuizState,
} from './model.ts';

export type { CompletionKind, Progress, QuizState } from './model.ts';

export const STORAGE_KEY = 'brr:progress';

const listeners = new Set<() => void>();
/** Used when storage is unavailable (private mode, blocked cookies): progress then lasts for the page. */
let memory: Progress | undefined;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function loadProgress(): Progress {
  const store = storage();
  if (!store) return (memory ??= emptyProgress());
  const raw = store.getItem(STORAGE_KEY);
  const progress = parseProgress(raw);
  // Persist the seed at once so shuffles stay stable even before anything else is saved.
  if (!raw) save(progress, false);
  return progress;
}

function save(progress: Progress, notify = true): void {
  memory = progress;
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(progress));
  } catch {
    // Quota exceeded or storage blocked: keep the in-memory copy so the page still works.
  }
  if (notify) for (const listener of listeners) listener();
}

function update(change: (progress: Progress) => void): void {
  const progress = loadProgress();
  change(progress);
  save(progress);
}

export function markVisited(lessonId: string, now = Date.now()): void {
  update((p) => {
    const lesson = p.lessons[lessonId];
    p.lessons[lessonId] = lesson ? { ...lesson, lastVisit: now } : { firstVisit: now, lastVisit: now, completed: {} };
  });
}

export function isVisited(lessonId: string): boolean {
  return Boolean(loadProgress().lessons[lessonId]);
}

export function markComplete(lessonId: string, kind: CompletionKind, now = Date.now()): void {
  update((p) => {
    const lesson = p.lessons[lessonId] ?? { firstVisit: now, lastVisit: now, completed: {} };
    if (!lesson.completed[kind]) lesson.completed[kind] = now;
    p.lessons[lessonId] = lesson;
  });
}

export function isComplete(lessonId: string, kind: CompletionKind): boolean {
  return Boolean(loadProgress().lessons[lessonId]?.completed[kind]);
}

export function getQuizState(quizId: string): QuizState | undefined {
  return loadProgress().quizzes[quizId];
}

export function saveQuizState(quizId: string, state: QuizState): void {
  update((p) => {
    p.quizzes[quizId] = state;
  });
}

export function learnerSeed(): number {
  return loadProgress().seed;
}

export function exportProgress(): string {
  return JSON.stringify(loadProgress(), null, 2);
}

/** Merges an imported export into the current progress; nothing already earned is lost. */
export function importProgress(incoming: Progress): void {
  save(mergeProgress(loadProgress(), incoming));
}

export function resetProgress(): void {
  save(emptyProgress());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) listener();
  };
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}
