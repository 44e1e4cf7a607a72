/**
 * The keys of the progress panel's sentences (export, import, reset). The words are in
 * locales/<lang>.yaml under `progressPanel:`; ProgressPanel.astro embeds them for the page's language and
 * scripts/progress-panel.ts fills their `{name}` placeholders with panelText.
 */
import { lookup, type LocaleStrings } from '../i18n/lookup.ts';
import { sectionStrings } from '../i18n/page-strings.ts';

export const PANEL_KEYS = [
  'exported',
  'imported',
  'importedCode',
  'keptNewer',
  'resetTitle',
  'resetText',
  'resetCode',
  'resetNoCode',
  'resetConfirm',
  'resetCancel',
  'resetDoneKept',
  'resetDoneCleared',
  'resetCancelled',
  'error.notJson',
  'error.notExport',
  'error.newerFormat',
  'error.progressDamaged',
  'error.codeNotList',
  'error.codeForeignKey',
  'error.codeDamaged',
] as const;

export type PanelKey = (typeof PANEL_KEYS)[number];
export type PanelStrings = LocaleStrings<PanelKey>;

/** Why an import was refused, in the page's words; the parsers take one so they stay free of the DOM. */
export type ImportErrorText = (key: PanelKey & `error.${string}`, values?: Record<string, string | number>) => string;

/** Outside a page (tests, scripts): English from locales/en.yaml. A page passes its own table's words. */
export const englishImportError: ImportErrorText = (key, values = {}) => lookup(sectionStrings('progressPanel') as PanelStrings, key, values);

export function panelText(strings: PanelStrings, key: PanelKey, values: Record<string, string | number> = {}): string {
  return lookup(strings, key, values);
}
