/**
 * Which runtime the page should use, as asked for from outside the picker: `?runtime=local` in the URL
 * (tests and automation), or the learner's saved choice in localStorage `brr:runtime` (which tests
 * may also set). Pure functions over a query string and a Storage, so they are tested without a page.
 */
import type { RuntimeKind } from './runtime.ts';

export const RUNTIME_CHOICE_KEY = 'brr:runtime';
export const RUNTIME_URL_PARAM = 'runtime';

/** The part of the Web Storage API used here (HTML §12.2.1); localStorage fits. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface RuntimeChoice {
  /** The learner's saved choice, or a one-off `?runtime=webcontainer`. */
  preferred?: RuntimeKind;
  /** `?runtime=local`: use the local runner without trying WebContainers at all. */
  forceLocal: boolean;
  /** How the local runner was forced, in words for the reason line. */
  forcedBy?: string;
}

export function readRuntimeChoice(input: { search: string; storage?: ChoiceStorage | undefined }): RuntimeChoice {
  const fromUrl = new URLSearchParams(input.search).get(RUNTIME_URL_PARAM);
  if (fromUrl === 'local') return { forceLocal: true, forcedBy: `?${RUNTIME_URL_PARAM}=local` };
  if (fromUrl === 'webcontainer') return { forceLocal: false, preferred: 'webcontainer' };
  const saved = readSaved(input.storage);
  return saved === undefined ? { forceLocal: false } : { forceLocal: false, preferred: saved };
}

/** Saves the learner's switch; `undefined` goes back to choosing automatically. */
export function saveRuntimeChoice(storage: ChoiceStorage | undefined, kind: RuntimeKind | undefined): void {
  try {
    if (kind === undefined) storage?.removeItem(RUNTIME_CHOICE_KEY);
    else storage?.setItem(RUNTIME_CHOICE_KEY, kind);
  } catch {
    // Storage blocked or full: the switch still applies to this page, it just is not remembered.
  }
}

function readSaved(storage: ChoiceStorage | undefined): RuntimeKind | undefined {
  let value: string | null | undefined;
  try {
    value = storage?.getItem(RUNTIME_CHOICE_KEY);
  } catch {
    return undefined; // Storage access can throw (blocked cookies); then there is no saved choice.
  }
  // Anything else (an old value, a typo made by hand) means "choose automatically".
  return value === 'local' || value === 'webcontainer' ? value : undefined;
}
