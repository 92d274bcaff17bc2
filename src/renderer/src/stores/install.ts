import { createPinia, disposePinia, type Pinia } from 'pinia'
import type { App } from 'vue'

/** Gives the app its stores; unmounting the app disposes them, and their engine subscriptions. */
export function installStores(app: App): Pinia {
  const pinia = createPinia()
  app.use(pinia)
  app.onUnmount(() => disposePinia(pinia))
  return pinia
}
