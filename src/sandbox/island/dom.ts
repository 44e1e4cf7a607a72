/** Small DOM helpers the sandbox island's parts share: finding its markup, and its two message regions. */

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The element the server-rendered markup must contain; a missing one is a bug between the two files. */
export function el<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The sandbox markup has no ${selector}; src/components/Sandbox.astro and src/sandbox/island.ts are out of step.`);
  return found;
}

export function button(root: ParentNode, action: string): HTMLButtonElement {
  return el<HTMLButtonElement>(root, `[data-action="${action}"]`);
}

/** The visible line under the editor (loading, restored edits, compare state). */
export function note(root: ParentNode, text: string, state?: 'error'): void {
  const target = el<HTMLElement>(root, '[data-editor-note]');
  target.textContent = text;
  if (state) target.dataset.state = state;
  else delete target.dataset.state;
}

/** Says `text` through the sandbox's polite live region. */
export function announce(root: ParentNode, text: string): void {
  const region = el<HTMLElement>(root, '[data-announce]');
  // Clearing first makes screen readers repeat an identical message (e.g. a second failing check).
  region.textContent = '';
  window.setTimeout(() => (region.textContent = text), 50);
}
