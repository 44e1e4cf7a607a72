/**
 * Type-ahead: the server-rendered code takes keys the moment the learner clicks it, tabs into it or
 * presses "Edit code", instead of after the 0.7–1.3 s Monaco needs to load and start in a fresh browser
 * (Chromium 156, 2 cores). The block's <code> becomes plain-text editable, and each input hands its text
 * to the island, which saves it like any edit.
 *
 * When the editor is built it starts from the text the file had before the learner typed here, takes
 * the typed text as one undoable edit and puts the caret where the learner left it, all in the task that
 * hides the block, so no key press can land between the two (tests/e2e/type-ahead.test.ts). If Monaco
 * fails to load, the block simply stays editable.
 *
 * Needs `contenteditable="plaintext-only"`, which keeps the text one string with "\n" line breaks (no
 * <div>s or <br>s): checked on Chromium 156; Safari and Firefox (from 136) have it too, not checked here.
 * Without it the block stays as it was.
 * Typing drops the block's syntax colours (src/scripts/code-colours.ts), which would no longer fit its text.
 */

export interface TypeAheadSetup {
  /** The accessible name of the editable code, the one the editor will have ("Code editor for server.ts"). */
  label: string;
  /** The file's text now. The block may show it without its final line break (Shiki drops it). */
  text: string;
  onInput(text: string): void;
}

/** A selection as offsets into the file's text (what Monaco's model.getPositionAt takes). */
export interface TextSelection {
  anchor: number;
  focus: number;
}

const EDITABLE = 'plaintext-only';

export class TypeAhead {
  /** The file's text when this block became editable: the editor's first undo goes back to it. */
  readonly base: string;
  private readonly pre: HTMLElement;
  private readonly code: HTMLElement;
  private readonly onInput: () => void;
  private composing = false;
  private composed: (() => void)[] = [];
  private readonly onComposition = (event: Event) => {
    this.composing = event.type === 'compositionstart';
    if (!this.composing) for (const done of this.composed.splice(0)) done();
  };

  private constructor(pre: HTMLElement, code: HTMLElement, setup: TypeAheadSetup) {
    this.pre = pre;
    this.code = code;
    this.base = setup.text;
    // What the file has past the block's text (its final "\n") stays at the end of what is typed.
    const shown = code.textContent ?? '';
    if (!setup.text.startsWith(shown)) code.textContent = setup.text;
    const rest = setup.text.slice((code.textContent ?? '').length);
    this.onInput = () => setup.onInput((code.textContent ?? '') + rest);
    code.addEventListener('input', this.onInput);
    code.addEventListener('compositionstart', this.onComposition);
    code.addEventListener('compositionend', this.onComposition);
    code.setAttribute('role', 'textbox');
    code.setAttribute('aria-multiline', 'true');
    code.setAttribute('aria-label', setup.label);
    code.spellcheck = false;
    code.setAttribute('autocapitalize', 'off');
    code.setAttribute('autocorrect', 'off');
    // One tab stop, the editable code, instead of two (the scrollable <pre> is focusable for reading). The
    // explicit tabindex tells checkers (axe's scrollable-region-focusable) that the region is reachable.
    code.tabIndex = 0;
    pre.tabIndex = -1;
  }

  /** Makes `block`'s code editable, or returns undefined where the browser cannot keep it plain text. */
  static start(block: HTMLElement, setup: TypeAheadSetup): TypeAhead | undefined {
    const pre = block.querySelector('pre');
    const code = pre?.querySelector('code');
    if (!pre || !code) return undefined;
    try {
      code.contentEditable = EDITABLE;
    } catch {
      return undefined; // Setting an unknown value throws a SyntaxError.
    }
    if (code.contentEditable !== EDITABLE) return undefined;
    return new TypeAhead(pre, code, setup);
  }

  /**
   * Focuses the code, keeping the caret where a click put it (the browser has placed the selection in
   * the text by then, but focused the <pre>); from the keyboard or "Edit code" it starts at the top.
   */
  focus(): void {
    if (document.activeElement === this.code) return;
    const selection = document.getSelection();
    const inside = selection?.anchorNode && selection.focusNode && this.code.contains(selection.anchorNode) && this.code.contains(selection.focusNode);
    const kept = inside ? [selection.anchorNode, selection.anchorOffset, selection.focusNode, selection.focusOffset] as const : undefined;
    this.code.focus({ preventScroll: true });
    if (kept) selection?.setBaseAndExtent(...kept);
  }

