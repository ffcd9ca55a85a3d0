import { useEffect } from 'react';
import { useEditorStore } from './editor-store';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Undo (Ctrl+Z), redo (Ctrl+Shift+Z, Ctrl+Y), copy, paste and delete, except while typing in a form. */
export function useEditorKeyboard(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (TYPING.has(target.tagName) || target.isContentEditable || target.closest('[role="dialog"]'))) return;
      const store = useEditorStore.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && event.shiftKey) store.redo();
      else if (mod && key === 'z') store.undo();
      else if (mod && key === 'y') store.redo();
      else if (mod && key === 'c') store.copySelection();
      else if (mod && key === 'v') store.paste();
      else if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) store.deleteSelection();
      else handled = false;
      if (handled) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
