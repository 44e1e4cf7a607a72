/**
 * The WebContainer backend's Run and Check, simulated without WebContainers (which cannot boot here):
 * every sandbox laid out as the backend lays it out in the container (root package.json with
 * engines.node and exact versions, the stderr-marker preload in .course/, the sandbox in its own
 * folder with the .brr/ config and reporter), run with exactly the command lines and environment the
 * backend spawns. The container runs Node 22.22.0; this runs under the project's Node 22 (22.23, one patch
 * release later, with the same default type stripping) unless WC_SIM_NODE names another node binary. An
 * npm alias of node@22.22.0 would be the exact version, but its `node` bin replaces the project's own in
 * node_modules/.bin, so every npm script would silently change Node.
 * The solution passes, the starter fails, and Run starts each entry without a loading error.
 *
 * The packages come from this project's node_modules, at the versions the container's lockfile pins
 * (checked in sandbox-container-packages.test.ts) — except vitest: the container pins 3.2.4, the project
 * has 5. Set WC_SIM_TOOLS to a folder where `npm install` ran in src/sandbox/container-tools/ to use the
 * container's vitest here too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildContainerPackages } from '../../src/sandbox/container-packages-build.ts';
import { containerProjectFiles, packageName } from '../../src/sandbox/container-packages.ts';
import { islandDataFor } from '../../src/sandbox/island-data.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { TerminalReader, STDERR_MARK_PRELOAD } from '../../src/sandbox/terminal-text.ts';
import { testReportFromVitestJson } from '../../src/sandbox/vitest-json-report.ts';
import { STDERR_MARK_FILE, typeScriptFlags } from '../../src/sandbox/webcontainer-install.ts';
import { CONTAINER_VITEST_ENTRY, REPORT_FILE, TEST_ENV, testRunFiles, vitestArgs } from '../../src/sandbox/webcontainer-tests.ts';
import type { FileTree, TestReport } from '../../src/sandbox/runtime.ts';
import { BAILING_TEST_OPTIONS } from '../../src/runner/vitest-command.ts';

const root = process.cwd();
const NODE = process.env.WC_SIM_NODE ?? process.execPath;
const toolsModules = process.env.WC_SIM_TOOLS ? join(process.env.WC_SIM_TOOLS, 'node_modules') : join(root, 'node_modules');
const { sandboxes } = loadSandboxes(root);
const manifest = buildContainerPackages({ root, dependencies: sandboxes.flatMap((sandbox) => sandbox.config.dependencies) });
const containerRoot = mkdtempSync(join(tmpdir(), 'brr-webcontainer-'));
let folders = 0;

afterAll(() => rmSync(containerRoot, { recursive: true, force: true }));

function version(): string {
  return spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
}
const flags = typeScriptFlags(`v${version()}`, containerRoot).flags;

/** The container root as the backend leaves it after installing `names`. */
function layRoot(names: string[]): void {
  const { packageJson } = containerProjectFiles(manifest, [...names, 'vitest']);
  // Renamed into place: the tests run two at a time, and the other one's processes may be reading it.
  writeFileSync(join(containerRoot, 'package.json.tmp'), packageJson);
  renameSync(join(containerRoot, 'package.json.tmp'), join(containerRoot, 'package.json'));
  mkdirSync(join(containerRoot, '.course'), { recursive: true });
  writeFileSync(join(containerRoot, STDERR_MARK_FILE), STDERR_MARK_PRELOAD);
  const modules = join(containerRoot, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const name of [...names, 'vitest']) {
    const target = join(modules, name);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(name === 'vitest' ? toolsModules : join(root, 'node_modules'), name), target, 'dir');
  }
}

