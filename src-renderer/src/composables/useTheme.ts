/**
 * Light or dark: the setting ("system", "light", "dark") applied to <html data-theme>, with
 * "system" following prefers-color-scheme live. `isDark` tells canvas drawings and charts which
 * palette to use.
 */
import { computed, onScopeDispose, ref, watchEffect, type Ref } from 'vue';
import type { Settings } from '../../../src-shared/contract/types';

const systemDark = ref(false);
const chosen = ref<Settings['theme']>('system');

/** Whether the page is dark now. */
export const isDark = computed(
  () => chosen.value === 'dark' || (chosen.value === 'system' && systemDark.value),
);

/** Applies the theme setting to the document for the caller's lifetime. */
export function useTheme(setting: Ref<Settings['theme'] | undefined>): void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  systemDark.value = media.matches;
  const onChange = (e: MediaQueryListEvent) => (systemDark.value = e.matches);
  media.addEventListener('change', onChange);
  onScopeDispose(() => media.removeEventListener('change', onChange));
  watchEffect(() => {
    chosen.value = setting.value ?? 'system';
    if (chosen.value === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = chosen.value;
  });
}
