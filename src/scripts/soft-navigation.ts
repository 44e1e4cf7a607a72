/**
 * What the ClientRouter's page swap must not throw away (issue #14: one WebContainer per tab, kept
 * across lessons, as TutorialKit keeps its runtime across its client-side navigations).
 *
 * WebContainer.boot() (@webcontainer/api 1.6.4, dist/index.js) appends a hidden iframe to <body>; the
 * whole container lives in it. Astro's default swap replaces <body>, which would remove that iframe and
 * kill the container, and even `transition:persist` moves the element, which reloads an iframe in
 * browsers without Element.moveBefore (Firefox and Safari as of 2026). So the swap here replaces the
 * body's content and attributes but leaves children marked `data-keep-across-pages` where they are.
 *
 * The theme is carried into the incoming page before it is shown: its <html> says data-theme="light"
 * as rendered, and the root attributes are swapped, which would flash a dark-mode reader white.
 */
import { swapFunctions } from 'astro:transitions/client';
import type { TransitionBeforeSwapEvent } from 'astro:transitions/client';

export const KEEP_ATTRIBUTE = 'data-keep-across-pages';

/** Replaces `body`'s attributes and children with `next`'s, leaving kept children in place (not moved). */
export function swapBodyKeeping(body: HTMLElement, next: HTMLElement): void {
  for (const { name } of [...body.attributes]) body.removeAttribute(name);
  for (const { name, value } of [...next.attributes]) body.setAttribute(name, value);
  const kept = [...body.childNodes].filter((node) => node instanceof Element && node.hasAttribute(KEEP_ATTRIBUTE));
  for (const node of [...body.childNodes]) if (!kept.includes(node)) node.remove();
  const first = body.firstChild;
  for (const node of [...next.childNodes]) body.insertBefore(node, first);
}

let installed = false;

export function keepRuntimeAcrossPages(): void {
  if (installed) return;
  installed = true;
  document.addEventListener('astro:before-swap', (event) => {
    const swap = event as TransitionBeforeSwapEvent;
    const theme = document.documentElement.dataset.theme;
    if (theme) swap.newDocument.documentElement.dataset.theme = theme;
    // Always this swap, not only once something is kept: the <body> element itself then stays, so an
    // observer on it (webcontainer-boot.ts watches for the container's iframe) survives a swap mid-boot.
    swap.swap = () => {
      swapFunctions.deselectScripts(swap.newDocument);
      swapFunctions.swapRootAttributes(swap.newDocument);
      swapFunctions.swapHeadElements(swap.newDocument);
      const restoreFocus = swapFunctions.saveFocus();
      swapBodyKeeping(document.body, swap.newDocument.body);
      restoreFocus();
    };
  });
}
