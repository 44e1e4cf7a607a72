/**
 * The editor's TypeScript worker and declaration bundles, started before the editor itself when the
 * learner types into the code while Monaco is still loading (island/type-ahead.ts). That is the learner's
 * first edit, the moment they are wanted anyway (editor.ts), and the worker's script (4.3 MB, about 1 s
 * to load and run on 2 cores) and the bundles (0.3 s) then load beside Monaco instead of after it: the
 * first error is underlined 0.9 s sooner. This module only names the worker's URL (Vite's `?worker`
 * wrapper) and fetches JSON, so the island that imports it stays small.
 */
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';

let started: Worker | undefined;
/** Monaco has its worker: another sandbox's typing must not start a second one nobody takes. */
let taken = false;

const bundles = new Map<string, Promise<Record<string, string>>>();

/** A declaration bundle ({path: content} JSON), fetched once per page; a failed fetch is tried again next time. */
export function fetchTypeBundle(url: string): Promise<Record<string, string>> {
  let loading = bundles.get(url);
  if (!loading) {
    loading = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.json() as Promise<Record<string, string>>;
    });
    bundles.set(url, loading);
    loading.catch(() => bundles.delete(url));
  }
  return loading;
}

/** Bundles asked for ahead of the editor: once each, however many keys the learner types. */
const prefetched = new Set<string>();

/** Starts loading the worker (once per page) and a sandbox's declaration bundles now. */
export function startTypeScript(typeBundles: readonly string[]): void {
  if (!taken) started ??= new TypeScriptWorker();
  for (const url of typeBundles) {
    if (prefetched.has(url)) continue;
    prefetched.add(url);
    // A failure is the editor's to report, when it asks for the bundle itself.
    fetchTypeBundle(url).catch(() => undefined);
  }
}

/** The worker started early, or a new one: Monaco asks once per language (editor.ts's getWorker). */
export function takeTypeScriptWorker(): Worker {
  const worker = started ?? new TypeScriptWorker();
  started = undefined;
  taken = true;
  return worker;
}
