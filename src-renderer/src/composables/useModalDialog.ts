/**
 * A modal dialog on the native <dialog> element. showModal() puts it in the top layer, makes the
 * rest of the page inert (no click, Tab or screen reader reaches it) and moves focus in (to an
 * [autofocus] element, else the first focusable one). Added here: Tab and Shift+Tab wrap inside
 * the dialog (a browser would move on to its own toolbar, an Electron window to nothing), Escape
 * and a click on the backdrop reach the owner's close (its `open` stays the truth), and
 * focus returns to the element that opened the dialog.
 */
import { nextTick, onBeforeUnmount, watch, type Ref } from 'vue';

const focusable = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements Tab can reach inside `root`, in document order. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusable)].filter(
    (el) => el.getClientRects().length > 0,
  );
}

/** Where Tab (or Shift+Tab) from `current` goes among `stops`: wraps at both ends. */
export function nextStop(
  stops: HTMLElement[],
  current: Element | null,
  back: boolean,
): HTMLElement | null {
  if (!stops.length) return null;
  const at = stops.indexOf(current as HTMLElement);
  if (at === -1) return back ? stops[stops.length - 1] : stops[0];
  return stops[(at + (back ? -1 : 1) + stops.length) % stops.length];
}

export interface ModalDialog {
  /** For the <dialog>'s keydown: keeps Tab inside. */
  onKeydown(e: KeyboardEvent): void;
  /** For the <dialog>'s click: a click on the backdrop (the dialog element itself) closes. */
  onClick(e: MouseEvent): void;
  /** For the <dialog>'s close event (Escape closes the element itself): the owner follows. */
  onClose(): void;
}

export function useModalDialog(
  dialog: Ref<HTMLDialogElement | null>,
  isOpen: () => boolean,
  close: () => void,
): ModalDialog {
  let opener: HTMLElement | null = null;

  function restoreFocus(): void {
    if (opener?.isConnected) opener.focus();
    opener = null;
  }

  watch(
    isOpen,
    async (open) => {
      await nextTick(); // the dialog's content renders first, so focus can move into it
      const el = dialog.value;
      if (!el) return;
      if (open && !el.open) {
        opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        el.showModal();
        if (!el.contains(document.activeElement)) el.focus();
      } else if (!open) {
        if (el.open) el.close();
        restoreFocus();
      }
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    if (dialog.value?.open) restoreFocus();
  });

  return {
    onKeydown(e) {
      if (e.key !== 'Tab' || !dialog.value) return;
      const target = nextStop(tabStops(dialog.value), document.activeElement, e.shiftKey);
      e.preventDefault();
      target?.focus();
    },
    onClick(e) {
      if (e.target === dialog.value) close();
    },
    onClose() {
      if (isOpen()) close();
    },
  };
}
