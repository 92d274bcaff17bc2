import { defineStore } from 'pinia'
import { ref } from 'vue'

/** The one enlarged image shown over the studio (click any thumbnail). */
export const useLightboxStore = defineStore('lightbox', () => {
  const shown = ref<{ url: string; alt: string }>()
  return {
    shown,
    open: (url: string, alt: string) => (shown.value = { url, alt }),
    close: () => (shown.value = undefined)
  }
})
