/**
 * Adds one of Monaco's style sheets to the page when the editor chunk runs. Monaco's modules import
 * their CSS themselves; src/integrations/monaco-styles.ts turns each of those imports into a call to
 * this function, so the CSS arrives with the editor instead of being inlined into every lesson page
 * up front (Astro attaches CSS reached through a dynamic import() to the page: withastro/astro#9495).
 */
const added = new Set<string>();

export function adoptStyleSheet(name: string, css: string): void {
  if (added.has(name) || typeof document === 'undefined') return;
  added.add(name);
  const style = document.createElement('style');
  style.dataset.monacoStyle = name;
  style.textContent = css;
  document.head.append(style);
}
