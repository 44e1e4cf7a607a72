import { describe, expect, it } from 'vitest';
import {
  constrain,
  fitView,
  keyAction,
  panBy,
  pinch,
  transformOf,
  wheelFactor,
  ZOOM_STEP,
  zoomAt,
  zoomLimits,
  type View,
} from '../../src/diagrams/pan-zoom.ts';

const limits = { min: 0.2, max: 8 };
/** Where a content point lands on screen under a view: the one rule every function must keep. */
const onScreen = (view: View, p: { x: number; y: number }) => ({ x: view.x + p.x * view.scale, y: view.y + p.y * view.scale });

describe('fitView', () => {
  it('fits a wide diagram to the width and centres it vertically', () => {
    const view = fitView({ width: 1800, height: 600 }, { width: 390, height: 700 });
    expect(view.scale).toBeCloseTo(390 / 1800);
    expect(view.x).toBeCloseTo(0);
    expect(view.y).toBeCloseTo((700 - 600 * (390 / 1800)) / 2);
  });

  it('never enlarges a small diagram past its natural size', () => {
    expect(fitView({ width: 200, height: 100 }, { width: 1000, height: 800 }).scale).toBe(1);
  });
});

describe('zoomAt', () => {
  it('keeps the content point under the pointer fixed while zooming in and out', () => {
    const view: View = { scale: 0.5, x: 30, y: -20 };
    const at = { x: 200, y: 150 };
    const contentPoint = { x: (at.x - view.x) / view.scale, y: (at.y - view.y) / view.scale };
    const zoomed = zoomAt(view, 2, at, limits);
    expect(zoomed.scale).toBe(1);
    expect(onScreen(zoomed, contentPoint).x).toBeCloseTo(at.x);
    expect(onScreen(zoomed, contentPoint).y).toBeCloseTo(at.y);
    const back = zoomAt(zoomed, 0.5, at, limits);
    expect(back.x).toBeCloseTo(view.x);
    expect(back.y).toBeCloseTo(view.y);
  });

  it('stops at the limits', () => {
    expect(zoomAt({ scale: 7, x: 0, y: 0 }, 4, { x: 0, y: 0 }, limits).scale).toBe(8);
    expect(zoomAt({ scale: 0.3, x: 0, y: 0 }, 0.1, { x: 0, y: 0 }, limits).scale).toBe(0.2);
  });

  it('zoom limits allow fitting a huge diagram and at least 8×', () => {
    expect(zoomLimits(0.15)).toEqual({ min: 0.15, max: 8 });
    expect(zoomLimits(1)).toEqual({ min: 1, max: 8 });
  });
});

describe('constrain', () => {
  const content = { width: 1000, height: 500 };
  const viewport = { width: 400, height: 800 };

  it('centres an axis where the content is smaller than the viewport', () => {
    expect(constrain({ scale: 1, x: -100, y: 999 }, content, viewport).y).toBe(150);
  });

  it('stops panning when an edge of larger content reaches the viewport edge', () => {
    expect(constrain({ scale: 1, x: 50, y: 0 }, content, viewport).x).toBe(0);
    expect(constrain({ scale: 1, x: -900, y: 0 }, content, viewport).x).toBe(-600);
    expect(constrain({ scale: 1, x: -300, y: 0 }, content, viewport).x).toBe(-300);
  });
});

describe('pinch', () => {
  it('spreading two fingers to twice their distance doubles the scale about their midpoint', () => {
    const view: View = { scale: 1, x: 0, y: 0 };
    const next = pinch(view, [{ x: 100, y: 100 }, { x: 200, y: 100 }], [{ x: 50, y: 100 }, { x: 250, y: 100 }], limits);
    expect(next.scale).toBeCloseTo(2);
    // The content point under the midpoint (150, 100) stays there.
    expect(onScreen(next, { x: 150, y: 100 }).x).toBeCloseTo(150);
  });

  it('moving both fingers together pans without zooming', () => {
    const next = pinch({ scale: 2, x: 10, y: 10 }, [{ x: 0, y: 0 }, { x: 100, y: 0 }], [{ x: 30, y: -20 }, { x: 130, y: -20 }], limits);
    expect(next).toEqual({ scale: 2, x: 40, y: -10 });
  });
});

describe('wheel and keys', () => {
  it('wheel zoom is symmetric: down then up by the same distance returns to the same scale', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48));
  });

  it('maps + - 0 and arrows, and leaves browser shortcuts alone', () => {
    expect(keyAction({ key: '+' })).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(keyAction({ key: '=' })).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(keyAction({ key: '-' })).toEqual({ kind: 'zoom', factor: 1 / ZOOM_STEP });
    expect(keyAction({ key: '0' })).toEqual({ kind: 'fit' });
    expect(keyAction({ key: 'ArrowRight' })).toEqual({ kind: 'pan', dx: -40, dy: 0 });
    expect(keyAction({ key: 'ArrowUp', shiftKey: true })).toEqual({ kind: 'pan', dx: 0, dy: 200 });
    expect(keyAction({ key: '+', ctrlKey: true })).toBeUndefined();
    expect(keyAction({ key: 'a' })).toBeUndefined();
  });

  it('panBy and transformOf', () => {
    expect(transformOf(panBy({ scale: 0.123456, x: 1.005, y: 2 }, 1, 1))).toBe('translate(2.01px, 3px) scale(0.1235)');
  });
});
