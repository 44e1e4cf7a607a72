/**
 * The lab view: the sandbox itself turned full-screen (a class on <course-sandbox>, never a copy or a
 * move, so the editor, its files, a running program and the preview frame carry on untouched), with the
 * lesson's task on one side and resizable splitters between the panes. Opened by the sandbox's "Open
 * lab view" button or the URL hash (#lab-<sandboxId>, which a reload keeps); Escape outside the editor
 * or "Back to the article" closes it and puts focus back where the learner opened it.
 *
 * While it is open the rest of the page is inert and the sandbox is a modal dialog, so keyboard and
 * screen-reader users stay inside it. Monaco follows the size changes itself (automaticLayout).
 */
import { announce, el } from './dom.ts';
import { labText } from '../lab-strings.ts';
import { createSplitter } from '../lab/splitter.ts';
import { createTaskPane } from '../lab/task-pane.ts';
import { LAB_LAYOUT_KEY, hashOpensLab, labHash, parseLabSizes, type LabSize, type LabSizes } from '../lab/layout-state.ts';

export interface LabViewSetup {
  sandboxId: string;
  title: string;
  description: string;
  /** Called when the lab opens: the learner is about to work, so the editor should load. */
  onOpen(): void;
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export class LabView {
  private open = false;
  private sizes: LabSizes;
  /** Elements the lab adds while open, removed again on close. */
  private added: HTMLElement[] = [];
  /** Elements made inert while the lab covers the page, with their earlier state. */
  private inerted: HTMLElement[] = [];
  private scrollY = 0;
  private readonly uid: string;
  private readonly onKey = (event: KeyboardEvent) => this.keydown(event);
  private readonly onHash = () => this.followHash();

  private readonly root: HTMLElement;
  private readonly setup: LabViewSetup;

  constructor(
    root: HTMLElement,
    setup: LabViewSetup) {
    this.root = root;
    this.setup = setup;
    this.uid = `sandbox-${setup.sandboxId}`;
    this.sizes = parseLabSizes(storage()?.getItem(LAB_LAYOUT_KEY));
    const toggle = this.root.querySelector<HTMLButtonElement>('[data-action="lab"]');
    if (toggle) {
      toggle.disabled = false;
      toggle.addEventListener('click', () => this.show());
    }
    window.addEventListener('hashchange', this.onHash);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Opens the lab when the URL asks for it (a reload with #lab-<id>, or a shared link). */
  followHash(): void {
    const first = document.querySelector('course-sandbox') === this.root;
    const wanted = hashOpensLab(location.hash, this.setup.sandboxId, first);
    if (wanted && !this.open) this.show();
    else if (!wanted && this.open && location.hash.startsWith('#lab')) this.hide();
  }

  show(): void {
    if (this.open) return;
    // Another sandbox's lab may be open (a hash edited by hand): one at a time.
    document.querySelector<HTMLElement>('course-sandbox.is-lab')?.dispatchEvent(new CustomEvent('lab:close'));
    this.open = true;
    this.scrollY = window.scrollY;
    this.buildLayout();
    this.applySizes();
    this.root.classList.add('is-lab');
    this.root.setAttribute('role', 'dialog');
    this.root.setAttribute('aria-modal', 'true');
    this.root.setAttribute('aria-label', labText('lab.dialogLabel', { title: this.setup.title }));
    document.documentElement.classList.add('lab-open');
    this.makeRestInert();
    document.addEventListener('keydown', this.onKey);
    this.root.addEventListener('lab:close', () => this.hide(), { once: true });
    if (location.hash !== labHash(this.setup.sandboxId)) history.replaceState(history.state, '', labHash(this.setup.sandboxId));
    el<HTMLElement>(this.root, '.lab-task-title').focus();
    announce(this.root, labText('lab.opened'));
    this.setup.onOpen();
  }

  hide(): void {
    if (!this.open) return;
    this.open = false;
    this.root.classList.remove('is-lab');
    for (const attribute of ['role', 'aria-modal', 'aria-label']) this.root.removeAttribute(attribute);
    document.removeEventListener('keydown', this.onKey);
    for (const node of this.added.splice(0)) node.remove();
    for (const node of this.inerted.splice(0)) node.inert = false;
    document.documentElement.classList.remove('lab-open');
    if (location.hash.startsWith('#lab')) history.replaceState(history.state, '', location.pathname + location.search);
    window.scrollTo({ top: this.scrollY, behavior: 'instant' });
    this.root.querySelector<HTMLButtonElement>('[data-action="lab"]')?.focus();
    announce(this.root, labText('lab.closed'));
  }

  dispose(): void {
    this.hide();
    window.removeEventListener('hashchange', this.onHash);
  }

  private keydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    // Inside Monaco, Escape closes its own widgets (suggestions, find); it never leaves the lab from there.
    if (event.target instanceof Element && event.target.closest('.monaco-editor, .monaco-diff-editor')) return;
    event.preventDefault();
    this.hide();
  }

  /** Everything outside the sandbox, level by level up to <body>, stops taking focus and clicks. */
  private makeRestInert(): void {
    for (let node: HTMLElement | null = this.root; node && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement?.children ?? []) {
        if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert || sibling.tagName === 'SCRIPT') continue;
        sibling.inert = true;
        this.inerted.push(sibling);
      }
    }
  }

