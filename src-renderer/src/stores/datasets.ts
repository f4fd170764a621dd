/** The datasets the core can load, with the reason when one is missing; loaded once. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { DatasetInfo } from '../../../src-shared/contract/types';
import { messageOf } from './errors';

export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<DatasetInfo[]>([]);
  const error = ref<string | null>(null);
  let pending: Promise<void> | null = null;

  function load(): Promise<void> {
    pending ??= api.datasets
      .list()
      .then((l) => void (list.value = l))
      .catch((e: unknown) => {
        error.value = messageOf(e);
        pending = null;
      });
    return pending;
  }

  const byId = (id: string) => list.value.find((d) => d.id === id);

  return { list, error, load, byId };
});
