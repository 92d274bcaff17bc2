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

/** A CSS variable of the current theme, for chart colours that follow light/dark. */
export function themeColor(name: string, fallback: string): string {
  if (typeof getComputedStyle === 'undefined') return fallback
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}
