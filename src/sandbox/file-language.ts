/**
 * Which language a sandbox file is, by its extension, for the two highlighters that show it: Shiki
 * (the static first paint, Astro's <Code>) and Monaco (the editor). Monaco here only loads TypeScript
 * and JavaScript (src/sandbox/editor.ts); other files are edited as plain text.
 */
const SHIKI: Record<string, string> = {
  ts: 'ts', mts: 'ts', cts: 'ts',
  js: 'js', mjs: 'js', cjs: 'js',
  json: 'json', html: 'html', css: 'css', md: 'md', yaml: 'yaml', yml: 'yaml', txt: 'plaintext',
};
const MONACO: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript',
};

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Shiki's language id for a file, `plaintext` when unknown. */
export function shikiLanguage(path: string): string {
  return SHIKI[extension(path)] ?? 'plaintext';
}

/** Monaco's language id for a file, `plaintext` when the editor has no support loaded for it. */
export function monacoLanguage(path: string): string {
  return MONACO[extension(path)] ?? 'plaintext';
}
