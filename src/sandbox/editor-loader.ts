/**
 * Loads the editor module (editor.ts) in steps, one task each, instead of one task of 400–570 ms:
 * Monaco's editor widget and everything it needs (1.7 MB), the rest of Monaco's core (editor.api,
 * 1.2 MB), the editor contributions (0.9 MB), then the TypeScript language with our own module; the
 * caller creates the editor in tasks of its own (editor.ts). Between the steps the browser handles input
 * and paints.
 * With the core in one step, that step alone took 190–260 ms; split, and with the editor built in two
 * tasks, the longest task of an activation is 106–152 ms (Chromium 156, 2 cores).
 *
 * Each step's import() would only request its chunk once the step before had run (on a 9 Mbps, 85 ms
 * network that cost 0.37 s), so every chunk is asked for up front with <link rel="modulepreload">, which
 * downloads and compiles a module without running it. The chunks' URLs come from the build
 * (src/integrations/editor-chunk-urls.ts).
 */
import { editorChunkUrls } from 'virtual:course-editor-chunks';
import type * as EditorModule from './editor.ts';
import { nextTask } from './next-task.ts';

/**
 * Runs once per tab (loadEditorModule keeps its promise). A link Vite adds later for the same URL finds
 * the module fetched already (tests/e2e/editor-lazy.test.ts sees one request per chunk).
 */
function preloadModules(urls: readonly string[]): void {
  for (const href of urls) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
}

let loading: Promise<typeof EditorModule> | undefined;

export function loadEditorModule(): Promise<typeof EditorModule> {
  loading ??= (async () => {
    preloadModules(editorChunkUrls);
    await import('monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget.js');
    await nextTask();
    await import('monaco-editor/editor/editor.api.js');
    await nextTask();
    await import('./monaco-contributions.js');
    await nextTask();
    const editor = await import('./editor.ts');
    await nextTask();
    return editor;
  })();
  // A failed load (network) may be retried by the next activation.
  loading.catch(() => (loading = undefined));
  return loading;
}
