/**
 * What `<Sandbox id="…"/>` hands to the browser: the sandbox's settings and every file it needs
 * (starter, the solution overlaid on the starter, the tests), plus the declaration bundles the editor
 * loads. Built at build time from sandboxes/<id>/ by src/components/Sandbox.astro; the island
 * (island.ts) reads it from a <script type="application/json">.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileTree } from './runtime.ts';
import { loadSandboxes, type LoadedSandboxes, type Sandbox } from './load-sandboxes.ts';
import { formatProblems } from '../content/problems.ts';
import { resolveTypePackages, typeBundleSlug } from './types-bundle.ts';

export interface SandboxMeta {
  title: string;
  description: string;
  entry: string;
  /** Tabs in order; files not listed still run but are not shown. */
  files: { path: string; readOnly: boolean }[];
  preview?: { port: number; path: string };
  limits: { runSeconds: number; testSeconds: number };
  dependencies: string[];
  webcontainer: boolean;
  /** False for a run-only demo: no Check my work, no solution to compare with. */
  graded: boolean;
}

export interface SandboxIslandData {
  sandboxId: string;
  /** The lesson the exercise belongs to; passing its tests marks that lesson's exercise complete. */
  lessonId: string;
  meta: SandboxMeta;
  /** Every starter file, path → text. */
  starter: FileTree;
  /** The finished exercise: solution/ overlaid on starter/, so it is complete on its own. */
  solution: FileTree;
  /** The graded specs and their helpers, keyed as they are laid out next to the learner's files (`tests/x.test.ts`). */
  tests: FileTree;
  /** URLs of the declaration bundles for the editor (Node's types and each dependency's). */
  typeBundles: string[];
}

/** The parts of an exercise a page fetches only when Compare or Check first needs them. */
export type ExerciseAssets = Pick<SandboxIslandData, 'solution' | 'tests'>;

/**
 * What the page itself carries: everything but the solution and tests, which are served as
 * `<base>sandbox-assets/<id>.json` (src/pages/sandbox-assets/[id].json.ts) and fetched on demand, and
 * without the starter files the page shows as code or leaves out (static-starter.ts): `starter` holds
 * only the others, `starterFromPage` names the shown ones with the line ending their block dropped, and
 * `starterUrl` is where the left-out ones are (`<base>sandbox-starter/<id>.json`), fetched at boot.
 */
export type PageIslandData = Omit<SandboxIslandData, 'solution' | 'tests'> & {
  assetsUrl: string;
  starterFromPage: Record<string, string>;
  starterUrl?: string;
};

export function exerciseAssets(data: SandboxIslandData): ExerciseAssets {
  return { solution: data.solution, tests: data.tests };
}

/** `fromPage` and `deferred`: the starter files the island reads from their static blocks, and those it fetches (StaticStarter). */
export function pageIslandData(data: SandboxIslandData, base: string, fromPage: Record<string, string> = {}, deferred: readonly string[] = []): PageIslandData {
  const { solution: _solution, tests: _tests, ...rest } = data;
  const root = base.replace(/\/?$/, '/');
  const starter = Object.fromEntries(Object.entries(data.starter).filter(([path]) => !Object.hasOwn(fromPage, path) && !deferred.includes(path)));
  return {
    ...rest,
    starter,
    starterFromPage: fromPage,
    ...(deferred.length > 0 ? { starterUrl: `${starterFilesUrl(base, data.sandboxId)}.json` } : {}),
    assetsUrl: `${root}sandbox-assets/${data.sandboxId}.json`,
  };
}

/** Thrown at build time when a lesson names a sandbox that does not exist. */
export class UnknownSandboxError extends Error {
  override name = 'UnknownSandboxError';
}

/**
 * The sandbox with `id`, or an error that names the id, the sandboxes that exist and how to fix it.
 * When the folder exists but did not load, its own problems are the more useful answer, so they are
 * listed instead.
 */
