/** The one script every page loads: theme toggle, search shortcut, progress marks, copy buttons, diagram viewer. */
import { setupThemeToggle } from './theme.ts';
import { setupProgressMarks } from './progress-marks.ts';
import { setupCopyButtons } from './copy-code.ts';

setupThemeToggle();
setupProgressMarks();

const live = document.getElementById('site-announcer');
const strings = document.documentElement.dataset;
setupCopyButtons(strings.strCopy ?? 'Copy', strings.strCopied ?? 'Copied', live);

// Opened from a search result: mark the words searched for (search-highlight.ts).
if (new URLSearchParams(location.search).has('highlight')) void import('./search-highlight.ts').then(({ setupSearchHighlight }) => setupSearchHighlight());
// Only pages with diagrams load the full-screen viewer.
if (document.querySelector('figure.diagram svg')) void import('./diagram-viewer.ts').then(({ setupDiagramViewer }) => setupDiagramViewer());

const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
// One promise, not a flag: a second Ctrl+K while search.ts is still loading must wait for the same setup
// instead of opening a dialog whose input does nothing yet.
let searchSetup: Promise<void> | undefined;
async function openSearch(): Promise<void> {
  if (!dialog) return;
  searchSetup ??= import('./search.ts').then(({ setupSearch }) => {
    setupSearch(dialog);
    // The readiness signal tests (and anything else) can wait for: the search code is wired up.
    dialog.dataset.searchReady = '';
  });
  await searchSetup;
  if (!dialog.open) dialog.showModal();
  dialog.querySelector<HTMLInputElement>('[data-search-input]')?.select();
}
document.querySelector('[data-search-open]')?.addEventListener('click', () => void openSearch());
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
    event.preventDefault();
    void openSearch();
  }
});
dialog?.addEventListener('click', (event) => {
  if (event.target === dialog) dialog.close(); // a click on the backdrop closes, as in most search UIs
});
