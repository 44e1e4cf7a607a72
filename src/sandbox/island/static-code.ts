/**
 * The server-rendered code blocks shown before the editor loads. They hold the starter; saved edits, a
 * reset or an undo replace their text (as plain text: the highlighted HTML is the starter's).
 */

/** Writes `files` into the static blocks, skipping paths where `unchanged(path, text)`; returns whether any changed. */
export function showInStaticBlocks(root: ParentNode, files: Record<string, string>, unchanged: (path: string, text: string) => boolean = () => false): boolean {
  let changed = false;
  for (const block of root.querySelectorAll<HTMLElement>('[data-static-path]')) {
    const path = block.dataset.staticPath ?? '';
    const content = files[path];
    if (content === undefined || unchanged(path, content)) continue;
    const code = block.querySelector('code') ?? block.querySelector('pre');
    if (code) code.textContent = content;
    changed = true;
  }
  return changed;
}
