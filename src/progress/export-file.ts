/**
 * The file "Export progress" saves, version 2: progress plus every exercise's saved code exactly as
 * autosave stores it (current files, the undo copy, and any copies kept aside), so moving to another
 * browser loses nothing. Version 1 files (progress only) still import. Reading validates everything
 * first and refuses the whole file with a sentence that says what is wrong: a half import is worse.
 */
import { parseImport, type Progress } from './model.ts';
import { CODE_KEY_PREFIX, parseRecord } from '../sandbox/autosave.ts';
import { englishImportError, type ImportErrorText } from './panel-strings.ts';

export const EXPORT_FORMAT = 'beyond-request-response/progress';
export const EXPORT_VERSION = 2;

/** Storage keys of saved code: `brr:code:<sandboxId>` and copies beside it (`…:unreadable`, `…:replaced:<time>`). */
const CODE_KEY = /^brr:code:([a-z0-9]+(?:-[a-z0-9]+)*)(:[a-z0-9:-]+)?$/;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_VERSION;
  exportedAt: string;
  progress: Progress;
  /** Storage key → what is stored there: a code record as JSON, or the raw text when it is not JSON. */
  code: Record<string, unknown>;
}

export interface ParsedExport {
  ok: boolean;
  progress?: Progress;
  /** Storage key → the text to store. */
  code?: Record<string, string>;
  error?: string;
}

export function isCodeKey(key: string): boolean {
  return CODE_KEY.test(key);
}

/** The sandbox id of a main code key, or undefined for the copies beside it. */
export function sandboxOfCodeKey(key: string): string | undefined {
  const match = CODE_KEY.exec(key);
  return match && !match[2] ? match[1] : undefined;
}

export function buildExport(progress: Progress, storedCode: Record<string, string>, now = new Date()): string {
  const code: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(storedCode).sort(([x], [y]) => x.localeCompare(y))) {
    if (!isCodeKey(key)) continue;
    try {
      code[key] = JSON.parse(raw);
    } catch {
      code[key] = raw; // an unreadable copy is exported as it is: it might still be someone's code
    }
  }
  const file: ExportFile = { format: EXPORT_FORMAT, formatVersion: EXPORT_VERSION, exportedAt: now.toISOString(), progress, code };
  return JSON.stringify(file, null, 2);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseExportFile(text: string, say: ImportErrorText = englishImportError): ParsedExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: say('error.notJson') };
  }
  if (!isObject(data) || data.format !== EXPORT_FORMAT) {
    // Version 1 was the progress object itself, without a format field.
    const legacy = parseImport(text, say);
    return legacy.ok ? { ok: true, progress: legacy.progress!, code: {} } : { ok: false, error: legacy.error! };
  }
  if (typeof data.formatVersion !== 'number' || data.formatVersion > EXPORT_VERSION) {
    return { ok: false, error: say('error.newerFormat', { format: String(data.formatVersion), supported: EXPORT_VERSION }) };
  }
  const progress = parseImport(JSON.stringify(data.progress ?? null), say);
  if (!progress.ok) return { ok: false, error: say('error.progressDamaged') };
  if (data.code !== undefined && !isObject(data.code)) return { ok: false, error: say('error.codeNotList') };
  const code: Record<string, string> = {};
  for (const [key, value] of Object.entries(data.code ?? {})) {
    if (!key.startsWith(CODE_KEY_PREFIX) || !isCodeKey(key)) {
      return { ok: false, error: say('error.codeForeignKey', { key }) };
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const sandboxId = sandboxOfCodeKey(key);
    if (sandboxId !== undefined && parseRecord(text) === undefined) {
      return { ok: false, error: say('error.codeDamaged', { sandboxId }) };
    }
    code[key] = text;
  }
  return { ok: true, progress: progress.progress!, code };
}
