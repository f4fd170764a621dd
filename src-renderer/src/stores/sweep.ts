/**
 * The sweep builder: rows of "vary this field over these values" plus seeds, read into a sweep
 * spec, and the run count the core says the spec expands to. The fields a row can vary are those
 * of the config the New experiment form is editing, so they follow its network as it changes.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api } from '../api/client';
import type { SweepSpecInput } from '../../../src-shared/experiment/sweep';
import { defaultValues, parseSeeds, sweepFieldsFor } from '../experiment/sweepFields';
import { readSweepRows, type SweepRow } from '../experiment/sweepRows';
import { messageOf } from './errors';
import { useExperimentFormStore } from './experimentForm';

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
  const form = useExperimentFormStore();
  const rows = ref<SweepRow[]>([]);
  const seedsText = ref('1');
  const name = ref('');
  const preview = ref<{ count: number | null; error: string | null; pending: boolean }>({
    count: null,
    error: null,
    pending: false,
  });

  /** What a row can vary now: the fields of the config being edited. */
  const fields = computed(() => sweepFieldsFor(form.config()));
  const fieldAt = (path: string) => fields.value.find((f) => f.path === path);

  /** Per-row problems (by index), the seeds problem, and the grid when everything reads. */
  const parsed = computed(() => {
    const { problems, grid } = readSweepRows(rows.value, fields.value);
    const rowErrors = problems.map((p) => p?.message ?? null);
    const seeds = parseSeeds(seedsText.value);
    const seedsError = 'error' in seeds ? seeds.error : null;
    const ok = rowErrors.every((e) => e === null) && !seedsError;
    return {
      problems,
      rowErrors,
      seedsError,
      grid,
      seeds: 'seeds' in seeds ? seeds.seeds : [],
      ok,
    };
  });

  /** One issue per row in error, at the control that fixes it (the field choice or the values),
   * and the seeds'. */
  const issues = computed((): SweepIssue[] => {
    const { problems, seedsError } = parsed.value;
    const rowIssues = problems.flatMap((problem, i) => {
      if (problem === null) return [];
      const controlId =
        problem.at === 'field' ? sweepControlIds.field(i) : sweepControlIds.values(i);
      return [{ controlId, label: `Sweep row ${i + 1}`, message: problem.message }];
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
  function addRow(): void {
    const used = new Set(rows.value.map((r) => r.path));
    const field = fields.value.find((f) => !used.has(f.path)) ?? fields.value[0];
    rows.value.push({
      path: field.path,
      label: field.label,
      text: defaultValues(field, form.config()),
    });
  }

  /** Points row `i` at another field; its values were for the old field, so they start over. */
  function setRowField(i: number, path: string): void {
    const field = fieldAt(path);
    if (field)
      rows.value[i] = { path, label: field.label, text: defaultValues(field, form.config()) };
  }
  const removeRow = (i: number) => rows.value.splice(i, 1);

  let generation = 0;
  // A count for rows that no longer read (a field removed from the network, a value mistyped)
  // would be a count of runs nobody can queue: it goes at once, not at the next preview.
  watch(
    () => parsed.value.ok,
    (ok) => {
      if (ok) return;
      generation += 1;
      preview.value = { count: null, error: null, pending: false };
    },
  );
  /** Asks the core how many runs the spec over the form's config creates; a newer request wins
   * over an older one. */
  async function refreshPreview(): Promise<void> {
    const mine = ++generation;
    if (!parsed.value.ok) {
      preview.value = { count: null, error: null, pending: false };
      return;
    }
    preview.value = { ...preview.value, pending: true };
    try {
      const { count } = await api.queue.previewSweep(spec(form.config()));
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
    fields,
    fieldAt,
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
