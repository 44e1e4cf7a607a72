/**
 * Full-screen viewing of the build-time Mermaid diagrams (src/integrations/mermaid/figure.ts), loaded
 * when the reader first reaches for a figure's "Open full screen" button (diagram-buttons.ts). The
 * dialog borrows the figure's SVG (moved, not copied, so its ids stay unique) and lets the reader zoom
 * and pan with keys (+ − 0 arrows), mouse wheel, drag and pinch. Escape or Close puts the SVG back and
 * returns focus to the button. The geometry is src/diagrams/pan-zoom.ts; this file only wires events to it.
 */
import { MIN_LABEL_PX } from '../integrations/mermaid/legible-width.ts';
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
  type Limits,
  type Point,
  type Size,
  type View,
} from '../diagrams/pan-zoom.ts';
import { viewerText } from '../diagrams/viewer-strings.ts';

/** Mermaid labels are 16 units; this is the scale at which they reach MIN_LABEL_PX. */
const LEGIBLE_SCALE = MIN_LABEL_PX / 16;

function make<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function svgSize(svg: SVGSVGElement): Size {
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  const rect = svg.getBoundingClientRect();
  return { width: rect.width || 300, height: rect.height || 150 };
}

interface Open {
  svg: SVGSVGElement;
  home: Element;
  style: string | null;
  opener: HTMLButtonElement;
  content: Size;
  limits: Limits;
}

class DiagramViewer {
  readonly dialog: HTMLDialogElement;
  private readonly stage: HTMLDivElement;
  private readonly canvas: HTMLDivElement;
  private readonly heading: HTMLHeadingElement;
  private readonly status: HTMLParagraphElement;
  private view: View = { scale: 1, x: 0, y: 0 };
  private current?: Open;
  private pointers = new Map<number, Point>();
  private announceTimer = 0;