export function findSandbox(id: string, loaded: LoadedSandboxes, where = 'A lesson'): Sandbox {
  const found = loaded.sandboxes.find((sandbox) => sandbox.id === id);
  if (found) return found;
  const own = loaded.problems.filter((problem) => problem.severity === 'error' && problem.file.startsWith(`sandboxes/${id}/`));
  if (own.length > 0) {
    throw new UnknownSandboxError(
      `${where} uses <Sandbox id="${id}" />, but sandboxes/${id}/ has ${own.length === 1 ? 'a problem' : `${own.length} problems`} to fix first:\n\n${formatProblems(own)}`,
    );
  }
  const known = loaded.sandboxes.map((sandbox) => sandbox.id);
  const list = known.length > 0 ? `The sandboxes that exist are: ${known.join(', ')}.` : 'There are no sandboxes yet (the sandboxes/ folder is empty or missing).';
  throw new UnknownSandboxError(
    `${where} uses <Sandbox id="${id}" />, but there is no sandbox "${id}" (no folder sandboxes/${id}/). ${list} ` +
      `Fix the id, or create sandboxes/${id}/ with sandbox.yaml, starter/, solution/ and tests/ (see the authoring guide at /authoring/, section "Sandboxes").`,
  );
}

let cached: LoadedSandboxes | undefined;

/**
 * The sandboxes as the build sees them: read once per production build (every page with a sandbox asks),
 * and on every request in dev so an author's edit shows at once.
 */
export function sandboxesForPages(root: string): LoadedSandboxes {
  if (cached && import.meta.env?.PROD) return cached;
  cached = loadSandboxes(root);
  return cached;
}

function readTree(dir: string, paths: readonly string[], prefix = ''): FileTree {
  const tree: FileTree = {};
  for (const path of paths) tree[`${prefix}${path}`] = readFileSync(join(dir, path), 'utf8');
  return tree;
}

/** A sandbox's starter files, read from disk (the only part the `/sandbox-starter/` files need). */
export function starterOf(sandbox: Sandbox): FileTree {
  return readTree(join(sandbox.path, 'starter'), sandbox.starterFiles);
}

/** Where the starter files a page leaves out are served: `<base>sandbox-starter/<id>` + `.json` (all) or `/<path>.txt` (one). */
export function starterFilesUrl(base: string, sandboxId: string): string {
  return `${base.replace(/\/?$/, '/')}sandbox-starter/${sandboxId}`;
}

/** Everything the island needs for one sandbox, read from disk. */
export function islandDataFor(sandbox: Sandbox, lessonId: string, { root, base = '/' }: { root: string; base?: string }): SandboxIslandData {
  const { config } = sandbox;
  const starter = starterOf(sandbox);
  const solution = { ...starter, ...readTree(join(sandbox.path, 'solution'), sandbox.solutionFiles) };
  const tests = readTree(join(sandbox.path, 'tests'), sandbox.testFiles, 'tests/');
  const typeBundles = resolveTypePackages(config.dependencies, { root }).map(
    (typePackage) => `${base.replace(/\/?$/, '/')}sandbox-types/${typeBundleSlug(typePackage)}.json`,
  );
  return {
    sandboxId: sandbox.id,
    lessonId,
    meta: {
      title: config.title,
      description: config.description,
      entry: config.entry,
      files: sandbox.tabs.map(({ path, readOnly }) => ({ path, readOnly })),
      ...(config.preview ? { preview: { port: config.preview.port, path: config.preview.path } } : {}),
      limits: { runSeconds: config.limits.runSeconds, testSeconds: config.limits.testSeconds },
      // The container installs what the tests import too; the editor's types (above) cover only the code's.
      dependencies: [...new Set([...config.dependencies, ...sandbox.packages.map((p) => p.name)])],
      webcontainer: config.webcontainer,
      graded: config.graded,
    },
    starter,
    solution,
    tests,
    typeBundles,
  };
}

/**
 * JSON that is safe inside <script type="application/json">: `<` is escaped so a file containing
 * `</script>` or `<!--` cannot end the element early (WHATWG HTML §4.12.1.3, restrictions for
 * contents of script elements).
 */
export function serializeForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
