/**
 * The sweep builder: rows of "vary this field over these values" plus seeds, read into a sweep
 * spec, and the run count the core says the spec expands to.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { SweepSpecInput } from '../../../src-shared/experiment/sweep';
import {
  defaultValues,
  parseSeeds,
  parseSweepValues,
  sweepFields,
} from '../experiment/sweepFields';
import { messageOf } from './errors';

export interface SweepRow {
  path: string;
  text: string;
}

/** A problem of the sweep builder for the form's "N fields to fix": which control shows it
 * (its DOM id, to jump to), a short label and the message. */
export interface SweepIssue {
  controlId: string;
  label: string;
  message: string;
}

/** DOM ids of a row's controls, shared by the builder and the issue summary. */
export const sweepControlIds = {
  field: (i: number) => `sweep-field-${i}`,
  values: (i: number) => `sweep-values-${i}`,
  seeds: 'sweep-seeds',
};

export const useSweepStore = defineStore('sweep', () => {
  const rows = ref<SweepRow[]>([]);
  const seedsText = ref('1');
  const name = ref('');
  const preview = ref<{ count: number | null; error: string | null; pending: boolean }>({
    count: null,
    error: null,
    pending: false,
  });

  /** Per-row problems (by index), the seeds problem, and the grid when everything reads. */
  const parsed = computed(() => {
    const rowErrors: (string | null)[] = [];
    const grid: Record<string, unknown[]> = {};
    rows.value.forEach((row, i) => {
      const field = sweepFields.find((f) => f.path === row.path);
      const earlier = rows.value.findIndex((r) => r.path === row.path);
      const result = !field
        ? { error: `unknown field ${row.path}` }
        : earlier < i
          ? {
              error: `${field.label} is already varied in row ${earlier + 1}: put all its values there`,
            }
          : parseSweepValues(field, row.text);
      rowErrors.push('error' in result ? result.error : null);
      if ('values' in result) grid[row.path] = result.values;
    });
    const seeds = parseSeeds(seedsText.value);
    const seedsError = 'error' in seeds ? seeds.error : null;
    const ok = rowErrors.every((e) => e === null) && !seedsError;
    return { rowErrors, seedsError, grid, seeds: 'seeds' in seeds ? seeds.seeds : [], ok };
  });

  /** One issue per row in error (at its field choice when the field is already varied, else at
   * its values), and the seeds'. */
  const issues = computed((): SweepIssue[] => {
    const { rowErrors, seedsError } = parsed.value;
    const rowIssues = rowErrors.flatMap((message, i) => {
      if (message === null) return [];
      const repeated = rows.value.findIndex((r) => r.path === rows.value[i].path) < i;
      const controlId = repeated ? sweepControlIds.field(i) : sweepControlIds.values(i);
      return [{ controlId, label: `Sweep row ${i + 1}`, message }];
    });
    const seeds = seedsError
      ? [{ controlId: sweepControlIds.seeds, label: 'Sweep seeds', message: seedsError }]
      : [];
    return [...rowIssues, ...seeds];
  });

  /** A sweep is in use once a field varies or more than one seed is asked for. */
  const active = computed(() => rows.value.length > 0 || parsed.value.seeds.length > 1);

  function spec(base: Record<string, unknown>): SweepSpecInput {
    const { grid, seeds } = parsed.value;
    return { name: name.value || String(base.name || 'sweep'), base, grid, seeds };
  }

  /** Adds a row for the first field not yet varied, with that field's default values. */
  function addRow(base: Record<string, unknown>): void {
    const used = new Set(rows.value.map((r) => r.path));
    const field = sweepFields.find((f) => !used.has(f.path)) ?? sweepFields[0];
    rows.value.push({ path: field.path, text: defaultValues(field, base) });
  }

  /** Points row `i` at another field; its values were for the old field, so they start over. */
  function setRowField(i: number, path: string, base: Record<string, unknown>): void {
    const field = sweepFields.find((f) => f.path === path);
    if (field) rows.value[i] = { path, text: defaultValues(field, base) };
  }
  const removeRow = (i: number) => rows.value.splice(i, 1);

  let generation = 0;
  /** Asks the core how many runs the spec creates; a newer request wins over an older one. */
  async function refreshPreview(base: Record<string, unknown>): Promise<void> {
    const mine = ++generation;
    if (!parsed.value.ok) {
      preview.value = { count: null, error: null, pending: false };
      return;
    }
    preview.value = { ...preview.value, pending: true };
    try {
      const { count } = await api.queue.previewSweep(spec(base));
      if (mine === generation) preview.value = { count, error: null, pending: false };
    } catch (e) {
      if (mine === generation) preview.value = { count: null, error: messageOf(e), pending: false };
    }
  }

  return {
    rows,
    seedsText,
    name,
    preview,
    parsed,
    issues,
    active,
    spec,
    addRow,
    setRowField,
    removeRow,
    refreshPreview,
  };
});
