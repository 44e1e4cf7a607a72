/**
 * Hears about saves from other tabs. A `storage` event fires in every other same-origin tab when one
 * writes localStorage (HTML §12.2.1), so no BroadcastChannel is needed; the code store then compares
 * the stored files with what this tab shows and reports a conflict if another tab changed them.
 */
import { codeStorageKey, type CodeStore } from './autosave.ts';

export function watchOtherTabs(store: Pick<CodeStore, 'checkForNewer'>, sandboxId: string, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
  const key = codeStorageKey(sandboxId);
  const onStorage = (event: StorageEvent) => {
    // key === null: another tab cleared storage; the stored record is gone, which the next save handles.
    if (event.key === key) store.checkForNewer(sandboxId);
  };
  target.addEventListener('storage', onStorage);
  return () => target.removeEventListener('storage', onStorage);
}
