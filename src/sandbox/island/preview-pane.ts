/** The live preview of a sandbox's own server: shown when its port is ready, hidden when the run ends. */
import { previewPage } from '../preview-url.ts';

export function showPreview(root: ParentNode, url: string, path: string): void {
  const frame = root.querySelector<HTMLIFrameElement>('[data-preview-frame]');
  const links = root.querySelector<HTMLElement>('[data-preview-links]');
  const waiting = root.querySelector<HTMLElement>('[data-preview-waiting]');
  if (!frame || !links || !waiting) return;
  const page = previewPage(url, path);
  frame.src = page;
  frame.hidden = false;
  links.hidden = false;
  waiting.hidden = true;
  openLink(links).href = page;
}

/** The "Open preview in a new tab" link, created on the first preview: the page ships no href-less <a>. */
function openLink(links: HTMLElement): HTMLAnchorElement {
  const existing = links.querySelector<HTMLAnchorElement>('a[data-preview-open]');
  if (existing) return existing;
  const open = document.createElement('a');
  open.dataset.previewOpen = '';
  open.target = '_blank';
  open.rel = 'noopener';
  open.textContent = links.dataset.openLabel ?? '';
  links.append(' ', open);
  return open;
}

export function hidePreview(root: ParentNode): void {
  const frame = root.querySelector<HTMLIFrameElement>('[data-preview-frame]');
  if (!frame) return;
  frame.hidden = true;
  frame.removeAttribute('src');
  const links = root.querySelector<HTMLElement>('[data-preview-links]');
  if (links) links.hidden = true;
  const waiting = root.querySelector<HTMLElement>('[data-preview-waiting]');
  if (waiting) waiting.hidden = false;
}

export function reloadPreview(root: ParentNode): void {
  const frame = root.querySelector<HTMLIFrameElement>('[data-preview-frame]');
  if (frame?.src) frame.src = frame.src;
}
