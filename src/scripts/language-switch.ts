/**
 * The language switch and the offer banner in the browser. A click on a switch (or the offer's link)
 * remembers the edition chosen and carries the #anchor over, since heading ids are the same in every
 * edition. On a page whose language differs from the remembered choice (or, with none, from the
 * browser's languages), the offer banner for that edition is shown; "stay" remembers this page's language.
 * Nothing ever redirects.
 */
import { languageToOffer } from '../i18n/edition-paths.ts';

export const LANGUAGE_KEY = 'brr:lang';

function stored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

function remember(lang: string): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // storage blocked: the switch still works, it just is not remembered
  }
}

const SWITCH_LINKS = '[data-language-switch] a[data-same-page], [data-language-offer] a[data-same-page]';

/** The switch links carry the current #anchor, so "open in new tab" and a copied link keep the section too. */
export function syncSwitchAnchor(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>(SWITCH_LINKS)) link.hash = location.hash;
}

/**
 * Once per tab: clicks are delegated, so pages swapped in by the ClientRouter need nothing more. Capture
 * phase, so the anchor is on the link before the ClientRouter (listening on document too) reads its href.
 */
export function listenToLanguageSwitch(): void {
  window.addEventListener('hashchange', syncSwitchAnchor);
  document.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const link = target?.closest<HTMLAnchorElement>('[data-language-switch] a[hreflang], [data-language-offer] a[hreflang]');
    if (link) {
      remember(link.hreflang);
      if (link.hasAttribute('data-same-page') && location.hash) link.hash = location.hash;
      return;
    }
    const dismiss = target?.closest('[data-offer-dismiss]');
    if (dismiss) {
      remember(document.documentElement.lang);
      dismiss.closest<HTMLElement>('[data-language-offer]')?.setAttribute('hidden', '');
    }
  }, true);
}

/** On every page: show the one offer worth showing, if any. */
export function showLanguageOffer(): void {
  syncSwitchAnchor();
  const offers = [...document.querySelectorAll<HTMLElement>('[data-language-offer]')];
  if (offers.length === 0) return;
  const pageLang = document.documentElement.lang;
  const offer = languageToOffer({
    pageLang,
    available: [pageLang, ...offers.map((element) => element.dataset.languageOffer ?? '')],
    stored: stored(),
    browser: navigator.languages?.length ? navigator.languages : [navigator.language],
  });
  for (const element of offers) element.hidden = element.dataset.languageOffer !== offer;
}