function layFolder(files: FileTree): string {
  folders += 1;
  const folder = join(containerRoot, `sandbox-${folders}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return folder;
}

/**
 * Spawns as the container does, with stderr merged into stdout as on its terminal; stops at `limitMs`, or
 * `settleMs` after the program's first output when `settleMs` is given (a server's first line means its
 * modules loaded: ESM reports every loading error before any code runs, so waiting longer shows nothing).
 */
function spawnLikeContainer(args: string[], cwd: string, env: Record<string, string>, limitMs: number, settleMs?: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', '"$0" "$@" 2>&1', NODE, ...args], {
      cwd,
      env: { PATH: `${dirname(NODE)}:/usr/bin:/bin`, HOME: cwd, ...env, NODE_OPTIONS: flags.join(' ') },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    const reader = new TerminalReader();
    const out = { stdout: '', stderr: '' };
    const take = (chunks: ReturnType<TerminalReader['push']>): void => chunks.forEach((chunk) => (out[chunk.stream] += chunk.data));
    let timedOut = false;
    const stop = (): void => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    };
    let settle: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      take(reader.push(text));
      if (settleMs !== undefined && settle === undefined) settle = setTimeout(stop, settleMs);
    });
    const timer = setTimeout(stop, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(settle);
      take(reader.flush());
      resolve({ code, ...out, timedOut });
    });
  });
}

/**
 * Two processes at a time: most of a run is waiting (vitest start-up on one core, sockets, a failing
 * starter's deadlines), so two overlap well on a 2-core machine without starving the timing the tests check.
 */
const SLOTS = 2;
let busy = 0;
const queue: Array<() => void> = [];
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busy >= SLOTS) await new Promise<void>((resolve) => queue.push(resolve));
  else busy += 1;
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else busy -= 1;
  }
}

/** `bail` stops at the first failed test: enough to show the starter fails, without waiting out the rest. */
async function check(files: FileTree, tests: FileTree, limitMs: number, bail = false): Promise<TestReport> {
  return inSlot(() => checkNow(files, tests, limitMs, bail));
}

async function checkNow(files: FileTree, tests: FileTree, limitMs: number, bail: boolean): Promise<TestReport> {
  const folder = layFolder({ ...files, ...tests, ...testRunFiles(Object.keys(tests)) });
  const args = [...flags, ...vitestArgs(CONTAINER_VITEST_ENTRY), ...(bail ? ['--bail=1', `--maxConcurrency=${BAILING_TEST_OPTIONS.maxConcurrency}`, `--maxWorkers=${BAILING_TEST_OPTIONS.maxWorkers}`] : [])];
  const result = await spawnLikeContainer(args, folder, { ...TEST_ENV }, limitMs);
  const reportPath = join(folder, REPORT_FILE);
  const json = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as unknown) : undefined;
  const report = testReportFromVitestJson(json, { root: folder, output: result.stdout + result.stderr, durationMs: 0 });
  return { ...report, success: report.success && result.code === 0 };
}

const describeReport = (report: TestReport): string =>
  report.tests.map((t) => `${t.status} ${t.name}${t.message ? `: ${t.message.split('\n')[0]}` : ''}`).join('\n') || report.output;

test('the simulated container runs a Node of the major line the backend asks WebContainers for', async () => {
  // The same major line (22.22.0 in the container, the project's 22.23 here), where type stripping is on
  // by default and --import behaves alike; WC_SIM_NODE runs the exact version.
  const line = (v: string) => v.split('.').slice(0, 1).join('.');
  expect(line(version()), `The simulation runs Node ${version()}, the container ${manifest.node}.`).toBe(line(manifest.node));
  layRoot([]);
  const folder = layFolder({ 'main.ts': "const n: number = 1;\nconsole.log(process.version, n);\nconsole.error('to stderr');\n" });
  const result = await spawnLikeContainer([...flags, 'main.ts'], folder, {}, 10_000);
  // Types stripped without a loader, and stderr told apart through the merged terminal by the preload.
  expect(result).toMatchObject({ code: 0, stdout: `v${version()} 1\n`, stderr: 'to stderr\n' });
});

// Sandboxes that say `webcontainer: false` (HTTP/2 servers, UDP, native brokers, Redis) never run in a
// container: the page sends them to the local runner, which grade-through-runner covers.
const containerSandboxes = sandboxes.filter((sandbox) => sandbox.config.webcontainer);

// Concurrent, two processes at a time (inSlot); the time limits start when a process starts, not while queued.
describe.concurrent.each(containerSandboxes.map((sandbox) => [sandbox.id, sandbox] as const))('%s', (_id, sandbox) => {
  const data = islandDataFor(sandbox, '', { root, base: '/' });
  const limitMs = sandbox.config.limits.testSeconds * 1000;
  const names = sandbox.config.dependencies.map(packageName);

  // A run-only demo (graded: false) has no tests, so it only gets the Run check.
  if (sandbox.config.graded) {
    test('Check: the solution passes', { timeout: 2 * limitMs + 10_000 }, async () => {
      layRoot(names);
      const report = await check({ ...data.starter, ...data.solution }, data.tests, limitMs);
      expect(report.failed, describeReport(report)).toBe(0);
      expect(report.total).toBeGreaterThan(0);
      expect(report.success, describeReport(report)).toBe(true);
    });

    test('Check: the starter fails', { timeout: 2 * limitMs + 10_000 }, async () => {
      layRoot(names);
      const report = await check({ ...data.starter }, data.tests, limitMs, true);
      expect(report.success, describeReport(report)).toBe(false);
      expect(report.failed, describeReport(report)).toBeGreaterThan(0);
    });
  }

  test('Run: the solution\'s entry loads and runs under the container\'s Node', { timeout: 2 * limitMs + 15_000 }, async () => {
    layRoot(names);
    const folder = layFolder({ ...data.starter, ...data.solution });
    const result = await inSlot(() => spawnLikeContainer([...flags, sandbox.config.entry], folder, {}, Math.min(sandbox.config.limits.runSeconds * 1000, 3000), 300));
    // A server runs until stopped; anything else must end cleanly. Neither may fail to load.
    expect(result.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|ERR_UNKNOWN_FILE_EXTENSION|ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX|SyntaxError/);
    if (!result.timedOut) expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
