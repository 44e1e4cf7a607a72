/**
 * Every word the sandbox page UI shows (src/components/Sandbox.astro, the <course-sandbox> island and the
 * editor), keyed, so a second language is one more table of the same shape rather than a hunt through
 * the component, the island and the editor. Sentences the runtimes, the runtime picker and autosave
 * produce live beside them in runtime-strings.ts. `{name}` marks a value filled in by `uiText()`; plural forms
 * are `.one` / `.other` keys picked with `Intl.PluralRules` by `uiPlural()`.
 */
export const sandboxUi = {
  lang: 'en',
  // Frame
  'sandbox.files': 'Files',
  'sandbox.readOnly': 'read-only',
  'sandbox.noScript': 'Editing, running and checking this exercise need JavaScript, which is off or blocked in this browser. Every starter file is shown above, so you can read the code or copy it and work on your own machine.',
  'sandbox.staticNote': 'Click into the code or press "Edit code" to edit it here.',
  'sandbox.starterChanged': 'This exercise was updated since you started it. Your code is kept as you left it; press Reset to start from the new version (Undo reset brings your code back).',
  'sandbox.unreadable': 'Your saved code for this exercise could not be read, so the starter code is shown. The unreadable copy is kept in this browser under the storage key {key}.',
  'sandbox.savedEditsNote': 'Showing your saved edits. Press "Edit code" to keep working on them.',
  // Editor loading
  'editor.activate': 'Edit code',
  'editor.loading': 'Loading the editor…',
  'editor.loaded': 'Editor ready. Tab indents code; press {tabKeys} to make Tab move to the next control instead.',
  'editor.tabKeys': 'Ctrl+M',
  'editor.tabKeysMac': 'Ctrl+Shift+M',
  'editor.failed': 'The editor could not load ({message}). The code is still shown read-only; reload the page to try again.',
  'editor.label': 'Code editor for {path}',
  'editor.readOnlyMessage': '{path} is read-only in this exercise: the program and the tests rely on it as written.',
  // Run
  'run.run': 'Run',
  'run.stop': 'Stop',
  'run.shortcut': 'Ctrl+Enter',
  'run.shortcutMac': '⌘+Enter',
  'run.runTitle': 'Run {entry} with Node ({shortcut})',
  'run.stopTitle': 'Stop the running program ({shortcut})',
  'run.starting': 'Starting {entry}…',
  'run.failedToStart': 'The program could not start: {message}',
  // Output pane
  'output.heading': 'Output',
  'output.empty': 'Press Run to see what the program prints.',
  'exit.code': 'Exited with code {code} in {duration}',
  'exit.signal': 'Ended by signal {signal} after {duration}',
  'exit.stopped': 'Stopped after {duration}',
  'exit.timeout': 'Stopped: time limit of {limit} reached',
  'exit.outputLimit': 'Stopped: the program printed more output than the sandbox allows',
  'exit.memory': 'Stopped: the program used more memory than the sandbox allows',
  'exit.processLimit': 'Stopped: the program started more processes than the sandbox allows',
  'exit.disconnect': 'Stopped: the connection to the code runner was lost',
  'exit.other': 'Stopped ({reason}) after {duration}',
  'output.truncated': '… {chars} characters ({lines} lines) of earlier output removed; the pane keeps the last {kept} characters so the page stays fast …',
  'output.progress': 'The program printed: {line}',
  'output.openLocation': 'Open {path} at line {line} in the editor',
  'output.fullTrace': 'Show full trace ({hidden} lines of Node and runner internals hidden)',
  // Preview pane
  'preview.heading': 'Preview',
  'preview.frameTitle': 'Preview of the sandbox server on port {port}',
  'preview.waiting': 'The preview appears here when the program starts its server on port {port}.',
  'preview.open': 'Open preview in a new tab',
  'preview.reload': 'Reload preview',
  // Tests
  'check.check': 'Check my work',
  'check.progress': 'Checking… {passed} passed, {failed} failed so far.',
  'check.running': 'Running the tests…',
  'check.failedAt': 'In your code at',
  'check.heading': 'Test results',
  'check.passed': 'passed',
  'check.failed': 'failed',
  'check.skipped': 'skipped',
  'check.todo': 'to do',
  'check.summary.allPassed.one': 'The test passed.',
  'check.summary.allPassed.other': 'All {total} tests passed.',
  'check.summary.someFailed.one': '{passed} of {total} test passed; {failed} failed.',
  'check.summary.someFailed.other': '{passed} of {total} tests passed; {failed} failed.',
  'check.summary.unfinished.one': '{passed} of {total} test passed, but the test run did not finish cleanly; see the test output below.',
  'check.summary.unfinished.other': '{passed} of {total} tests passed, but the test run did not finish cleanly; see the test output below.',
  'check.summary.noTests': 'No test ran. The test tool said:',
  'check.summary.error': 'The tests could not run: {message}',
  'check.duration': 'Finished in {duration}.',
  'check.output': 'Test output',
  'check.complete': 'Exercise complete',
  'check.completeDetail': 'All tests pass. Your progress is saved in this browser.',
  // Compare
  'compare.show': 'Compare with solution',
  'compare.hide': 'Hide comparison',
  'compare.heading': 'Your code (left) and the solution (right)',
  'compare.label': 'Comparison of {path}',
  'compare.yours': 'your code (read-only)',
  'compare.solution': 'the solution (read-only)',
  'compare.same': 'This file is the same in your code and in the solution.',
  // Reset
  'reset.reset': 'Reset',
  'reset.confirm': 'Replace your edits in every file of "{title}" with the starter code? You can undo this right after with "Undo reset".',
  'reset.done': 'The starter code is back. Press "Undo reset" to bring your edits back.',
  'reset.undo': 'Undo reset',
  'reset.undone': 'Your edits are back.',
  // Autosave
  'save.saved': 'Saved',
  // Runtime
  'runtime.status': 'Runs on: {label}. {reason}',
  'runtime.choose': 'Run code on',
  'runtime.auto': 'Automatic',
  'runtime.local': 'Local runner (this computer)',
  'runtime.webcontainer': 'WebContainers (this tab)',
  'runtime.notStarted': 'The runtime starts when you press Run or Check my work.',
  'runtime.connecting': 'Starting the runtime…',
  'runtime.connectingFor': 'Starting the runtime… {seconds} s (WebContainers take about 10 s the first time in a browser).',
  'runtime.failed': 'No runtime could start: {message}',
  'runtime.switchLocal': 'Use the local runner instead',
  // Stages (island/stage-panel.ts): what the learner waits on, with elapsed time and Cancel
  'stage.boot': 'Starting WebContainers (about 10 s the first time in a browser, 2–5 s later)…',
  'stage.install': 'Installing {packages} ({count} locked packages in all; once per tab)…',
  'stage.run': 'Running {entry}…',
  'stage.tests': 'Running the tests…',
  'stage.seconds': '{seconds} s',
  'stage.cancel': 'Cancel',
  'stage.cancelLabel': 'Cancel {stage}',
  'stage.done': '{stage}: done in {seconds} s.',
  'stage.failed': '{stage}: failed after {seconds} s.',
  'stage.cancelled': '{stage}: cancelled after {seconds} s.',
  'stage.name.boot': 'Starting WebContainers',
  'stage.name.install': 'Installing packages',
  'stage.name.run': 'Running the program',
  'stage.name.tests': 'Running the tests',
} as const;

export type SandboxUiKey = Exclude<keyof typeof sandboxUi, 'lang'>;
export type SandboxUiTable = { readonly [K in keyof typeof sandboxUi]: string };

/** Looks up a string and fills `{name}` placeholders; unknown placeholders stay visible so they get noticed. */
export function uiText(key: SandboxUiKey, values: Record<string, string | number> = {}, table: SandboxUiTable = sandboxUi): string {
  return table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

type PluralBase<K extends string> = K extends `${infer Base}.one` ? Base : never;
export type SandboxUiPluralKey = PluralBase<SandboxUiKey>;

/** Picks the `.one` or `.other` form for `count` by the table's language rules, then fills placeholders. */
export function uiPlural(
  key: SandboxUiPluralKey,
  count: number,
  values: Record<string, string | number> = {},
  table: SandboxUiTable = sandboxUi,
): string {
  const form = new Intl.PluralRules(table.lang).select(count) === 'one' ? 'one' : 'other';
  return uiText(`${key}.${form}` as SandboxUiKey, { count, ...values }, table);
}
