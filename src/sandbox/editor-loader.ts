/**
 * Loads the editor module (editor.ts) in steps, one task each, instead of one ~500 ms task: evaluating
 * Monaco's core (editor.api, 2.8 MB), then the editor contributions (0.9 MB), then the TypeScript language
 * with our own module, and the caller creates the editor in a task of its own. Between the steps the
 * browser handles input and paints, so activating a sandbox never holds the page for more than one step
 * (each under 200 ms on the bench machine, against one task of ~520 ms before). The cost is two request
 * round trips: each later chunk is asked for once the one before has run.
 */
import type * as EditorModule from './editor.ts';

/** A new task: pending input and rendering run before the next step. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

let loading: Promise<typeof EditorModule> | undefined;

export function loadEditorModule(): Promise<typeof EditorModule> {
  loading ??= (async () => {
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
