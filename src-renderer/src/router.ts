/**
 * Routes, with hash history: in Electron the app is loaded from a file, where only the hash can
 * change without a reload.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
import NewExperimentView from './views/NewExperimentView.vue';
import QueueView from './views/QueueView.vue';
import RunsView from './views/RunsView.vue';
import RunDetailView from './views/RunDetailView.vue';
import CompareView from './views/CompareView.vue';
import ReportsView from './views/ReportsView.vue';
import SettingsView from './views/SettingsView.vue';
import NotFoundView from './views/NotFoundView.vue';

/** "1,2,3" → [1, 2, 3]; anything that is not a positive whole number is dropped. */
export function idsFromQuery(value: unknown): number[] {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return text
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/new' },
    { path: '/new', name: 'new', component: NewExperimentView, meta: { title: 'New experiment' } },
    { path: '/queue', name: 'queue', component: QueueView, meta: { title: 'Queue' } },
    { path: '/runs', name: 'runs', component: RunsView, meta: { title: 'Runs' } },
    {
      path: '/runs/:id(\\d+)',
      name: 'run',
      component: RunDetailView,
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: 'Run' },
    },
    {
      path: '/compare',
      name: 'compare',
      component: CompareView,
      props: (route) => ({ ids: idsFromQuery(route.query.ids) }),
      meta: { title: 'Compare' },
    },
    {
      path: '/reports',
      name: 'reports',
      component: ReportsView,
      props: (route) => ({ ids: idsFromQuery(route.query.ids) }),
      meta: { title: 'Reports' },
    },
    { path: '/settings', name: 'settings', component: SettingsView, meta: { title: 'Settings' } },
    {
      path: '/:rest(.*)*',
      name: 'not-found',
      component: NotFoundView,
      meta: { title: 'Not found' },
    },
  ],
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · Backprop Workbench`;
});
