/// <reference types="astro/client" />

// Plain `tsc` cannot read .astro files (Astro's compiler checks them); this lets `tsc -p tsconfig.src.json`
// (tests/unit/typescript-src.test.ts) check every TypeScript module of src/ against the real libraries' types.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}

// The editor's later chunks, for the loader to preload (src/integrations/editor-chunk-urls.ts).
declare module 'virtual:course-editor-chunks' {
  export const editorChunkUrls: readonly string[];
}

// The editor loader's first step (src/sandbox/editor-loader.ts) imports it only to run it; Monaco ships no
// declarations for its internal modules.
declare module 'monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget.js';
