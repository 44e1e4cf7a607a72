/**
 * Checks each sandbox's packages against what is installed and what its code imports, for `npm run check`
 * and before `check:sandboxes` grades anything (so a missing package is a sentence, not a stack trace):
 *
 *   - a declared package that is not in node_modules (the runner links that folder into every run);
 *   - a package.json version that differs from the installed one (the runner, the editor and the
 *     WebContainer manifest all take node_modules' and package-lock.json's version);
 *   - an import of a package the sandbox does not declare (a WebContainer installs only declared ones);
 *   - a declared package the editor cannot type (no declarations of its own and no @types package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { ContentProblem } from '../content/problems.ts';
import type { Sandbox } from './load-sandboxes.ts';
import { resolveTypePackages } from './types-bundle.ts';

/** Imports every graded run has without declaring them: the test runner is the course's. */
const PROVIDED_TO_TESTS = new Set(['vitest']);
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;

/** `@grpc/grpc-js/build/src` → `@grpc/grpc-js`; `ws` → `ws`; relative and built-in specifiers → undefined. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (/^[./]/.test(specifier) || specifier.startsWith('node:') || isBuiltin(specifier) || /^[a-z]+:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function installedVersion(modulesRoot: string, name: string): string | undefined {
  const path = join(modulesRoot, 'node_modules', ...name.split('/'), 'package.json');
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version;
}

function yamlDependenciesLine(sandbox: Sandbox): number | undefined {
  const lines = readFileSync(join(sandbox.path, 'sandbox.yaml'), 'utf8').split('\n');
  const index = lines.findIndex((line) => /^dependencies\s*:/.test(line));
  return index < 0 ? undefined : index + 1;
}

/** Every source file of the sandbox with its folder (starter, solution, tests, mistakes/<name>). */
function sourceFiles(sandbox: Sandbox): { path: string; inTests: boolean }[] {
  return [
    ...sandbox.starterFiles.map((f) => ({ path: join(sandbox.path, 'starter', f), inTests: false })),
    ...sandbox.solutionFiles.map((f) => ({ path: join(sandbox.path, 'solution', f), inTests: false })),
    ...sandbox.testFiles.map((f) => ({ path: join(sandbox.path, 'tests', f), inTests: true })),
    ...sandbox.mistakes.flatMap((m) => m.files.map((f) => ({ path: join(m.path, f), inTests: false }))),
  ].filter((file) => SOURCE.test(file.path));
}

export function checkSandboxDependencies(sandboxes: readonly Sandbox[], { root, modulesRoot = root }: { root: string; modulesRoot?: string }): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const rel = (path: string) => relative(root, path).split('\\').join('/');
  for (const sandbox of sandboxes) {
    const packageJson = `sandboxes/${sandbox.id}/package.json`;
    const pinned = new Map(sandbox.packages.map((p) => [p.name, p]));
    const codeNames = new Set(sandbox.config.dependencies);
    const declared = new Set([...codeNames, ...pinned.keys()]);
    const missing = new Set<string>();
    for (const name of declared) {
      const pin = pinned.get(name);
      const where = pin ? { file: pin.file, line: pin.line } : { file: sandbox.file, line: yamlDependenciesLine(sandbox) };
      const installed = installedVersion(modulesRoot, name);
      if (installed === undefined) {
        missing.add(name);
        problems.push({
          severity: 'error',
          ...where,
          message: `The sandbox uses the package "${name}", but it is not installed: there is no node_modules/${name}, which every run links in.`,
          fix: pin
            ? 'Run `npm install` at the project root: the sandboxes/* workspaces install what each sandbox package.json asks for.'
            : `Pin it in ${packageJson} ("dependencies": { "${name}": "<exact version>" }) and run \`npm install\` at the project root.`,
        });
      } else if (pin && installed !== pin.version) {
        problems.push({
          severity: 'error',
          ...where,
          field: `${pin.role}.${name}`,
          message: `The sandbox asks for ${name} ${pin.version}, but node_modules has ${installed}; the local runner and the WebContainer would run ${installed}, not what the sandbox was written for.`,
          fix: `Run \`npm install\` at the project root. If npm then puts ${pin.version} in sandboxes/${sandbox.id}/node_modules/ because another part of the course needs ${installed}, use "${installed}" here: the course has one version of each package.`,
        });
      }
    }
    for (const file of sourceFiles(sandbox)) {
      const text = readFileSync(file.path, 'utf8');
      const reported = new Set<string>();
      for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
        const name = packageOfSpecifier(imported.fileName);
        if (!name || declared.has(name) || reported.has(name) || (file.inTests && PROVIDED_TO_TESTS.has(name))) continue;
        reported.add(name);
        const installed = installedVersion(modulesRoot, name);
        const role = file.inTests ? 'devDependencies' : 'dependencies';
        problems.push({
          severity: 'error',
          file: rel(file.path),
          line: text.slice(0, imported.pos).split('\n').length,
          message: `The code imports "${name}", but the sandbox does not declare it, so a WebContainer would not install it${installed ? '' : ' (and it is not installed here either)'}.`,
          fix: `Add it to "${role}" in ${packageJson} with an exact version ("${name}": "${installed ?? '<version>'}"), then run \`npm install\` at the project root.`,
        });
      }
    }
    // The editor types only what the learner's code imports; a package without declarations breaks the page.
    const typed = [...codeNames].filter((name) => !missing.has(name));
    try {
      resolveTypePackages(typed, { root: modulesRoot });
    } catch (error) {
      const text = (error as Error).message;
      const cut = text.indexOf(' Install ');
      problems.push({
        severity: 'error',
        file: existsSync(join(sandbox.path, 'package.json')) ? packageJson : sandbox.file,
        message: cut > 0 ? text.slice(0, cut) : text,
        fix: cut > 0 ? text.slice(cut + 1) : 'Install its @types package as a devDependency of the sandbox, or use a package that ships its own types.',
      });
    }
  }
  return problems;
}
