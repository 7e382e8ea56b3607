import { createPinia } from 'pinia'

/** The app's Pinia instance (the router guards use it outside components). */
export const pinia = createPinia()
