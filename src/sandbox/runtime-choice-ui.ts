/**
 * What the runtime select offers, once the page knows whether this site has a local runner: on a
 * static host (GET /__runner/config answers 404) the "Local runner" option is removed instead of being
 * offered and ignored; where a runner exists and WebContainers run the code, a one-click switch to the
 * runner sits next to the status line, for when WebContainers fail (an install, a blocked network).
 */
import { uiText } from './ui-strings.ts';

/** Removes the local option (and falls back to automatic if it was chosen). */
export function withoutLocalChoice(select: HTMLSelectElement): void {
  const local = [...select.options].find((option) => option.value === 'local');
  if (!local) return;
  if (select.value === 'local') select.value = 'auto';
  local.remove();
}

/** Shows (or removes, with `show` false) a button that switches the select to the local runner. */
export function offerLocalRunner(status: HTMLElement, select: HTMLSelectElement, show: boolean): void {
  const existing = status.parentElement?.querySelector<HTMLButtonElement>('[data-switch-local]');
  if (!show) {
    existing?.remove();
    return;
  }
  if (existing) return;
  const button = status.ownerDocument.createElement('button');
  button.type = 'button';
  button.dataset.switchLocal = '';
  button.className = 'sandbox-switch-local';
  button.textContent = uiText('runtime.switchLocal');
  button.addEventListener('click', () => {
    select.value = 'local';
    select.dispatchEvent(new Event('change'));
    button.remove();
  });
  status.after(button);
}
