/** The small "Saved" line beside the editor: pending while an edit waits, saved once stored, or why not. */
import { el } from './dom.ts';
import { uiText } from '../ui-strings.ts';

export class SaveStatus {
  private announced = false;

  private readonly root: ParentNode;

  constructor(root: ParentNode) {
    this.root = root;
  }

  private get line(): HTMLElement {
    return el<HTMLElement>(this.root, '[data-save-status]');
  }

  pending(): void {
    this.line.dataset.state = 'pending';
  }

  error(message: string): void {
    const status = this.line;
    status.dataset.state = 'error';
    status.textContent = message;
    this.announced = false;
  }

  /** Called once an edit is stored. Says "Saved" once, then only the colour changes: not chatty. */
  saved(): void {
    const status = this.line;
    status.dataset.state = 'saved';
    if (!this.announced || status.textContent !== uiText('save.saved')) {
      status.textContent = uiText('save.saved');
      this.announced = true;
    }
  }
}