  private buildLayout(): void {
    const frame = el<HTMLElement>(this.root, '.sandbox-frame');
    const files = el<HTMLElement>(this.root, '.sandbox-files');
    const panes = el<HTMLElement>(this.root, '.sandbox-panes');
    const output = el<HTMLElement>(this.root, '.sandbox-output');
    files.id ||= `${this.uid}-files`;
    output.id ||= `${this.uid}-output`;

    const bar = document.createElement('div');
    bar.className = 'lab-bar';
    const name = document.createElement('p');
    name.className = 'lab-bar-title';
    name.textContent = labText('lab.dialogLabel', { title: this.setup.title });
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'button';
    back.dataset.action = 'lab-close';
    back.textContent = labText('lab.close');
    back.title = labText('lab.closeHint');
    back.addEventListener('click', () => this.hide());
    const hint = document.createElement('span');
    hint.className = 'lab-bar-hint';
    hint.textContent = labText('lab.closeHint');
    bar.append(name, hint, back);

    const task = createTaskPane(this.root, `${this.uid}-lab-task`, this.setup.title, this.setup.description);
    const taskSplit = this.splitter('task', 'vertical', labText('lab.resizeTask'), task.id, () => this.root.clientWidth);
    frame.before(bar, task, taskSplit);
    const editorSplit = this.splitter('editor', 'horizontal', labText('lab.resizeEditor'), files.id, () => {
      const style = getComputedStyle(frame);
      return frame.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    });
    panes.before(editorSplit);
    this.added.push(bar, task, taskSplit, editorSplit);
    if (panes.querySelector('.sandbox-preview')) {
      const outputSplit = this.splitter('output', 'vertical', labText('lab.resizeOutput'), output.id, () => panes.clientWidth);
      output.after(outputSplit);
      this.added.push(outputSplit);
    }
  }

  private splitter(which: LabSize, orientation: 'vertical' | 'horizontal', label: string, controls: string, span: () => number): HTMLElement {
    return createSplitter({
      which,
      orientation,
      label,
      controls,
      value: this.sizes[which],
      span,
      onChange: (value) => {
        this.sizes[which] = value;
        this.applySizes();
      },
      onCommit: () => {
        try {
          storage()?.setItem(LAB_LAYOUT_KEY, JSON.stringify(this.sizes));
        } catch {
          // Sizes are a convenience; without storage they last as long as the page.
        }
      },
    });
  }

  private applySizes(): void {
    this.root.style.setProperty('--lab-task', `${this.sizes.task}%`);
    this.root.style.setProperty('--lab-editor', `${this.sizes.editor}%`);
    this.root.style.setProperty('--lab-output', `${this.sizes.output}%`);
  }
}
