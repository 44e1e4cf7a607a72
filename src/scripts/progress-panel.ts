import { exportProgress, importProgress, resetProgress } from '../progress/store.ts';
import { parseImport } from '../progress/model.ts';

export function setupProgressPanel(panel: HTMLElement): void {
  const message = panel.querySelector<HTMLElement>('[data-progress-message]');
  const say = (text: string, error = false) => {
    if (!message) return;
    message.textContent = text;
    message.toggleAttribute('data-error', error);
  };
  const strings = panel.dataset;

  panel.querySelector('[data-progress-export]')?.addEventListener('click', () => {
    const file = `course-progress-${new Date().toISOString().slice(0, 10)}.json`;
    const url = URL.createObjectURL(new Blob([exportProgress()], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: file });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    say((strings.strExported ?? '').replace('{file}', file));
  });

  const input = panel.querySelector<HTMLInputElement>('[data-progress-import]');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const result = parseImport(await file.text());
    input.value = '';
    if (!result.ok || !result.progress) return say(result.error ?? '', true);
    importProgress(result.progress);
    say(strings.strImported ?? '');
  });

  panel.querySelector('[data-progress-reset]')?.addEventListener('click', () => {
    if (!confirm(strings.strResetConfirm ?? 'Reset progress?')) return;
    resetProgress();
    say(strings.strResetDone ?? '');
  });
}
