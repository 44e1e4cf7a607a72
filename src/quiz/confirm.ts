/**
 * Asks before "Start over" throws answers away, with the quiz's own `<dialog data-reset-confirm>` that
 * Quiz.astro renders: a native modal dialog traps focus, closes on Escape (which keeps the answers) and
 * returns focus to the button that opened it. The safe choice ("Keep my answers") has focus first.
 */
export function askToConfirm(dialog: HTMLDialogElement | null, fallbackQuestion: string): Promise<boolean> {
  // Markup from an older build without the dialog: still ask, with the browser's own box.
  if (!dialog || typeof dialog.showModal !== 'function') return Promise.resolve(window.confirm(fallbackQuestion));
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
  });
}
