/**
 * The one script every page loads: code colours, theme toggle, search shortcut, progress marks, copy
 * buttons, search highlights, the diagram viewer.
 * Under the ClientRouter it runs once per tab: what lives on the page's elements is set up again on
 * every page (onEveryPage), what listens on `document` once.
 */
import { setupThemeToggle } from './theme.ts';
import { setupProgressMarks } from './progress-marks.ts';
import { setupCopyButtons } from './copy-code.ts';
import { paintCodeColours } from './code-colours.ts';
import { onEveryPage } from './page-load.ts';
import { keepRuntimeAcrossPages } from './soft-navigation.ts';
import { listenToLanguageSwitch, showLanguageOffer } from './language-switch.ts';
import { trackScrollingTables } from './scrollable-tables.ts';

keepRuntimeAcrossPages();
listenToLanguageSwitch();

/** One setup per dialog element, not a flag: each page swap brings a new header and dialog. */
const searchSetups = new WeakMap<HTMLDialogElement, Promise<void>>();

function searchDialog(): HTMLDialogElement | null {
  return document.querySelector<HTMLDialogElement>('[data-search-dialog]');
}

// One promise per dialog: a second Ctrl+K while search.ts is still loading must wait for the same setup
// instead of opening a dialog whose input does nothing yet.
async function openSearch(): Promise<void> {
  const dialog = searchDialog();
  if (!dialog) return;
  let setup = searchSetups.get(dialog);
  if (!setup) {
    setup = import('./search.ts').then(({ setupSearch }) => {
      setupSearch(dialog);
      // The readiness signal tests (and anything else) can wait for: the search code is wired up.
      dialog.dataset.searchReady = '';
    });
    searchSetups.set(dialog, setup);
  }
  await setup;
  if (!dialog.open) dialog.showModal();
  dialog.querySelector<HTMLInputElement>('[data-search-input]')?.select();
}

document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
    event.preventDefault();
    void openSearch();
  }
});

onEveryPage(() => {
  paintCodeColours();
  setupThemeToggle();
  showLanguageOffer();
  trackScrollingTables();
  setupProgressMarks();
  const live = document.getElementById('site-announcer');
  const strings = document.documentElement.dataset;
  setupCopyButtons(strings.strCopy ?? 'Copy', strings.strCopied ?? 'Copied', live);
  document.querySelector('[data-search-open]')?.addEventListener('click', () => void openSearch());
  // Opened from a search result: mark the words searched for (search-highlight.ts).
  // The marks split code blocks' text nodes, so their colours are painted again over the new nodes.
  if (new URLSearchParams(location.search).has('highlight')) {
    void import('./search-highlight.ts').then(({ setupSearchHighlight }) => {
      setupSearchHighlight();
      paintCodeColours();
    });
  }
  // Only pages with diagrams load the full-screen buttons (and the viewer when a reader reaches for one).
  if (document.querySelector('figure.diagram svg')) void import('./diagram-buttons.ts').then(({ setupDiagramButtons }) => setupDiagramButtons());
  const dialog = searchDialog();
  dialog?.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop closes, as in most search UIs
  });
});
