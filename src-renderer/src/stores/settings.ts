/**
 * App settings (theme, parallel runs) and facts about the app for the About panel. `error` is
 * only a failure to load (the shell's "Cannot reach the workbench core"); a value that is out of
 * range or that the core refuses is a message at its own field, in `fieldErrors`.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { AppInfo, Settings } from '../../../src-shared/contract/types';
import { settingProblem } from '../settings/settingFieldCheck';
import { messageOf } from './errors';

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null);
  const info = ref<AppInfo | null>(null);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Partial<Record<keyof Settings, string>>>({});

  /** Reads settings and app info; clears the error first, so "Try again" shows a real retry. */
  async function load(): Promise<void> {
    error.value = null;
    try {
      [settings.value, info.value] = await Promise.all([api.settings.get(), api.settings.info()]);
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  /** Saves one setting; true when saved. A refused value stays unsaved with its message. */
  async function update<K extends keyof Settings>(key: K, value: Settings[K]): Promise<boolean> {
    const problem = settingProblem(key, value);
    fieldErrors.value = { ...fieldErrors.value, [key]: problem ?? undefined };
    if (problem) return false;
    try {
      settings.value = await api.settings.update({ [key]: value });
      // A change may fix a stored setting that did not parse: its warning goes.
      if (info.value?.settingsProblems?.length) info.value = await api.settings.info();
      return true;
    } catch (e) {
      fieldErrors.value = { ...fieldErrors.value, [key]: `Not saved: ${messageOf(e)}` };
      return false;
    }
  }

  return { settings, info, error, fieldErrors, load, update };
});
