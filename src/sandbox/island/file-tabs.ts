/** The sandbox's file tabs: WAI-ARIA APG tabs with arrows, Home and End, selection following focus. */
import { el } from './dom.ts';

export function fileTabs(root: ParentNode): HTMLButtonElement[] {
  return [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
}

/** Wires clicks and keys to `select(path)`; the caller decides what selecting a file means. */
export function setUpFileTabs(root: ParentNode, active: string, select: (path: string) => void): void {
  const tabs = fileTabs(root);
  const panel = el<HTMLElement>(root, '[role="tabpanel"]');
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab.dataset.path ?? ''));
    tab.addEventListener('keydown', (event) => {
      const last = tabs.length - 1;
      const target =
        event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
        : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
        : event.key === 'Home' ? 0
        : event.key === 'End' ? last
        : undefined;
      if (target === undefined) return;
      event.preventDefault();
      const next = tabs[target];
      if (!next) return;
      next.focus();
      select(next.dataset.path ?? '');
    });
  });
  panel.dataset.activePath = active;
}

/** Marks `path`'s tab selected and points the panel at it. */
export function markSelectedTab(root: ParentNode, path: string): void {
  const panel = el<HTMLElement>(root, '[role="tabpanel"]');
  for (const tab of fileTabs(root)) {
    const selected = tab.dataset.path === path;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) panel.setAttribute('aria-labelledby', tab.id);
  }
  panel.dataset.activePath = path;
}
