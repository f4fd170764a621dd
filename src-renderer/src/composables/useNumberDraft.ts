/**
 * A number field bound to a dotted path of the experiment draft. The text stays as typed; the
 * draft gets the number, or the text itself when it is not one (so the schema names the field),
 * or nothing when empty (an optional field then takes its default).
 */
import { computed, ref, watch } from 'vue';
import { useExperimentFormStore } from '../stores/experimentForm';

export function useNumberDraft(path: () => string) {
  const form = useExperimentFormStore();
  const shown = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const text = ref(shown(form.get(path())));
  watch(
    () => form.get(path()),
    (v) => {
      if (Number(text.value) !== v || text.value.trim() === '') text.value = shown(v);
    },
  );
  const error = computed(() => form.issue(path()));

  function onInput(value: string): void {
    text.value = value;
    const t = value.trim();
    form.set(path(), t === '' ? undefined : Number.isFinite(Number(t)) ? Number(t) : t);
  }
  return { text, error, onInput };
}
