/** A table's selected run ids: a Set in a ref, toggled in place (10,000 ids need no copy). */
import { ref, triggerRef } from 'vue';

export function useSelection() {
  const selected = ref<Set<number>>(new Set());
  function toggle(id: number, on = !selected.value.has(id)): void {
    if (on) selected.value.add(id);
    else selected.value.delete(id);
    triggerRef(selected);
  }
  function forget(ids: Iterable<number>): void {
    for (const id of ids) selected.value.delete(id);
    triggerRef(selected);
  }
  return { selected, toggle, forget };
}
