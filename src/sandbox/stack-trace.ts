/**
 * Node's error output, made to point at the learner's code: the runner's folder
 * (`/tmp/brr-runner-…/brr-run-…/work/`) is cut from paths, frames inside Node (`node:internal/…`),
 * packages and the runner are hidden, and syntax errors and missing modules get one plain sentence and
 * the location. Pure text in, text and locations out; the output pane draws it (island/trace-view.ts).
 * Frame syntax: V8's stack trace API (https://v8.dev/docs/stack-trace-api).
 */
import { uiText } from './ui-strings.ts';

/** ECMA-48 CSI sequences (colours) that Node and test tools print for terminals. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const stripAnsi = (text: string): string => text.replace(ANSI, '');

export interface SourceLocation {
  /** Path inside the sandbox, e.g. `server.ts` or `lib/util.ts`. */
  path: string;
  line: number;
  column?: number;
}

export interface CleanTrace {
  /** The output with runner paths cut and hidden frames removed. */
  text: string;
  /** Frames removed from `text` (Node internals, packages, the runner). */
  hiddenFrames: number;
  /** One sentence for a syntax error or a missing module, when the output is one. */
  explanation?: string;
  /** Where the learner should look first: the error's own location, else the first frame in their files. */
  location?: SourceLocation;
}

