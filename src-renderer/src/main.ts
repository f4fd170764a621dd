import { createApp } from 'vue';
import { createPinia } from 'pinia';
// Connects to the core first: under `serve` this takes the token out of the address bar.
import './api/client';
import App from './App.vue';
import { router } from './router';

createApp(App).use(createPinia()).use(router).mount('#app');
