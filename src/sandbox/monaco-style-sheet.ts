/**
 * Adds one of Monaco's style sheets to the page when the editor chunk runs. Monaco's modules import
 * their CSS themselves; src/integrations/monaco-styles.ts turns each of those imports into a call to
 * this function, so the CSS arrives with the editor instead of being inlined into every lesson page
 * up front (Astro attaches CSS reached through a dynamic import() to the page: withastro/astro#9495).
 */
const added = new Map<string, HTMLStyleElement>();

export function adoptStyleSheet(name: string, css: string): void {
  if (added.has(name) || typeof document === 'undefined') return;
  if (added.size === 0) {
    // The ClientRouter's swap removes head elements the next page does not have; the editor chunk
    // loads once per tab, so put its sheets back (before the new page paints: after-swap is synchronous).
    document.addEventListener('astro:after-swap', () => {
      for (const sheet of added.values()) if (!sheet.isConnected) document.head.append(sheet);
    });
  }
  const style = document.createElement('style');
  style.dataset.monacoStyle = name;
  style.textContent = css;
  added.set(name, style);
  document.head.append(style);
}
