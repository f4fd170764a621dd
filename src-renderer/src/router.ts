import { createRouter, createWebHashHistory } from 'vue-router';
import { defineComponent, h } from 'vue';

const placeholder = (title: string) => defineComponent({ render: () => h('h1', title) });

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/new' },
    { path: '/new', component: placeholder('New experiment') },
    { path: '/queue', component: placeholder('Queue') },
    { path: '/runs', component: placeholder('Runs') },
    { path: '/compare', component: placeholder('Compare') },
    { path: '/reports', component: placeholder('Reports') },
  ],
});
