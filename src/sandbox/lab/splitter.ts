/**
 * A window splitter (WAI-ARIA APG "Window Splitter"): a focusable `role="separator"` whose value is the
 * size of the pane before it, in percent. Arrow keys move it by 2 (Shift: 10), Home and End to its
 * limits; a pointer drags it. The caller turns the value into CSS.
 */
import { LAB_SIZE_BOUNDS, clampSize, sizeForKey, type LabSize } from './layout-state.ts';

export interface SplitterSetup {
  which: LabSize;
  /** `vertical`: a bar between left and right panes, moved with Left/Right. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The id of the pane whose size the value is. */
  controls: string;
  value: number;
  /** How many pixels 100 % is: the size of what the percentages are of. */
  span(): number;
  onChange(value: number): void;
  /** When a drag or key press is over: the moment to store the size. */
  onCommit(value: number): void;
}

export function createSplitter(setup: SplitterSetup): HTMLElement {
  const bar = document.createElement('div');
  bar.className = `lab-splitter lab-splitter-${setup.orientation}`;
  bar.setAttribute('role', 'separator');
  bar.setAttribute('aria-orientation', setup.orientation);
  bar.setAttribute('aria-label', setup.label);
  bar.setAttribute('aria-controls', setup.controls);
  bar.setAttribute('aria-valuemin', String(LAB_SIZE_BOUNDS[setup.which].min));
  bar.setAttribute('aria-valuemax', String(LAB_SIZE_BOUNDS[setup.which].max));
  bar.dataset.split = setup.which;
  bar.tabIndex = 0;
  let value = setup.value;
  const set = (next: number) => {
    value = clampSize(setup.which, next);
    bar.setAttribute('aria-valuenow', String(Math.round(value)));
    setup.onChange(value);
  };
  set(value);

  bar.addEventListener('keydown', (event) => {
    const next = sizeForKey(setup.which, value, event.key, event.shiftKey, setup.orientation);
    if (next === undefined) return;
    event.preventDefault();
    set(next);
    setup.onCommit(value);
  });

  bar.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    bar.setPointerCapture(event.pointerId);
    // An iframe under the pointer would swallow the moves; the lab turns its pointer events off meanwhile.
    bar.closest('course-sandbox')?.setAttribute('data-resizing', '');
    bar.focus();
    // Relative to where the drag began: the bar need not sit exactly at the pane's edge (buttons may lie between).
    const start = value;
    const from = setup.orientation === 'vertical' ? event.clientX : event.clientY;
    const span = setup.span();
    const move = (moved: PointerEvent) => {
      const at = setup.orientation === 'vertical' ? moved.clientX : moved.clientY;
      if (span > 0) set(start + ((at - from) / span) * 100);
    };
    const end = () => {
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', end);
      bar.removeEventListener('pointercancel', end);
      bar.closest('course-sandbox')?.removeAttribute('data-resizing');
      setup.onCommit(value);
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', end);
    bar.addEventListener('pointercancel', end);
  });
  return bar;
}
