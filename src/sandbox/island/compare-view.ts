/** "Compare with solution": the learner's file beside the solution's, in the editor's diff view. */
import type { SandboxEditor } from '../editor.ts';
import type { PageIslandData } from '../island-data.ts';
import { diffHeading } from '../lab/diff-heading.ts';
import { labText } from '../lab-strings.ts';
import { uiText } from '../ui-strings.ts';
import { button, el, isMac, note } from './dom.ts';
import { exerciseAssets } from './lazy-assets.ts';

export interface CompareSource {
  data: PageIslandData;
  /** The editor, loaded first if need be (the diff view is Monaco's). */
  editor(): Promise<SandboxEditor | undefined>;
  active(): string;
  files(): Readonly<Record<string, string>>;
}

export class CompareView {
  private comparing = false;
  private readonly root: HTMLElement;
  private readonly source: CompareSource;

  constructor(root: HTMLElement, source: CompareSource) {
    this.root = root;
    this.source = source;
  }

  async toggle(): Promise<void> {
    const editor = await this.source.editor();
    if (!editor) return;
    this.comparing = !this.comparing;
    const compare = button(this.root, 'compare');
    compare.setAttribute('aria-pressed', String(this.comparing));
    compare.textContent = uiText(this.comparing ? 'compare.hide' : 'compare.show');
    this.root.toggleAttribute('data-comparing', this.comparing);
    el<HTMLElement>(this.root, '[data-editor-host]').hidden = this.comparing;
    el<HTMLElement>(this.root, '[data-diff-host]').hidden = !this.comparing;
    if (this.comparing) void this.refresh();
    else {
      editor.hideDiff();
      note(this.root, uiText('editor.loaded', { tabKeys: uiText(isMac ? 'editor.tabKeysMac' : 'editor.tabKeys') }));
    }
  }

  /** Shows the active file's diff again (another file, new text), while Compare is on. */
  async refresh(): Promise<void> {
    if (!this.comparing) return;
    const path = this.source.active();
    let solutions: Record<string, string>;
    try {
      solutions = (await exerciseAssets(this.source.data)).solution;
    } catch (error) {
      note(this.root, error instanceof Error ? error.message : String(error), 'error');
      return;
    }
    // The learner may have switched files or closed Compare while the solution was loading.
    const editor = await this.source.editor();
    if (!editor || !this.comparing || path !== this.source.active()) return;
    const learner = this.source.files()[path] ?? '';
    const solution = solutions[path] ?? learner;
    const host = el<HTMLElement>(this.root, '[data-diff-host]');
    editor.showDiff({
      host,
      path,
      learner,
      solution,
      label: uiText('compare.label', { path }),
      yoursLabel: uiText('compare.yours'),
      solutionLabel: uiText('compare.solution'),
      onFirstDifference: (line) => note(this.root, `${diffHeading(host.clientWidth).replace(/[^.]$/, '$&.')} ${labText('compare.firstDifference', { line })}`),
    });
    note(this.root, learner === solution ? uiText('compare.same') : diffHeading(host.clientWidth));
  }
}
