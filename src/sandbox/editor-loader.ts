/**
 * Loads the editor module (editor.ts) and hands it over in a later task, so that evaluating Monaco
 * (3.7 MB of script) and creating the editor are two tasks instead of one of ~500 ms; between them the
 * browser handles input and paints.
 *
 * Evaluating Monaco in more steps (its core, then the contributions, then our module) kept every task
 * under 200 ms, but each step's chunk was then requested only after the one before had run: on a
 * 9 Mbps, 85 ms network activation took 2.1 s instead of 1.7 s. One import downloads every chunk at once.
 */
import type * as EditorModule from './editor.ts';

/** A new task: pending input and rendering run before the next step. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

let loading: Promise<typeof EditorModule> | undefined;

export function loadEditorModule(): Promise<typeof EditorModule> {
  loading ??= import('./editor.ts').then(async (editor) => {
    await nextTask();
    return editor;
  });
  // A failed load (network) may be retried by the next activation.
  loading.catch(() => (loading = undefined));
  return loading;
}
