/**
 * Type-checks every sandbox's starter, solution, mistakes and tests in one TypeScript program, in memory,
 * for `npm run check`. Each sandbox is laid out as the runner lays out a run (learner files at the top,
 * specs in tests/, a package.json saying "type": "module") under a virtual folder beside the project's
 * node_modules, so imports resolve exactly as they do when the code runs; nothing is copied to disk.
 *
 * Problems are reported at the real file on disk (sandboxes/<id>/tests/x.test.ts, not the virtual copy),
 * once, even when the same file is checked in several layouts (a spec with the starter and with the
 * solution), and `enum` and other syntax Node cannot strip is named in plain words.
 */
import { join, relative } from 'node:path';
import { readCache, sandboxKey, writeCache } from './type-check-cache.ts';
import ts from 'typescript';
import type { ContentProblem } from '../content/problems.ts';
import { SANDBOX_COMPILER_OPTIONS } from './compiler-options.ts';
import { ERASABLE_SYNTAX_CODE, explainErasableSyntax } from './erasable-syntax.ts';
import type { Sandbox } from './load-sandboxes.ts';

const CHECKED = /\.(?:ts|mts|cts)$/;
/** "Cannot find module 'x'": for a package, the dependency check (dependency-check.ts) says it better. */
const MODULE_NOT_FOUND = new Set([2307, 2792]);

export interface TypeCheckOptions {
  /** The course root (sandboxes/ is read from here; problems name files relative to it). */
  root: string;
  /** The folder whose node_modules the runner links into a run; defaults to `root`. */
  modulesRoot?: string;
}

/** A layout: the virtual folder of one run and, for each path in it, the real file. */
interface Layout {
  sandbox: Sandbox;
  name: string;
  files: Map<string, string>;
  /** The paths whose diagnostics are asked for; the rest are only read for their types. */
  checked: ReadonlySet<string>;
}

function layoutsOf(sandbox: Sandbox): Layout[] {
  const starter = new Map(sandbox.starterFiles.map((f) => [f, join(sandbox.path, 'starter', f)]));
  const layout = (name: string, files: Map<string, string>, checked: Iterable<string> = files.keys()): Layout => ({ sandbox, name, files, checked: new Set(checked) });
  if (!sandbox.config.graded) return [layout('starter', starter)];
  const tests = sandbox.testFiles.map((f) => [`tests/${f}`, join(sandbox.path, 'tests', f)] as const);
  const solution = new Map([...starter, ...sandbox.solutionFiles.map((f) => [f, join(sandbox.path, 'solution', f)] as const)]);
  return [
    // Every real file is checked in one layout: starter files with the starter, specs with the solution
    // (they grade it), so a wrong spec is reported once, and the check stays within seconds.
    layout('starter', new Map([...starter, ...tests]), starter.keys()),
    layout('solution', new Map([...solution, ...tests]), [...sandbox.solutionFiles, ...tests.map(([path]) => path)]),
    // Only a mistake's own files differ from the solution's layout, so only they are checked (no tests/:
    // they are the solution's); checking every file again for each of ~140 mistakes took 20 s.
    ...sandbox.mistakes.map((m) => layout(`mistake "${m.name}"`, new Map([...solution, ...m.files.map((f) => [f, join(m.path, f)] as const)]), m.files)),
  ];
}

/** Library and package declarations parse the same every time: keep them across checks (tests run many). */
const sharedSourceFiles = new Map<string, ts.SourceFile>();

export function sandboxCompilerOptions(): ts.CompilerOptions {
  const { options, errors } = ts.convertCompilerOptionsFromJson({ ...SANDBOX_COMPILER_OPTIONS }, '/');
  if (errors.length) throw new Error(`The sandbox compiler options are invalid: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, ' ')}`);
  return options;
}

/**
 * The problems of every sandbox. With a cache file, a sandbox whose files, packages and compiler are
 * unchanged since the last check keeps its last result: a cold check of the whole course is ~10 s of CPU
 * (the packages' declarations are big), a check after editing one sandbox a second or two.
 */
