/**
 * The TypeScript options every sandbox's starter, solution, mistakes and tests are checked with, by
 * `npm run check` (src/sandbox/type-check.ts) and `npm run check:sandboxes`. They are the rules Node 22's
 * type stripping runs by, plus strict mode: ES modules resolved as Node resolves them, `.ts` extensions in
 * relative imports, `import type` for types, and only syntax that can be erased (no `enum`, `namespace`,
 * parameter properties or `import x = require()`). The authoring guide lists them; keep the two in step
 * (tests/content/sandbox-types.test.ts compares them).
 */
export const SANDBOX_COMPILER_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  target: 'es2023',
  lib: ['es2023'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  erasableSyntaxOnly: true,
  skipLibCheck: true,
  // fetch, streams and TextDecoder come from Node's own type declarations, not the DOM library.
  types: ['node'],
} as const;

/**
 * The `lib` of the editor's TypeScript (src/sandbox/editor.ts): ECMAScript only, as Node's globals come from
 * @types/node. The editor's worker carries no browser-host libraries (src/integrations/typescript-worker-libs.ts).
 */
export const EDITOR_LIBS: readonly string[] = ['es2024'];
