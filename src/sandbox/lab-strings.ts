/**
 * The keys of the lab view's, the two-tab notice's and Compare's inline-mode words. The words are in
 * locales/<lang>.yaml under `lab:`; Sandbox.astro embeds that section for the page's language and labText
 * fills its `{name}` placeholders. Kept apart from ui-strings.ts so the parts of the sandbox UI that
 * several people change at once do not all edit one table.
 */
import { lookup } from '../i18n/lookup.ts';
import { sectionStrings } from '../i18n/page-strings.ts';

export const LAB_KEYS = [
  'lab.open',
  'lab.openTitle',
  'lab.close',
  'lab.closeHint',
  'lab.dialogLabel',
  'lab.task',
  'lab.fromLesson',
  'lab.opened',
  'lab.closed',
  'lab.resizeTask',
  'lab.resizeEditor',
  'lab.resizeOutput',
  'compare.headingInline',
  'compare.firstDifference',
  'sync.newer',
  'sync.load',
  'sync.keep',
  'sync.loaded',
  'sync.kept',
  'sync.held',
] as const;

export type LabUiKey = (typeof LAB_KEYS)[number];

export function labText(key: LabUiKey, values: Record<string, string | number> = {}): string {
  return lookup(sectionStrings('lab'), key, values);
}
