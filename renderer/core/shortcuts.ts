import { useEffect } from 'react';
import { useAppStore, type ShortcutGroup } from './store.ts';

/** Keys every view shares; views add their own with useShortcutHelp. */
export const GLOBAL_SHORTCUTS: ShortcutGroup = {
  title: 'Everywhere',
  shortcuts: [
    { keys: ['?'], action: 'Show or hide this list of keys' },
    { keys: ['Esc'], action: 'Close a dialog or panel' },
    { keys: ['/'], action: 'Search or filter in the current view' },
    { keys: ['↑', 'k'], action: 'Move up in lists and in the span tree' },
    { keys: ['↓', 'j'], action: 'Move down in lists and in the span tree' },
    { keys: ['←', '→'], action: 'Collapse or expand a tree row' },
    { keys: ['Enter'], action: 'Open the selected item' },
  ],
};

/** Lists a view's keys in the help overlay while the view is mounted. */
export function useShortcutHelp(id: string, group: ShortcutGroup): void {
  const store = useAppStore();
  useEffect(() => {
    store.set((state) => ({ ...state, shortcuts: new Map(state.shortcuts).set(id, group) }));
    return () =>
      store.set((state) => {
        const shortcuts = new Map(state.shortcuts);
        shortcuts.delete(id);
        return { ...state, shortcuts };
      });
  }, [store, id, group]);
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/** `?` toggles the help overlay (not while typing in a field); Escape closes it. */
export function useGlobalKeys(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        store.set((state) => ({ ...state, helpOpen: !state.helpOpen }));
      } else if (event.key === 'Escape' && store.get().helpOpen) {
        store.set((state) => ({ ...state, helpOpen: false }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
