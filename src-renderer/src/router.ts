/**
 * Routes, with hash history: in Electron the app is loaded from a file, where only the hash can
 * change without a reload.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
// The first screen loads with the app; the others load when first opened.
import NewExperimentView from './views/NewExperimentView.vue';

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
    {
      path: '/queue',
      name: 'queue',
      component: () => import('./views/QueueView.vue'),
      meta: { title: 'Queue' },
    },
    {
      path: '/runs',
      name: 'runs',
      component: () => import('./views/RunsView.vue'),
      meta: { title: 'Runs' },
    },
    {
      path: '/trash',
      name: 'trash',
      component: () => import('./views/TrashView.vue'),
      meta: { title: 'Trash' },
    },
    {
      path: '/runs/:id(\\d+)',
      name: 'run',
      component: () => import('./views/RunDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
      meta: { title: 'Run' },
    },
    {
      path: '/compare',
      name: 'compare',
      component: () => import('./views/CompareView.vue'),
      props: (route) => ({ ids: idsFromQuery(route.query.ids) }),
      meta: { title: 'Compare' },
    },
    {
      path: '/reports',
      name: 'reports',
      component: () => import('./views/ReportsView.vue'),
      props: (route) => ({ ids: idsFromQuery(route.query.ids) }),
      meta: { title: 'Reports' },
    },
    {
      path: '/settings',
      name: 'settings',
      component: () => import('./views/SettingsView.vue'),
      meta: { title: 'Settings' },
    },
    {
      path: '/:rest(.*)*',
      name: 'not-found',
      component: () => import('./views/NotFoundView.vue'),
      meta: { title: 'Not found' },
    },
  ],
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · Backprop Workbench`;
});