export function typeCheckSandboxes(sandboxes: readonly Sandbox[], options: TypeCheckOptions & { cacheFile?: string }): ContentProblem[] {
  const { root, modulesRoot = root, cacheFile } = options;
  if (!cacheFile) return typeCheckProgram(sandboxes, { root, modulesRoot });
  const cache = readCache(cacheFile);
  const keys = new Map(sandboxes.map((sandbox) => [sandbox, sandboxKey(sandbox, modulesRoot)]));
  const stale = sandboxes.filter((sandbox) => !cache[keys.get(sandbox)!]);
  const fresh = stale.length ? typeCheckProgram(stale, { root, modulesRoot }) : [];
  const next: Record<string, ContentProblem[]> = {};
  for (const sandbox of sandboxes) {
    const key = keys.get(sandbox)!;
    next[key] = stale.includes(sandbox) ? fresh.filter((p) => p.file.startsWith(`sandboxes/${sandbox.id}/`)) : cache[key]!;
  }
  writeCache(cacheFile, next);
  return Object.values(next).flat().sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

function typeCheckProgram(sandboxes: readonly Sandbox[], { root, modulesRoot = root }: TypeCheckOptions): ContentProblem[] {
  const base = join(modulesRoot, '.sandbox-type-check');
  const real = new Map<string, string>();
  const synthetic = new Map<string, string>();
  const dirs = new Set<string>([base]);
  const layoutOf = new Map<string, Layout>();
  const layouts = sandboxes.flatMap(layoutsOf);
  const rootNames: string[] = [];
  layouts.forEach((layout, index) => {
    const dir = join(base, String(index));
    const add = (path: string) => {
      for (let parent = join(path, '..'); parent.length > base.length; parent = join(parent, '..')) dirs.add(parent);
      layoutOf.set(path, layout);
    };
    for (const [path, file] of layout.files) {
      real.set(join(dir, path), file);
      add(join(dir, path));
      if (layout.checked.has(path) && CHECKED.test(path) && !path.endsWith('.d.ts')) rootNames.push(join(dir, path));
    }
    // Node and TypeScript pick ESM or CommonJS from the nearest package.json; the runner writes this one too.
    synthetic.set(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    add(join(dir, 'package.json'));
  });
  const inBase = (path: string) => path === base || path.startsWith(`${base}/`);

  const options = sandboxCompilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = (path: string): string | undefined => synthetic.get(path) ?? ts.sys.readFile(real.get(path) ?? (inBase(path) ? '\0' : path));
  host.getCurrentDirectory = () => modulesRoot;
  host.fileExists = (path) => real.has(path) || synthetic.has(path) || (!inBase(path) && ts.sys.fileExists(path));
  host.readFile = readFile;
  host.directoryExists = (path) => dirs.has(path) || (!inBase(path) && ts.sys.directoryExists(path));
  host.realpath = (path) => (inBase(path) ? path : (ts.sys.realpath?.(path) ?? path));
  host.getSourceFile = (path, languageVersion) => {
    const shared = !inBase(path);
    const key = `${typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion}:${path}`;
    if (shared && sharedSourceFiles.has(key)) return sharedSourceFiles.get(key);
    const text = readFile(path);
    if (text === undefined) return undefined;
    const file = ts.createSourceFile(path, text, languageVersion);
    if (shared) sharedSourceFiles.set(key, file);
    return file;
  };

  const program = ts.createProgram({ rootNames, options, host });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...rootNames.flatMap((path) => {
    const file = program.getSourceFile(path);
    return file ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)] : [];
  })];

  const rel = (path: string) => relative(root, path).split('\\').join('/');
  const found = new Map<string, { problem: ContentProblem; layouts: Set<string> }>();
  for (const diagnostic of diagnostics) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (MODULE_NOT_FOUND.has(diagnostic.code) && /module '[^./]/.test(text)) continue;
    const virtualPath = diagnostic.file?.fileName;
    const realPath = virtualPath ? (real.get(virtualPath) ?? virtualPath) : undefined;
    const layout = virtualPath ? layoutOf.get(virtualPath) : undefined;
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : undefined;
    const plain = diagnostic.code === ERASABLE_SYNTAX_CODE && diagnostic.file && diagnostic.start !== undefined
      ? explainErasableSyntax(diagnostic.file.text, diagnostic.start, diagnostic.length ?? 0)
      : undefined;
    const problem: ContentProblem = {
      severity: 'error',
      file: realPath ? rel(realPath) : 'sandboxes',
      line,
      message: plain ? plain.message : `The code does not type-check: ${text} (TS${diagnostic.code})`,
      fix: plain ? plain.fix : 'Fix the types; sandboxes are checked in strict mode with the options the authoring guide lists under "Type-checking".',
    };
    const key = `${problem.file}:${line}:${diagnostic.code}:${text}`;
    const entry = found.get(key) ?? { problem, layouts: new Set<string>() };
    if (layout) entry.layouts.add(layout.name);
    found.set(key, entry);
  }
  // A file shared by several layouts (a spec, an unchanged starter file) may be wrong in only some of them.
  const problems: ContentProblem[] = [];
  for (const { problem, layouts: seenIn } of found.values()) {
    const sandbox = sandboxes.find((s) => problem.file.startsWith(`${rel(s.path)}/`));
    const all = sandbox ? layoutsOf(sandbox).filter((l) => [...l.files].some(([path, f]) => l.checked.has(path) && rel(f) === problem.file)).map((l) => l.name) : [];
    const partial = seenIn.size > 0 && seenIn.size < all.length;
    problems.push(partial ? { ...problem, message: `${problem.message} (with the ${[...seenIn].join(' and ')} laid out around it)` } : problem);
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
