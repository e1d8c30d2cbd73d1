/**
 * What keeps work from being lost in the pipeline editor: undo, redo and save shortcuts, and the
 * prompt on leaving with unsaved changes (in the app, and when the tab closes or reloads).
 */
import { useEffect, useEffectEvent } from 'react';
import { useBlocker, type Blocker } from 'react-router';

function isTextInput(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * Ctrl/Cmd+Z undoes and Ctrl/Cmd+Shift+Z or Ctrl+Y redoes, outside text fields (which keep their
 * own text undo); Ctrl/Cmd+S saves anywhere. Nothing while a modal dialog is open.
 */
export function useEditorShortcuts(actions: { undo(): void; redo(): void; save(): void }): void {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (document.querySelector('dialog[open]') !== null) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      actions.save();
      return;
    }
    if (isTextInput(event.target)) return;
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      actions.undo();
    } else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) {
      event.preventDefault();
      actions.redo();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

/**
 * While `dirty`, blocks navigation to another page of the app (the caller asks the user through
 * the blocker) and makes the browser ask before the tab closes or reloads.
 */
export function useUnsavedChangesGuard(dirty: boolean): Blocker {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const listener = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', listener);
    return () => window.removeEventListener('beforeunload', listener);
  }, [dirty]);
  return blocker;
}
