/** Short messages at the bottom of the window, optionally with one action (Undo). */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void };
}

const LIFETIME_MS = 8000;

export const useToastsStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function show(message: string, options: Partial<Omit<Toast, 'id' | 'message'>> = {}): number {
    const id = nextId++;
    toasts.value = [
      ...toasts.value,
      { id, message, kind: options.kind ?? 'info', action: options.action },
    ];
    setTimeout(() => dismiss(id), LIFETIME_MS);
    return id;
  }

  return { toasts, show, dismiss };
});