/** A run's folder as the runner makes it (workspace.ts), with or without `file://`. */
const RUN_FOLDER = /(?:file:\/\/)?(?:\/[^\s'"()/]+)*\/brr-run-[^\s'"()/]+\/work\//g;
/** `    at fn (place)` or `    at place`. */
const FRAME = /^\s+at\s(?:.*\((.*)\)|(.*))\s*(\{)?\s*$/;
/** `server.ts:12:5` or `lib/util.ts:3` inside text (after RUN_FOLDER was cut). */
const LOCATION = /(?<![\w/.:-])((?:[\w.-]+\/)*[\w.-]+\.(?:[cm]?[jt]sx?)):(\d+)(?::(\d+))?/g;

/** True when `text` holds something worth cleaning: a stack frame, a Node internal, or a runner path. */
export function looksLikeTrace(text: string): boolean {
  return /\n\s+at\s\S|node:internal|\/brr-run-[^/\s]+\/work\//.test(text);
}

/** Cuts the runner's folder from every path, so `file:///tmp/brr-runner-x/brr-run-y/work/a.ts` reads `a.ts`. */
export function relativeToRun(text: string): string {
  return text.replace(RUN_FOLDER, '');
}

function isHiddenPlace(place: string): boolean {
  return /^node:|^internal\/|node_modules\/|^native\b|^<anonymous>$/.test(place) || place.startsWith('/') || place.startsWith('file://');
}

/**
 * @param files the sandbox's files by path: locations count only when they name one of them, and a
 *   missing module's location is the import line found in the importing file
 */
export function cleanTrace(raw: string, files: Readonly<Record<string, string>>): CleanTrace {
  const isSandboxFile = (path: string) => Object.hasOwn(files, path);
  const lines = relativeToRun(stripAnsi(raw).replace(/\r\n?/g, '\n')).split('\n');
  const kept: string[] = [];
  let hiddenFrames = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    // Where Node itself rethrew the error ("node:internal/modules/run_main:123" and its source excerpt).
    if (/^node:internal\/\S+:\d+$/.test(line)) {
      while (index + 1 < lines.length && lines[index + 1]!.trim() !== '') index += 1;
      continue;
    }
    const frame = FRAME.exec(line);
    if (frame) {
      const place = (frame[1] ?? frame[2] ?? '').trim();
      if (isHiddenPlace(place)) {
        hiddenFrames += 1;
        // A last frame ending in "{" opens the error's properties ({ code: '…', url: '…' }); they go too.
        if (frame[3]) while (index + 1 < lines.length && lines[index++]!.trim() !== '}');
        continue;
      }
      kept.push(frame[3] ? line.replace(/\s*\{\s*$/, '') : line);
      if (frame[3]) while (index + 1 < lines.length && lines[index++]!.trim() !== '}');
      continue;
    }
    if (/^Node\.js v\d/.test(line)) continue;
    kept.push(line);
  }
  const text = kept.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\s+$/g, '');
  const location = firstLocation(text, isSandboxFile) ?? missingImportLocation(text, files);
  const explanation = explain(text, location);
  return { text: text + (raw.endsWith('\n') ? '\n' : ''), hiddenFrames, ...(explanation ? { explanation } : {}), ...(location ? { location } : {}) };
}

/** The first location in `text` that names one of the sandbox's files. */
export function firstLocation(text: string, isSandboxFile: (path: string) => boolean): SourceLocation | undefined {
  for (const match of text.matchAll(LOCATION)) {
    const path = match[1]!;
    if (!isSandboxFile(path)) continue;
    return { path, line: Number(match[2]), ...(match[3] ? { column: Number(match[3]) } : {}) };
  }
  return undefined;
}

/** Text split into plain runs and the locations in it that name sandbox files (for links in the pane). */
export function splitLocations(text: string, isSandboxFile: (path: string) => boolean): (string | (SourceLocation & { text: string }))[] {
  const parts: (string | (SourceLocation & { text: string }))[] = [];
  let at = 0;
  for (const match of text.matchAll(LOCATION)) {
    const path = match[1]!;
    if (!isSandboxFile(path)) continue;
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push({ text: match[0], path, line: Number(match[2]), ...(match[3] ? { column: Number(match[3]) } : {}) });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function where(location: SourceLocation | undefined): string {
  return location ? ` ${uiText('explain.where', { path: location.path, line: location.line })}` : '';
}

/** One plain sentence for the errors a beginner meets before any of their code runs (words: `sandbox: explain.*`). */
function explain(text: string, location: SourceLocation | undefined): string | undefined {
  const unsupported = /SyntaxError \[ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX\]: (.*)/.exec(text);
  if (unsupported) return uiText('explain.unsupportedTypeScript', { where: where(location), message: unsupported[1]! });
  const syntax = /SyntaxError(?: \[ERR_INVALID_TYPESCRIPT_SYNTAX\])?: (.*)/.exec(text);
  if (syntax && !/\n\s+at\s/.test(text.slice(syntax.index))) {
    return uiText('explain.syntax', { where: where(location), message: syntax[1]! });
  }
  const missingModule = /\[ERR_MODULE_NOT_FOUND\]: Cannot find module '([^']+)' imported from (\S+)/.exec(text);
  if (missingModule) return uiText('explain.missingModule', { importer: missingModule[2]!, module: missingModule[1]! });
  const missingPackage = /\[ERR_MODULE_NOT_FOUND\]: Cannot find package '([^']+)' imported from (\S+)/.exec(text);
  if (missingPackage) return uiText('explain.missingPackage', { importer: missingPackage[2]!, package: missingPackage[1]! });
  return undefined;
}

/** For a missing module or package: the import line in the importing file, so the link lands on it. */
function missingImportLocation(text: string, files: Readonly<Record<string, string>>): SourceLocation | undefined {
  const missing = /\[ERR_MODULE_NOT_FOUND\]: Cannot find (?:module|package) '([^']+)' imported from (\S+)/.exec(text);
  const content = missing ? files[missing[2]!] : undefined;
  if (!missing || content === undefined) return undefined;
  const line = importLine(content, missing[1]!.replace(/^.*\//, ''));
  return line === undefined ? undefined : { path: missing[2]!, line };
}

export function importLine(content: string, specifier: string): number | undefined {
  const lines = content.split('\n');
  const index = lines.findIndex((line) => /\bimport\b|\bfrom\b|require\(/.test(line) && line.includes(specifier));
  return index === -1 ? undefined : index + 1;
}
