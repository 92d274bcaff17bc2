import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ViewName = 'dataset' | 'train' | 'checkpoints' | 'generate' | 'lab'

/** Which view is showing; stores move the user along (e.g. a menu's "Open dataset…"). */
export const useNavigationStore = defineStore('navigation', () => {
  const current = ref<ViewName>('dataset')
  const go = (view: ViewName): void => {
    current.value = view
  }
  return { current, go }
})
