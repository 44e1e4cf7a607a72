/**
 * The server-rendered code blocks shown before the editor loads. They hold the starter; saved edits, a
 * reset or an undo replace their text (as plain text: the highlighted HTML is the starter's).
 */
import { resetEditable } from './type-ahead.ts';

/** Writes `files` into the static blocks, skipping paths where `unchanged(path, text)`; returns whether any changed. */
export function showInStaticBlocks(root: ParentNode, files: Record<string, string>, unchanged: (path: string, text: string) => boolean = () => false): boolean {
  let changed = false;
  for (const block of root.querySelectorAll<HTMLElement>('[data-static-path]')) {
    const path = block.dataset.staticPath ?? '';
    const content = files[path];
    if (content === undefined || unchanged(path, content)) continue;
    showAsPlainText(block, content);
    changed = true;
  }
  return changed;
}

/**
 * Shows `path`'s block and hides the others (all of them while the editor is shown). The page carries a
 * block for the first file only (static-starter.ts); another file gets one the first time its tab is
 * chosen, made from the first block's markup with `text` as plain text.
 */
export function showStaticBlock(root: ParentNode, path: string, text: string, editorShown: boolean): void {
  const blocks = [...root.querySelectorAll<HTMLElement>('[data-static-path]')];
  const first = blocks[0];
  if (first && !blocks.some((block) => block.dataset.staticPath === path)) {
    const block = first.cloneNode(true) as HTMLElement;
    block.dataset.staticPath = path;
    // The first block may be in type-ahead; the copy starts as read-only code like any other block.
    const pre = block.querySelector('pre');
    if (pre) resetEditable(pre);
    showAsPlainText(block, text);
    block.querySelector('.sandbox-static-name')?.replaceChildren(path);
    blocks.at(-1)!.after(block);
    blocks.push(block);
  }
  for (const block of blocks) block.hidden = block.dataset.staticPath !== path || editorShown;
}

/**
 * New text in a block, uncoloured: the block's colour ranges (src/scripts/code-colours.ts) describe the
 * starter's text, and painted over other text they would colour the wrong characters.
 */
function showAsPlainText(block: HTMLElement, text: string): void {
  const pre = block.querySelector('pre');
  pre?.removeAttribute('data-code-colours');
  const code = block.querySelector('code') ?? pre;
  if (code) code.textContent = text;
}
