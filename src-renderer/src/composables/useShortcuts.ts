/**
 * Keyboard shortcuts: two-key sequences "g n" (go to New experiment) etc., "/" to focus the
 * page's search box, "?" for the list. Keys typed into a field or inside a dialog are never
 * taken. They are all character keys without a modifier, which a speech-input user can trigger
 * by accident, so they can be turned off (WCAG 2.1.4; the setting singleKeyShortcuts).
 */
import { onScopeDispose } from 'vue';

export interface Shortcut {
  keys: string;
  description: string;
  run: () => void;
}

/** Whether a key pressed on `target` belongs to it rather than to the shortcuts. */
function keyBelongsTo(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null;
  if (!el) return false;
  const typing =
    (el instanceof HTMLElement && el.isContentEditable) ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
  return typing || el.closest('dialog') !== null;
}

/**
 * Listens on the window for the caller's lifetime while `enabled()` says so (read at each key,
 * so a settings change applies at once). A sequence must be typed within 1.2 s.
 */
export function useShortcuts(shortcuts: Shortcut[], enabled: () => boolean = () => true): void {
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  function onKey(e: KeyboardEvent): void {
    if (!enabled() || e.ctrlKey || e.metaKey || e.altKey || keyBelongsTo(e.target)) return;
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
