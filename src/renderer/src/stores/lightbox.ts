import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The one enlarged image shown over the studio (click any thumbnail). Its caption may be a
 * function, called at render, so a language switch while it is open re-words it.
 */
export const useLightboxStore = defineStore('lightbox', () => {
  const shown = ref<{ url: string; alt: string | (() => string) }>()
  return {
    shown,
    open: (url: string, alt: string | (() => string)) => (shown.value = { url, alt }),
    close: () => (shown.value = undefined)
  }
})