  constructor() {
    this.heading = make('h2', { id: 'diagram-viewer-title', className: 'diagram-viewer-title' });
    const button = (label: string, symbol: string, action: () => void, aria?: string) => {
      const b = make('button', { type: 'button', className: 'button' }, symbol ? make('span', { ariaHidden: 'true' } as Partial<HTMLSpanElement>, symbol) : '', symbol ? make('span', { className: 'diagram-viewer-label' }, label) : label);
      b.setAttribute('aria-label', aria ?? label);
      b.addEventListener('click', action);
      return b;
    };
    const tools = make(
      'div',
      { className: 'diagram-viewer-tools' },
      button(viewerText('zoomOut'), '−', () => this.zoomBy(1 / ZOOM_STEP)),
      button(viewerText('zoomIn'), '+', () => this.zoomBy(ZOOM_STEP)),
      button(viewerText('fit'), '', () => this.fit(true), viewerText('fitLabel')),
      button(viewerText('close'), '', () => this.dialog.close()),
    );
    const help = make('p', { id: 'diagram-viewer-help', className: 'diagram-viewer-help' }, viewerText('help'));
    this.canvas = make('div', { className: 'diagram-viewer-canvas' });
    this.stage = make('div', { className: 'diagram-viewer-stage', tabIndex: 0 }, this.canvas);
    this.stage.setAttribute('role', 'group');
    this.stage.setAttribute('aria-label', viewerText('stage'));
    this.stage.setAttribute('aria-describedby', 'diagram-viewer-help');
    this.status = make('p', { className: 'sr-only' });
    this.status.setAttribute('role', 'status');
    this.dialog = make('dialog', { className: 'diagram-viewer' }, make('div', { className: 'diagram-viewer-bar' }, this.heading, tools), help, this.stage, this.status);
    this.dialog.setAttribute('aria-labelledby', this.heading.id);
    this.dialog.dataset.diagramViewer = '';
    document.body.append(this.dialog);

    this.dialog.addEventListener('close', () => this.restore());
    this.dialog.addEventListener('keydown', (event) => this.onKey(event));
    this.stage.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.stage.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.stage.addEventListener('pointermove', (event) => this.onPointerMove(event));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) {
      this.stage.addEventListener(type, (event) => this.pointers.delete(event.pointerId));
    }
    window.addEventListener('resize', () => this.current && this.apply(this.view, false));
  }

  open(svg: SVGSVGElement, opener: HTMLButtonElement): void {
    if (this.current) this.dialog.close();
    const home = svg.parentElement;
    if (!home) return;
    const content = svgSize(svg);
    this.current = { svg, home, style: svg.getAttribute('style'), opener, content, limits: { min: 0.1, max: 8 } };
    this.heading.textContent = svg.querySelector('title')?.textContent ?? '';
    // In the dialog the SVG is drawn at its natural size and scaled by the transform alone.
    svg.setAttribute('style', `width:${content.width}px;height:${content.height}px;max-width:none;min-width:0`);
    this.canvas.append(svg);
    this.dialog.showModal();
    const fitted = fitView(content, this.viewport());
    this.current.limits = zoomLimits(fitted.scale);
    // Open where labels are readable; a diagram that fits at that size is simply fitted.
    const start = fitted.scale >= LEGIBLE_SCALE ? fitted : { scale: Math.min(LEGIBLE_SCALE, 1), x: 0, y: 0 };
    this.apply(start, false);
    this.stage.focus();
  }

  private restore(): void {
    const open = this.current;
    if (!open) return;
    this.current = undefined;
    this.pointers.clear();
    if (open.style === null) open.svg.removeAttribute('style');
    else open.svg.setAttribute('style', open.style);
    open.home.append(open.svg);
    open.opener.focus();
  }

  private viewport(): Size {
    return { width: this.stage.clientWidth, height: this.stage.clientHeight };
  }

  private apply(view: View, animate: boolean): void {
    if (!this.current) return;
    this.view = constrain(view, this.current.content, this.viewport());
    this.canvas.toggleAttribute('data-animate', animate);
    this.canvas.style.transform = transformOf(this.view);
    this.canvas.dataset.scale = String(this.view.scale);
  }

  private announce(): void {
    window.clearTimeout(this.announceTimer);
    this.announceTimer = window.setTimeout(() => {
      this.status.textContent = viewerText('zoom', { percent: Math.round(this.view.scale * 100) });
    }, 250);
  }

  private centre(): Point {
    const { width, height } = this.viewport();
    return { x: width / 2, y: height / 2 };
  }

  private zoomBy(factor: number, at = this.centre(), animate = true): void {
    if (!this.current) return;
    this.apply(zoomAt(this.view, factor, at, this.current.limits), animate);
    this.announce();
  }

  private fit(animate: boolean): void {
    if (!this.current) return;
    this.apply(fitView(this.current.content, this.viewport()), animate);
    this.announce();
  }

  private onKey(event: KeyboardEvent): void {
    // Enter and Space belong to the focused button; the viewer's own keys work from anywhere in it.
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'zoom') this.zoomBy(action.factor);
    else if (action.kind === 'fit') this.fit(true);
    else this.apply(panBy(this.view, action.dx, action.dy), true);
  }

  private local(event: { clientX: number; clientY: number }): Point {
    const rect = this.stage.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.zoomBy(wheelFactor(event.deltaY, event.deltaMode), this.local(event), false);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    this.stage.setPointerCapture(event.pointerId);
    this.pointers.set(event.pointerId, this.local(event));
  }

  private onPointerMove(event: PointerEvent): void {
    const previous = this.pointers.get(event.pointerId);
    if (!previous || !this.current) return;
    const point = this.local(event);
    const others = [...this.pointers.entries()].filter(([id]) => id !== event.pointerId);
    const other = others[0]?.[1];
    if (other && others.length === 1) {
      this.apply(pinch(this.view, [previous, other], [point, other], this.current.limits), false);
      this.announce();
    } else if (others.length === 0) {
      this.apply(panBy(this.view, point.x - previous.x, point.y - previous.y), false);
    }
    this.pointers.set(event.pointerId, point);
  }
}

let viewer: DiagramViewer | undefined;

/** Opens `svg` in the one full-screen viewer of the page; focus returns to `opener` on close. */
export function openDiagram(svg: SVGSVGElement, opener: HTMLButtonElement): void {
  // A soft navigation replaces the body, and the dialog with it: a viewer from the last page is rebuilt.
  if (!viewer?.dialog.isConnected) viewer = new DiagramViewer();
  viewer.open(svg, opener);
}
