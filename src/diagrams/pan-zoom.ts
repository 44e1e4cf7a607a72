/**
 * Pan and zoom for the full-screen diagram viewer, as pure functions over a view state. The content is
 * drawn with `transform: translate(x, y) scale(scale)` and `transform-origin: 0 0`, so a content point p
 * appears on screen at (x + p·scale); every function keeps that one rule, and the DOM code only applies
 * the result.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Limits {
  min: number;
  max: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Zoom steps for keys and buttons: 25 % per press feels like map viewers; pinch and wheel are continuous. */
export const ZOOM_STEP = 1.25;
/** Arrow keys move the diagram by this many CSS pixels (Shift moves five times as far). */
export const PAN_STEP = 40;
/** Never zoom out past fitting, never in past 8×: a 16-unit label is then 128 px tall. */
export function zoomLimits(fitScale: number): Limits {
  return { min: Math.min(fitScale, 1), max: Math.max(8, fitScale) };
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** The whole content, centred in the viewport, as large as fits (never enlarged past its natural size × `cap`). */
export function fitView(content: Size, viewport: Size, cap = 1): View {
  const scale = Math.min(viewport.width / content.width, viewport.height / content.height, cap);
  return {
    scale,
    x: (viewport.width - content.width * scale) / 2,
    y: (viewport.height - content.height * scale) / 2,
  };
}

/**
 * Keeps the content reachable: when it is smaller than the viewport it stays centred on that axis;
 * when larger, its edges may not come inside the viewport's edges (no panning off into empty space).
 */
export function constrain(view: View, content: Size, viewport: Size): View {
  const axis = (offset: number, contentLength: number, viewportLength: number) => {
    const scaled = contentLength * view.scale;
    if (scaled <= viewportLength) return (viewportLength - scaled) / 2;
    return clamp(offset, viewportLength - scaled, 0);
  };
  return { scale: view.scale, x: axis(view.x, content.width, viewport.width), y: axis(view.y, content.height, viewport.height) };
}

/** Multiplies the scale by `factor` (within limits) keeping the screen point `at` over the same content point. */
export function zoomAt(view: View, factor: number, at: Point, limits: Limits): View {
  const scale = clamp(view.scale * factor, limits.min, limits.max);
  const ratio = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

/**
 * A two-finger gesture from one pair of touch points to the next: zoom by the change in their distance
 * about their midpoint, and move with the midpoint.
 */
export function pinch(view: View, before: [Point, Point], after: [Point, Point], limits: Limits): View {
  const distance = ([a, b]: [Point, Point]) => Math.hypot(b.x - a.x, b.y - a.y);
  const middle = ([a, b]: [Point, Point]): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const start = distance(before);
  const factor = start > 0 ? distance(after) / start : 1;
  const from = middle(before);
  const to = middle(after);
  return panBy(zoomAt(view, factor, from, limits), to.x - from.x, to.y - from.y);
}

/**
 * Wheel zoom factor: exponential in the scroll distance so zooming in and back out by the same distance
 * returns to the same scale. `deltaMode` 1 (lines) is converted at 16 px a line.
 */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-clamp(pixels, -200, 200) / 300);
}

export type KeyAction = { kind: 'zoom'; factor: number } | { kind: 'pan'; dx: number; dy: number } | { kind: 'fit' };

/**
 * What a key does in the viewer: + / = zoom in, - / _ zoom out, 0 fits, arrows pan (the diagram moves
 * the other way, as a map does when you look further right). Modifier shortcuts (Ctrl/⌘) are left to the
 * browser.
 */
export function keyAction(event: { key: string; shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): KeyAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const step = PAN_STEP * (event.shiftKey ? 5 : 1);
  switch (event.key) {
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '0':
      return { kind: 'fit' };
    case 'ArrowLeft':
      return { kind: 'pan', dx: step, dy: 0 };
    case 'ArrowRight':
      return { kind: 'pan', dx: -step, dy: 0 };
    case 'ArrowUp':
      return { kind: 'pan', dx: 0, dy: step };
    case 'ArrowDown':
      return { kind: 'pan', dx: 0, dy: -step };
    default:
      return undefined;
  }
}

export function transformOf(view: View): string {
  return `translate(${round(view.x)}px, ${round(view.y)}px) scale(${round(view.scale, 4)})`;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
