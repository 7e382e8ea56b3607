import { createApp } from 'vue'
import App from './App.vue'
import { pinia } from './stores/pinia'
import { router } from './router'
import './styles/base.css'

createApp(App).use(pinia).use(router).mount('#app')
