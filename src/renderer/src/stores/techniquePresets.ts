import {
  CLASSIC_DCGAN,
  TECHNIQUE_FIELDS,
  TrainConfigSchema,
  type TrainConfigInput
} from '@shared/train'

/**
 * The Train view's two starting points for the techniques: the recommended default (what a
 * fresh form has: the combination the quality table chose) and the classic DCGAN, the
 * textbook model to learn from or compare against. Choosing one sets TECHNIQUE_FIELDS; any
 * other setting stays.
 */
export type TechniqueField = (typeof TECHNIQUE_FIELDS)[number]
export const TECHNIQUE_PRESETS = ['recommended', 'classic'] as const
export type TechniquePreset = (typeof TECHNIQUE_PRESETS)[number]
type TechniqueValues = Pick<TrainConfigInput, TechniqueField>

/** Each preset's technique fields, worked out once (the defaults never change at run time). */
const PRESETS: Record<TechniquePreset, TechniqueValues> = (() => {
  const defaults = TrainConfigSchema.parse({ dataset: { kind: 'builtin', name: 'shapes' } })
  const recommended = Object.fromEntries(
    TECHNIQUE_FIELDS.map((key) => [key, defaults[key]])
  ) as TechniqueValues
  return { recommended, classic: { ...recommended, ...CLASSIC_DCGAN } }
})()

/** The technique fields of `preset`, as a fresh form would have them under it (a copy to keep). */
export function presetValues(preset: TechniquePreset): TechniqueValues {
  return structuredClone(PRESETS[preset])
}

/** Which preset the form's techniques are, or 'custom' when they are neither. */
export function presetOf(form: Partial<TechniqueValues>): TechniquePreset | 'custom' {
  const same = (preset: TechniquePreset) =>
    TECHNIQUE_FIELDS.every((k) => JSON.stringify(form[k]) === JSON.stringify(PRESETS[preset][k]))
  return TECHNIQUE_PRESETS.find(same) ?? 'custom'
}

/**
 * Forms are saved whole, so one saved before the default became the recommended techniques
 * holds the classic DCGAN's values whether or not its user chose them. Such a form (no
 * `formVersion` saved beside it, techniques all classic) takes the recommended ones; a form with
 * any technique changed keeps it. Bump the version when the defaults change again.
 */
export const TECHNIQUE_DEFAULTS_VERSION = 2

export function adoptDefaults<F extends Partial<TechniqueValues>>(
  saved: F,
  savedVersion: number | undefined,
  defaults: Partial<TechniqueValues>
): F {
  if (savedVersion === TECHNIQUE_DEFAULTS_VERSION) return saved
  return presetOf({ ...defaults, ...saved }) === 'classic'
    ? { ...saved, ...presetValues('recommended') }
    : saved
}
