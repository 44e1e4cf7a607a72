/**
 * Export, import and reset on the home page. Export saves progress and every exercise's saved code
 * (src/progress/export-file.ts); import validates the whole file first, then merges progress and
 * restores code (src/progress/code-backup.ts); reset asks in a dialog whether saved code goes too
 * (by default it stays) and says what it cleared.
 */
import { importProgress, loadProgress, resetProgress } from '../progress/store.ts';
import { buildExport, parseExportFile } from '../progress/export-file.ts';
import { clearCode, collectCode, restoreCode, savedExercises } from '../progress/code-backup.ts';
import { stringsOf } from '../i18n/lookup.ts';
import { panelText as panelWords, type PanelKey } from '../progress/panel-strings.ts';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function setupProgressPanel(panel: HTMLElement): void {
  const strings = stringsOf<PanelKey>(panel);
  const panelText = (key: PanelKey, values: Record<string, string | number> = {}) => panelWords(strings, key, values);
  const message = panel.querySelector<HTMLElement>('[data-progress-message]');
  const say = (text: string, error = false) => {
    if (!message) return;
    message.textContent = text;
    message.toggleAttribute('data-error', error);
  };

  panel.querySelector('[data-progress-export]')?.addEventListener('click', () => {
    const file = `course-progress-${new Date().toISOString().slice(0, 10)}.json`;
    const store = storage();
    const text = buildExport(loadProgress(), store ? collectCode(store) : {});
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: file });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    say(panelText('exported', { file, count: store ? savedExercises(store).length : 0 }));
  });

  const input = panel.querySelector<HTMLInputElement>('[data-progress-import]');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const result = parseExportFile(await file.text(), (key, values) => panelText(key, values));
    input.value = '';
    if (!result.ok || !result.progress) return say(result.error ?? '', true);
    importProgress(result.progress);
    const store = storage();
    const parts = [panelText('imported')];
    if (store && result.code && Object.keys(result.code).length > 0) {
      const report = restoreCode(store, result.code);
      parts.push(panelText('importedCode', { restored: report.restored.length }));
      if (report.keptNewer.length > 0) parts.push(panelText('keptNewer', { ids: report.keptNewer.join(', ') }));
    }
    say(parts.join(' '));
  });

  const dialog = panel.querySelector<HTMLDialogElement>('[data-reset-dialog]');
  const alsoCode = panel.querySelector<HTMLInputElement>('[data-reset-code]');
  const codeLabel = panel.querySelector<HTMLElement>('[data-reset-code-label]');
  panel.querySelector('[data-progress-reset]')?.addEventListener('click', () => {
    if (!dialog || !alsoCode || !codeLabel) return;
    const count = savedExercises(storage() ?? localStorageStub).length;
    alsoCode.checked = false; // the safe choice is the default: code stays
    alsoCode.disabled = count === 0;
    codeLabel.textContent = count === 0 ? panelText('resetNoCode') : panelText('resetCode', { count });
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog?.addEventListener('close', () => {
    if (dialog.returnValue !== 'reset') {
      say(panelText('resetCancelled'));
      return;
    }
    resetProgress();
    const store = storage();
    if (alsoCode?.checked && store) say(panelText('resetDoneCleared', { count: clearCode(store).length }));
    else say(panelText('resetDoneKept', { count: store ? savedExercises(store).length : 0 }));
  });
}

const localStorageStub = { length: 0, key: () => null, getItem: () => null, setItem: () => undefined, removeItem: () => undefined };
