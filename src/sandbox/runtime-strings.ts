/**
 * Every sentence the sandbox runtimes, the runtime picker and the autosave store show to the learner,
 * keyed, so a translation is one more object of the same shape rather than edits across the modules.
 * `{name}` marks a value filled in by `sandboxString`.
 */
export const en = {
  'runtime.local.label': 'Local runner (Node.js on this computer)',
  'runtime.webcontainer.label': 'WebContainers (Node.js in this browser tab)',
  'runtime.tornDown': 'This sandbox was shut down ({label}). Reload the page to run code again.',
  'runtime.noFile': 'There is no file "{path}" in the sandbox. Its files are: {files}.',
  'runtime.noFiles': 'There is no file "{path}" in the sandbox, because no files are mounted yet. Mount the files first.',
  'runtime.testFileClash':
    'The test file "{path}" has the same name as one of the sandbox files. Rename the test file in the sandbox\'s tests/ folder.',

  'local.unreachable':
    'The local runner is not reachable at {url}; start the course with `npm start` or `npm run dev`, then reload this page.',
  'local.noAnswer':
    'The local runner at {url} did not answer within {seconds} s. Check that the course server is running (`npm start` or `npm run dev`), then reload this page.',
  'local.closedBeforeReady':
    'The local runner at {url} closed the connection before it was ready (WebSocket close code {code}{detail}). Reload the page; if that does not help, restart the course with `npm start` or `npm run dev`.',
  'local.protocolVersion':
    'The local runner at {url} speaks protocol version {actual}, but this page expects version {expected}. Reload the page so that it matches the course server.',
  'local.badMessage':
    'The local runner sent a message this page does not understand: {problem}. The page and the course server may be from different versions; reload the page.',
  'local.disconnectedNotice':
    'The connection to the local runner closed, so the program was stopped. The next Run reconnects; if the course server was stopped, start it again with `npm start` or `npm run dev`.',
  'local.disconnectedBeforeStart':
    'The connection to the local runner closed before "{entry}" could start. Run it again; if the course server was stopped, start it again with `npm start` or `npm run dev`.',
  'local.disconnectedDuringTests':
    'The connection to the local runner closed while the tests were running. Run them again; if the course server was stopped, start it again with `npm start` or `npm run dev`.',

  // The wc.* start failures say what happened only; pick-runtime.ts adds what to do, which depends on
  // whether this site has a local runner.
  'wc.notIsolated':
    'WebContainers cannot start because this page is not cross-origin isolated (it needs the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp).',
  'wc.timeout':
    'WebContainers did not start within {seconds} s. They download their runtime from StackBlitz (stackblitz.com and *.webcontainer-api.io), so this browser probably cannot reach it: it is offline, or a network filter or an extension blocks those sites. The start goes on in the background, so trying again later in this tab is instant if it arrives.',
  'wc.bootCancelled':
    'You cancelled the start of WebContainers. It goes on in the background, so the next Run or Check in this tab picks it up (at once if it has arrived by then).',
  'wc.testsCancelled': 'You cancelled the tests; the {finished} tests that finished before that are shown.',
  'wc.bootFailed': 'WebContainers failed to start ({detail}).{hint}',
  'wc.bootHint.storage':
    ' This usually means the browser blocks third-party cookies or storage for this site (WebContainers keep their files in an iframe on *.webcontainer-api.io); allow them for this site, or leave private browsing.',
  'wc.bootHint.browser':
    ' This browser lacks something WebContainers need (SharedArrayBuffer and cross-origin isolation); use a current Chrome, Edge, Firefox or Safari.',
  'wc.installing':
    'Installing {packages} in the WebContainer ({count} locked packages in all; only the first time in this tab)…\n',
  'wc.installed': 'Installed in {seconds} s.\n',
  'wc.installCancelled': 'The install was cancelled.',
  'wc.noManifest':
    'The list of packages for WebContainers could not be loaded (HTTP {status}). Reload the page; if that does not help, the site was built without it.',
  'wc.portBusy':
    'Port {ports} is still in use inside the WebContainer, by a program from an earlier run. If this program listens on the same port it fails with EADDRINUSE; reload the page to start a fresh WebContainer.\n',
  'wc.internalError': 'WebContainers reported an internal error: {message}\n',
  'wc.installFailed':
    'Installing {packages} in the WebContainer failed (npm exited with code {code}). Check the network connection and run again. The end of npm\'s output:\n{output}',
  'wc.runTimeout':
    'The run was stopped after {seconds} s, the time limit for one run. Programs that never end (an endless loop, or a server or timer that is never closed) hit this limit; close servers and clear timers when the program is done.\n',
  'wc.testTimeout':
    'The tests were stopped after {seconds} s, the time limit for one test run; the {finished} tests that finished before that are shown.',
  'wc.noReport': 'vitest exited with code {code} without writing a report, so no test results are available.',

  'test.nothingPrinted': 'No tests ran, and the test tool printed nothing.',
  'test.fileFailed': '(the test file could not be run)',

  'pick.webcontainer': 'Running in WebContainers: Node.js inside this browser tab.',
  'pick.forcedLocal': 'Running on the local runner in this course server, as requested by {source}.',
  'pick.chosenLocal': 'Running on the local runner in this course server, as you chose.',
  'pick.sandboxNeedsLocal':
    'This exercise needs real Node.js on a computer: running on the local runner in this course server.',
  'pick.localPresent':
    'Running on the local runner in this course server, which starts at once. Choose WebContainers to run the code inside this tab instead.',
  'pick.wcFailedLocalOffered':
    '{why} The local runner in this course server can run the code instead: choose it next to the Run button.',
  'pick.noRuntime':
    'This exercise cannot run here: {why} This site has no local runner; to run the code on your computer, clone the course and start it with `npm start`.',
  'pick.noRuntime.sandboxNeedsLocal': 'it needs real Node.js on a computer, and WebContainers are not enough.',

  'autosave.failed':
    'Your code for "{sandboxId}" could not be saved in this browser ({detail}). Keep this tab open and copy your code somewhere safe.',
} as const;

export type SandboxStringKey = keyof typeof en;

/** Looks up a sentence and fills its `{name}` placeholders; an unfilled one stays visible as `{name}`. */
export function sandboxString(key: SandboxStringKey, values: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
