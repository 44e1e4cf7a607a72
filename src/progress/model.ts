/**
 * The learner's progress as stored data: versioned, and read tolerantly. Progress is the one thing a
 * learner makes on the reading side of the course, so corrupt, partial or older data is repaired field by
 * field rather than thrown away.
 */
import { englishImportError, type ImportErrorText } from './panel-strings.ts';

export const PROGRESS_VERSION = 1;

export type CompletionKind = 'quiz' | 'exercise';

export interface QuizState {
  answers: Record<string, unknown>;
  attempts: Record<string, number>;
  checked: Record<string, boolean>;
  revealed: Record<string, number>;
  score: number;
  passed: boolean;
}

export interface LessonProgress {
  /** Epoch milliseconds of the first and the latest visit. */
  firstVisit: number;
  lastVisit: number;
  /** Epoch milliseconds at which each kind of activity was completed. */
  completed: Partial<Record<CompletionKind, number>>;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  /** Random per learner; seeds quiz shuffling so a reload keeps the same order. */
  seed: number;
  lessons: Record<string, LessonProgress>;
  quizzes: Record<string, QuizState>;
}

export function emptyProgress(seed = randomSeed()): Progress {
  return { version: PROGRESS_VERSION, seed, lessons: {}, quizzes: {} };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000) >>> 0;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

function numberRecord(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

function booleanRecord(value: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'boolean') out[k] = v;
  return out;
}

function repairLesson(value: unknown): LessonProgress | undefined {
  if (!isRecord(value)) return undefined;
  const lastVisit = isTime(value.lastVisit) ? value.lastVisit : isTime(value.firstVisit) ? value.firstVisit : undefined;
  const completed: LessonProgress['completed'] = {};
  if (isRecord(value.completed)) {
    for (const kind of ['quiz', 'exercise'] as const) if (isTime(value.completed[kind])) completed[kind] = value.completed[kind];
  }
  if (lastVisit === undefined && Object.keys(completed).length === 0) return undefined;
  const firstVisit = isTime(value.firstVisit) ? value.firstVisit : (lastVisit ?? Date.now());
  return { firstVisit, lastVisit: lastVisit ?? firstVisit, completed };
}

function repairQuiz(value: unknown): QuizState | undefined {
  if (!isRecord(value)) return undefined;
  return {
    answers: isRecord(value.answers) ? value.answers : {},
    attempts: numberRecord(value.attempts),
    checked: booleanRecord(value.checked),
    revealed: numberRecord(value.revealed),
    score: typeof value.score === 'number' && value.score >= 0 && value.score <= 1 ? value.score : 0,
    passed: value.passed === true,
  };
}

/**
 * Reads stored progress. Accepts today's format and version 0 (a plain `{ visited: string[] }` list, the
 * shape before quizzes existed); anything unreadable becomes empty progress rather than an error.
 */
export function parseProgress(raw: string | null | undefined): Progress {
  let data: unknown;
  try {
    data = raw ? JSON.parse(raw) : undefined;
  } catch {
    data = undefined;
  }
  if (!isRecord(data)) return emptyProgress();
  const progress = emptyProgress(typeof data.seed === 'number' && Number.isInteger(data.seed) ? data.seed >>> 0 : randomSeed());
  if (Array.isArray(data.visited)) {
    // Version 0: only a list of visited lesson ids, without times.
    for (const id of data.visited) if (typeof id === 'string') progress.lessons[id] = { firstVisit: 1, lastVisit: 1, completed: {} };
  }
  if (isRecord(data.lessons)) {
    for (const [id, value] of Object.entries(data.lessons)) {
      const lesson = repairLesson(value);
      if (lesson) progress.lessons[id] = lesson;
    }
  }
  if (isRecord(data.quizzes)) {
    for (const [id, value] of Object.entries(data.quizzes)) {
      const quiz = repairQuiz(value);
      if (quiz) progress.quizzes[id] = quiz;
    }
  }
  return progress;
}

/** Combines imported progress with what is already there, keeping the furthest state of each item. */
export function mergeProgress(base: Progress, incoming: Progress): Progress {
  const merged: Progress = { ...base, lessons: { ...base.lessons }, quizzes: { ...base.quizzes } };
  for (const [id, lesson] of Object.entries(incoming.lessons)) {
    const current = merged.lessons[id];
    merged.lessons[id] = current
      ? {
          firstVisit: Math.min(current.firstVisit, lesson.firstVisit),
          lastVisit: Math.max(current.lastVisit, lesson.lastVisit),
          completed: { ...lesson.completed, ...current.completed },
        }
      : lesson;
  }
  for (const [id, quiz] of Object.entries(incoming.quizzes)) {
    const current = merged.quizzes[id];
    if (!current || (quiz.passed && !current.passed) || quiz.score > current.score) merged.quizzes[id] = quiz;
  }
  return merged;
}

export interface ImportResult {
  ok: boolean;
  progress?: Progress;
  /** Why an import was refused, as a sentence for the learner. */
  error?: string;
}

/** Validates a file the learner chose to import; refuses anything that is not an exported progress file. */
export function parseImport(text: string, say: ImportErrorText = englishImportError): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: say('error.notJson') };
  }
  if (!isRecord(data) || (data.version !== PROGRESS_VERSION && !Array.isArray(data.visited)) || !isRecord(data.lessons ?? {})) {
    return { ok: false, error: say('error.notExport') };
  }
  return { ok: true, progress: parseProgress(text) };
}
