/**
 * The keys of the progress panel's sentences (export, import, reset). The words are in
 * locales/<lang>.yaml under `progressPanel:`; ProgressPanel.astro embeds them for the page's language and
 * scripts/progress-panel.ts fills their `{name}` placeholders with panelText.
 */
import { lookup, type LocaleStrings } from '../i18n/lookup.ts';

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
] as const;

export type PanelKey = (typeof PANEL_KEYS)[number];
export type PanelStrings = LocaleStrings<PanelKey>;

export function panelText(strings: PanelStrings, key: PanelKey, values: Record<string, string | number> = {}): string {
  return lookup(strings, key, values);
}
