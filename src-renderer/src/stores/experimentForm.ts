/**
 * The New experiment form: a draft run config edited field by field (dotted paths), checked
 * against the run-config schema on every change, and the preset it started from. Messages show
 * once a field was touched or a submit was tried, plus any the core sent back.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { getPath } from '../../../src-shared/base/values';
import { presetById } from '../../../src-shared/experiment/presets';
import {
  configIssues,
  issueAt,
  normalizeIssuePath,
  type FieldIssue,
} from '../experiment/formIssues';

export type Draft = Record<string, unknown>;

const STARTING_PRESET = 'nielsen-ch1';

function presetDraft(id: string): Draft {
  return structuredClone((presetById(id) ?? presetById(STARTING_PRESET))?.config ?? {}) as Draft;
}

export const useExperimentFormStore = defineStore('experimentForm', () => {
  const presetId = ref<string | null>(STARTING_PRESET);
  const draft = ref<Draft>(presetDraft(STARTING_PRESET));
  const touched = ref(new Set<string>());
  const submitted = ref(false);
  const serverIssues = ref<FieldIssue[]>([]);

  const issues = computed(() => configIssues(draft.value));
  const valid = computed(() => issues.value.length === 0);

  function applyPreset(id: string): void {
    presetId.value = id;
    draft.value = presetDraft(id);
    touched.value = new Set();
    submitted.value = false;
    serverIssues.value = [];
  }

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
    touched.value.add(path);
    serverIssues.value = serverIssues.value.filter((i) => !i.path.startsWith(path));
    presetId.value = null;
  }

  /** The message to show under a field, or null. */
  function issue(path: string, nested = false): string | null {
    const fromServer = issueAt(serverIssues.value, path, nested);
    if (fromServer) return fromServer;
    const shown =
      submitted.value || [...touched.value].some((t) => t === path || t.startsWith(`${path}.`));
    return shown ? issueAt(issues.value, path, nested) : null;
  }

  function setServerIssues(list: FieldIssue[]): void {
    serverIssues.value = list.map((i) => ({ ...i, path: normalizeIssuePath(i.path) }));
  }

  /** The draft as a plain config to send: a deep copy (JSON, as on the wire) of the reactive
   * draft, so later edits do not change what was sent. */
  const config = () => JSON.parse(JSON.stringify(draft.value)) as RunConfigInput;

  return {
    ...{ presetId, draft, submitted, issues, valid, serverIssues },
    ...{ applyPreset, get, set, issue, setServerIssues, config },
  };
});
