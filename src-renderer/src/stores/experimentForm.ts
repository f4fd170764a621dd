/**
 * The New experiment form: a draft run config edited field by field (dotted paths), checked on
 * every change against the run-config schema and against the chosen dataset's input and output
 * sizes, and the preset it started from. The draft holds the network as typed layers
 * (layerDraft.ts): a preset or a cloned run is turned into them when loaded, and the draft is
 * sent in the sizes form. Every issue is shown at once at the control that edits
 * it (formFields), so the count of fields to fix is the count of highlighted fields; issues the
 * core sent back stay until their field is edited.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { getPath } from '../../../src-shared/base/values';
import { presetById } from '../../../src-shared/experiment/presets';
import { normalizeIssuePath, type FieldIssue } from '../experiment/formIssues';
import { fieldOf, issuesByField } from '../experiment/formFields';
import {
  draftIssues,
  formDraftOf,
  fitInputShape,
  layersFitIssues,
  sizesFormOf,
  typedIssues,
} from '../experiment/layerDraft';
import { useDatasetsStore } from './datasets';

export type Draft = Record<string, unknown>;

const STARTING_PRESET = 'nielsen-ch1';

function presetDraft(id: string): Draft {
  return formDraftOf(((presetById(id) ?? presetById(STARTING_PRESET))?.config ?? {}) as Draft);
}

/** Whether a core issue at `issuePath` is about what an edit of `path` changes. */
function related(issuePath: string, path: string): boolean {
  const field = fieldOf(issuePath);
  return (
    issuePath.startsWith(path) ||
    path.startsWith(`${issuePath}.`) ||
    (field !== null && field === fieldOf(path))
  );
}

export const useExperimentFormStore = defineStore('experimentForm', () => {
  const datasets = useDatasetsStore();
  const presetId = ref<string | null>(STARTING_PRESET);
  const draft = ref<Draft>(presetDraft(STARTING_PRESET));
  const serverIssues = ref<FieldIssue[]>([]);

  /** The chosen built-in dataset's description (undefined for files or before it loads). */
  const datasetInfo = computed(() => {
    const dataset = draft.value.dataset ?? 'mnist';
    return typeof dataset === 'string' ? datasets.byId(dataset) : undefined;
  });
  /** Issues found here: the schema's, then whether the layers fit a built-in dataset. */
  const localIssues = computed(() => {
    const { layers } = draft.value;
    return [...draftIssues(draft.value), ...layersFitIssues(layers, datasetInfo.value)];
  });
  const issues = computed(() => [...serverIssues.value, ...localIssues.value]);
  /** One issue per control, in the form's words: what the summary counts and lists. */
  const fieldIssues = computed(() => issuesByField(issues.value));
  const valid = computed(() => localIssues.value.length === 0);

  function applyPreset(id: string): void {
    presetId.value = id;
    draft.value = presetDraft(id);
    serverIssues.value = [];
  }

  /** Fills the form with a config from elsewhere (a run cloned), in either layer form. */
  function load(config: Draft): void {
    presetId.value = null;
    draft.value = formDraftOf(config);
    serverIssues.value = [];
  }

  // Not through set(): the dataset's shape is no edit of the user's.
  watch(
    () => [datasetInfo.value, draft.value.layers] as const,
    ([info, layers]) => fitInputShape(layers, info),
    { immediate: true, deep: true },
  );

  const get = (path: string): unknown => getPath(draft.value, path);

  /** Sets a dotted path (undefined removes the key, so optional fields fall back to defaults). */
  function set(path: string, value: unknown): void {
    const keys = path.split('.');
    let node = draft.value;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Draft;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
    serverIssues.value = serverIssues.value.filter((i) => !related(i.path, path));
    presetId.value = null;
  }

  /** The message to show at the control that edits `field` (a fieldLabels key), or null. */
  const issue = (field: string): string | null =>
    fieldIssues.value.find((i) => i.field === field)?.message ?? null;

  /** Whether an issue is at exactly this path (to mark one input inside a control's row). */
  const hasIssueAt = (path: string): boolean => issues.value.some((i) => i.path === path);

  /** Issues the core sent back. One about a dataset file or folder that cannot be read goes
   * to the path's own box rather than the dataset choice. */
  function setServerIssues(list: FieldIssue[]): void {
    const kind = getPath(draft.value, 'dataset.kind');
    const filePath = kind === 'csv' ? 'dataset.path' : kind === 'idx' ? 'dataset.dir' : null;
    const normalized = list.map((i) => {
      const path = normalizeIssuePath(i.path);
      return { ...i, path: path === 'dataset' && filePath ? filePath : path };
    });
    serverIssues.value = typedIssues(normalized, draft.value.layers);
  }

  /** The draft as a plain config to send, in the sizes form: a deep copy (JSON, as on the wire)
   * of the reactive draft, so later edits do not change what was sent. */
  const config = () =>
    sizesFormOf(JSON.parse(JSON.stringify(draft.value)) as Draft) as RunConfigInput;

  return {
    ...{ presetId, draft, issues, fieldIssues, valid, serverIssues, datasetInfo },
    ...{ applyPreset, load, get, set, issue, hasIssueAt, setServerIssues, config },
  };
});
