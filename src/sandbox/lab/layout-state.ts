/**
 * What the lab view remembers across reloads: whether it is open (in the URL hash, so a reload or a
 * shared link reopens it and Back in another page is unaffected) and the split sizes (in localStorage,
 * one set for every sandbox: they are a preference about the screen, not about an exercise).
 */
export const LAB_LAYOUT_KEY = 'brr:lab-layout';
/** `#lab` opens the page's first sandbox; `#lab-<sandboxId>` a given one. */
export const LAB_HASH_PREFIX = '#lab';

export interface LabSizes {
  /** Width of the task pane, in percent of the lab's width. */
  task: number;
  /** Height of the editor block, in percent of the work area's height. */
  editor: number;
  /** Width of the output pane beside the preview, in percent of the panes' width. */
  output: number;
}

export type LabSize = keyof LabSizes;

/** Defaults chosen so that at 1280×800 the preview is over 600 px wide (chat lines do not wrap word by word). */
export const DEFAULT_LAB_SIZES: LabSizes = { task: 25, editor: 55, output: 33 };

/** Each split keeps both of its panes usable: nothing shrinks below these bounds, in percent. */
export const LAB_SIZE_BOUNDS: Record<LabSize, { min: number; max: number }> = {
  task: { min: 15, max: 60 },
  editor: { min: 20, max: 80 },
  output: { min: 20, max: 70 },
};

export function clampSize(which: LabSize, value: number): number {
  const { min, max } = LAB_SIZE_BOUNDS[which];
  if (!Number.isFinite(value)) return DEFAULT_LAB_SIZES[which];
  return Math.round(Math.min(max, Math.max(min, value)) * 10) / 10;
}

/** Reads stored sizes, repairing each field on its own: one bad number does not reset the others. */
export function parseLabSizes(raw: string | null | undefined): LabSizes {
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : undefined;
  } catch {
    value = undefined;
  }
  const stored = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const pick = (which: LabSize) => (typeof stored[which] === 'number' ? clampSize(which, stored[which]) : DEFAULT_LAB_SIZES[which]);
  return { task: pick('task'), editor: pick('editor'), output: pick('output') };
}

/** The hash that keeps `sandboxId` open in the lab view. */
export function labHash(sandboxId: string): string {
  return `${LAB_HASH_PREFIX}-${sandboxId}`;
}

/**
 * Whether `hash` asks for the lab view of `sandboxId`. A bare `#lab` means the first sandbox of the
 * page, which only the caller knows (`isFirst`).
 */
export function hashOpensLab(hash: string, sandboxId: string, isFirst: boolean): boolean {
  if (hash === LAB_HASH_PREFIX) return isFirst;
  return hash === labHash(sandboxId);
}

/** The value a separator moves to for a key press, or undefined for keys it leaves alone (WAI-ARIA APG window splitter). */
export function sizeForKey(which: LabSize, current: number, key: string, shift: boolean, orientation: 'vertical' | 'horizontal'): number | undefined {
  const step = shift ? 10 : 2;
  const { min, max } = LAB_SIZE_BOUNDS[which];
  const smaller = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
  const larger = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
  if (key === smaller) return clampSize(which, current - step);
  if (key === larger) return clampSize(which, current + step);
  if (key === 'Home') return min;
  if (key === 'End') return max;
  return undefined;
}
