/** App settings (theme, parallel runs) and facts about the app for the About panel. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { AppInfo, Settings } from '../../../src-shared/contract/types';
import { messageOf } from './errors';

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null);
  const info = ref<AppInfo | null>(null);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      [settings.value, info.value] = await Promise.all([api.settings.get(), api.settings.info()]);
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  async function update(patch: Partial<Settings>): Promise<void> {
    error.value = null;
    try {
      settings.value = await api.settings.update(patch);
      // A change may fix a stored setting that did not parse: its warning goes.
      if (info.value?.settingsProblems?.length) info.value = await api.settings.info();
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  return { settings, info, error, load, update };
});
