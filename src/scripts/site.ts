/** The one script every page loads: theme toggle, search shortcut, progress marks, copy buttons. */
import { setupThemeToggle } from './theme.ts';
import { setupProgressMarks } from './progress-marks.ts';
import { setupCopyButtons } from './copy-code.ts';

setupThemeToggle();
setupProgressMarks();

const live = document.getElementById('site-announcer');
const strings = document.documentElement.dataset;
setupCopyButtons(strings.strCopy ?? 'Copy', strings.strCopied ?? 'Copied', live);

const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
let searchReady = false;
async function openSearch(): Promise<void> {
  if (!dialog) return;
  if (!searchReady) {
    searchReady = true;
    const { setupSearch } = await import('./search.ts');
    setupSearch(dialog);
  }
  dialog.showModal();
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
