import { ref } from 'vue'
import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LogarithmicScale,
  LineElement,
  PointElement,
  Tooltip
} from 'chart.js'

// Register only what the studio draws: smaller bundle, and one place to see it.
Chart.register(
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  CategoryScale,
  Tooltip,
  Legend,
  Filler
)

/**
 * Bumped when the system switches light/dark: computed chart options that read it (through
 * themeColor) are rebuilt, so charts take the new palette without a reload.
 */
export const themeTick = ref(0)
if (typeof window !== 'undefined' && window.matchMedia) {
  window
    .matchMedia('(prefers-color-scheme: dark)')
    .addEventListener?.('change', () => themeTick.value++)
}

/** A CSS variable of the current theme, for chart colours that follow light/dark. */
export function themeColor(name: string, fallback: string): string {
  void themeTick.value
  if (typeof getComputedStyle === 'undefined') return fallback
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}
