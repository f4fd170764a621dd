/**
 * Keeps the Runs view and the URL in step, both ways: a link, a reload or Back sets the view
 * from the query; a change of search, columns, sort or selection rewrites the query (replace,
 * so typing a search does not fill the history). Opening #/runs with no query shows the view
 * the user left (the store keeps it; columns and sort also across restarts).
 */
import { watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useRunsStore } from '../stores/runs';
import { sameQuery, viewFromQuery, viewToQuery } from '../runs/runsView';
import { columnById, defaultColumnIds } from '../components/runs/runColumns';

export function useRunsViewUrl(): void {
  const route = useRoute();
  const router = useRouter();
  const runs = useRunsStore();
  const known = (id: string) => columnById(id) !== null;

  watch(
    () => route.query,
    (query) => {
      // The route changes before this view unmounts: never read another page's query.
      if (route.name !== 'runs') return;
      if (Object.keys(query).length === 0) {
        const remembered = viewToQuery(runs.view, defaultColumnIds);
        if (Object.keys(remembered).length) void router.replace({ query: remembered });
        return;
      }
      const view = viewFromQuery(query, defaultColumnIds, known);
      if (!sameQuery(viewToQuery(view, defaultColumnIds), viewToQuery(runs.view, defaultColumnIds)))
        runs.applyView(view);
    },
    { immediate: true },
  );

  watch(
    () => viewToQuery(runs.view, defaultColumnIds),
    (query) => {
      if (route.name === 'runs' && !sameQuery(query, route.query)) void router.replace({ query });
    },
  );
}