  /** Where the caret and selection are in the text, while the code has focus. */
  selection(): TextSelection | undefined {
    const selection = document.getSelection();
    if (!selection?.anchorNode || !selection.focusNode || document.activeElement !== this.code) return undefined;
    if (!this.code.contains(selection.anchorNode) || !this.code.contains(selection.focusNode)) return undefined;
    return { anchor: this.offsetOf(selection.anchorNode, selection.anchorOffset), focus: this.offsetOf(selection.focusNode, selection.focusOffset) };
  }

  /**
   * Resolves once no IME composition is under way here. Hiding the block mid-composition would commit
   * the reading typed so far ("にほ" on the way to "日本") into the file; the last `input` comes before
   * `compositionend`, so the text is complete when this resolves.
   */
  settled(): Promise<void> {
    return this.composing ? new Promise((resolve) => this.composed.push(resolve)) : Promise.resolve();
  }

  /** The block as it was, for when the editor has taken its place. */
  stop(): void {
    this.code.removeEventListener('input', this.onInput);
    this.code.removeEventListener('compositionstart', this.onComposition);
    this.code.removeEventListener('compositionend', this.onComposition);
    for (const done of this.composed.splice(0)) done();
    resetEditable(this.pre);
  }

  private offsetOf(node: Node, offset: number): number {
    const range = document.createRange();
    range.setStart(this.code, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }
}

/** Undoes what TypeAhead.start changed in a block's <pre> (also for a copy made of an editable block). */
export function resetEditable(pre: HTMLElement): void {
  const code = pre.querySelector('code');
  code?.removeAttribute('contenteditable');
  for (const name of ['tabindex', 'role', 'aria-multiline', 'aria-label', 'spellcheck', 'autocapitalize', 'autocorrect']) code?.removeAttribute(name);
  pre.tabIndex = 0;
}

export interface TypeAheadBlocksSetup {
  labelFor(path: string): string;
  textOf(path: string): string;
  canEdit(path: string): boolean;
  onInput(path: string, text: string): void;
  /** A block became editable. */
  onStart(): void;
}

/** What the hand-over needs of the editor (src/sandbox/editor.ts). */
interface TakingEditor {
  setValue(path: string, content: string): void;
  select(path: string, anchor: number, focus: number): void;
}

/** A sandbox's static blocks that the learner typed into before its editor was there, by path. */
export class TypeAheadBlocks {
  private readonly sessions = new Map<string, TypeAhead>();
  private readonly setup: TypeAheadBlocksSetup;

  constructor(setup: TypeAheadBlocksSetup) {
    this.setup = setup;
  }

  get active(): boolean {
    return this.sessions.size > 0;
  }

  /** Makes the block of `data-static-path` editable (once), and focuses it when asked. */
  start(block: HTMLElement, focus: boolean): void {
    const path = block.dataset.staticPath ?? '';
    let session = this.sessions.get(path);
    if (!session && this.setup.canEdit(path)) {
      session = TypeAhead.start(block, { label: this.setup.labelFor(path), text: this.setup.textOf(path), onInput: (text) => this.setup.onInput(path, text) });
      if (session) {
        this.sessions.set(path, session);
        this.setup.onStart();
      }
    }
    if (focus) session?.focus();
  }

  /** The text `path` had before the learner typed into it, if they did. */
  base(path: string): string | undefined {
    return this.sessions.get(path)?.base;
  }

  /** Resolves once the learner is composing text (IME) in none of the blocks. */
  async settled(): Promise<void> {
    for (const session of this.sessions.values()) await session.settled();
  }

  selection(path: string): TextSelection | undefined {
    return this.sessions.get(path)?.selection();
  }

  /** Every block back to read-only code (the page replaced the files: a reset, or another tab's copy). */
  stopAll(): void {
    for (const session of this.sessions.values()) session.stop();
    this.sessions.clear();
  }

  /** The editor takes each typed file's text (`files`) as one undoable edit, and the caret in `active`. */
  handOver(editor: TakingEditor, files: Readonly<Record<string, string>>, active: string, selection: TextSelection | undefined): void {
    for (const path of this.sessions.keys()) editor.setValue(path, files[path] ?? '');
    this.stopAll();
    if (selection) editor.select(active, selection.anchor, selection.focus);
  }
}
