/**
 * Keyboard shortcuts: two-key sequences "g n" (go to New experiment) etc., "/" to focus the
 * page's search box, "?" for the list. Keys typed into a field are never taken.
 */
import { onScopeDispose } from 'vue';

export interface Shortcut {
  keys: string;
  description: string;
  run: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Listens on the window for the caller's lifetime. A sequence must be typed within 1.2 s. */
export function useShortcuts(shortcuts: Shortcut[]): void {
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  function onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
    const typed = pending ? `${pending} ${e.key}` : e.key;
    const exact = shortcuts.find((s) => s.keys === typed);
    clearTimeout(timer);
    if (exact) {
      e.preventDefault();
      pending = '';
      exact.run();
    } else if (shortcuts.some((s) => s.keys.startsWith(`${typed} `))) {
      pending = typed;
      timer = setTimeout(() => (pending = ''), 1200);
    } else pending = '';
  }
  window.addEventListener('keydown', onKey);
  onScopeDispose(() => window.removeEventListener('keydown', onKey));
}
