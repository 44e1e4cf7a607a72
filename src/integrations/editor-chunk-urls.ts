/**
 * `virtual:course-editor-chunks`: the URLs of the chunks the editor loader (src/sandbox/editor-loader.ts)
 * imports after its first step, so it can ask for them all at once (`<link rel="modulepreload">`) and
 * still evaluate them one task at a time. Each is emitted as a chunk of its own (preserveSignature: false,
 * or the bundler puts a 69-byte facade at that URL and the code in another chunk), and the bundler writes
 * its final, hashed URL in. In dev there are no chunks and the list is empty; the steps then just wait.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ID = 'virtual:course-editor-chunks';
const RESOLVED = `\0${ID}`;
const CHUNKS = [
  import.meta.resolve('monaco-editor/editor/editor.api.js'),
  new URL('../sandbox/monaco-contributions.js', import.meta.url).href,
  new URL('../sandbox/editor.ts', import.meta.url).href,
].map((url) => fileURLToPath(url));

export function editorChunkUrlsPlugin(): Plugin {
  let building = false;
  return {
    name: 'course-editor-chunk-urls',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      if (!building) return 'export const editorChunkUrls = [];\n';
      const urls = CHUNKS.map((file) => `import.meta.ROLLUP_FILE_URL_${this.emitFile({ type: 'chunk', id: file, preserveSignature: false })}`);
      return `export const editorChunkUrls = [${urls.join(', ')}];\n`;
    },
  };
}
