import type { StudioApi } from '../../src/shared/api'

/**
 * Installs a fake StudioApi where the preload puts the real one (`window.studio`), so the
 * renderer's `studio()` returns it; `undefined` removes it.
 */
export function setStudio(fake: StudioApi | undefined): void {
  const target = globalThis as { studio?: StudioApi }
  if (fake) target.studio = fake
  else delete target.studio
}
