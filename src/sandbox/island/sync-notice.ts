/**
 * The notice a tab shows when another tab saved newer code for the same exercise: visible above the
 * code, announced (role="alert"), with the two ways out. Nothing is saved from this tab meanwhile
 * (autosave.ts holds its edits), so whichever the learner picks, nothing was lost before they chose.
 */
import { el } from './dom.ts';
import { labText } from '../lab-strings.ts';

export interface SyncChoice {
  load(): void;
  keep(): void;
}

export function showSyncNotice(root: HTMLElement, savedAt: number, choice: SyncChoice): void {
  root.querySelector('[data-sync-notice]')?.remove();
  const notice = document.createElement('div');
  notice.className = 'sandbox-sync';
  notice.dataset.syncNotice = '';
  const text = document.createElement('p');
  text.setAttribute('role', 'alert');
  const time = new Date(savedAt).toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  text.textContent = labText('sync.newer', { time });
  const actions = document.createElement('p');
  actions.className = 'sandbox-sync-actions';
  const make = (label: string, primary: boolean, then: () => void) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = primary ? 'button primary' : 'button';
    button.textContent = label;
    button.addEventListener('click', () => {
      notice.remove();
      then();
    });
    return button;
  };
  actions.append(make(labText('sync.load'), true, choice.load), make(labText('sync.keep'), false, choice.keep));
  notice.append(text, actions);
  el<HTMLElement>(root, '.sandbox-files').before(notice);
  const status = el<HTMLElement>(root, '[data-save-status]');
  status.dataset.state = 'error';
  status.textContent = labText('sync.held');
}
