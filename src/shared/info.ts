import { z } from 'zod'
import { LOCALES } from './i18n/locales'
import type { Translate } from './i18n/translate'
import { ReportedPathSchema } from './paths'

/** The TensorFlow.js backends, best first: the ladder the engine climbs down at start. */
export const BACKEND_LADDER = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'] as const
export const BackendNameSchema = z.enum(BACKEND_LADDER)
export type BackendName = z.infer<typeof BackendNameSchema>

/** The GPU adapter Dawn offered the `webgpu` rung (WebGPU's GPUAdapterInfo, trimmed). */
export const WebGpuAdapterSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  /** Driver's device name or description, e.g. "SwiftShader driver 5.0.0"; may be empty. */
  description: z.string(),
  /** A software (fallback) adapter: the ladder never picks one. */
  fallback: z.boolean()
})
export type WebGpuAdapter = z.infer<typeof WebGpuAdapterSchema>

/**
 * One line naming an adapter, e.g. "apple metal-3 (Apple M2)" or "google swiftshader (software)".
 * With `t` (the renderer's), the words of its own are in the user's language.
 */
export function adapterLabel(a: WebGpuAdapter, t?: Translate): string {
  const unnamed = t ? t('app.status.unnamedAdapter') : 'unnamed adapter'
  const software = t ? t('app.status.software') : 'software'
  const name = [a.vendor, a.architecture].filter(Boolean).join(' ') || unnamed
  const notes = [a.description, a.fallback ? software : ''].filter(Boolean)
  return notes.length ? `${name} (${notes.join(', ')})` : name
}

/**
 * How a rung went, as a code for the UI to word: taken, or why it was passed over (its package
 * absent, no Dawn binary for this platform, no GPU adapter, only a software adapter, or any
 * other failure to load).
 */
export const BACKEND_OUTCOMES = [
  'chosen',
  'not-installed',
  'no-binary',
  'no-adapter',
  'software-adapter',
  'failed'
] as const
export type BackendOutcome = (typeof BACKEND_OUTCOMES)[number]

/**
 * The message (`app.status.reason.<key>`, with {backends}) that says why rungs were passed
 * over: the engine's English line and the status bar's words in any language both use it.
 */
export const PASSED_REASON_KEYS = {
  'not-installed': 'notInstalled',
  'no-binary': 'noBinary',
  'no-adapter': 'noAdapter',
  'software-adapter': 'softwareAdapter',
  failed: 'failed'
} as const satisfies Record<Exclude<BackendOutcome, 'chosen'>, string>

export const BackendAttemptSchema = z.object({
  backend: BackendNameSchema,
  ok: z.boolean(),
  outcome: z.enum(BACKEND_OUTCOMES),
  /** Why it was taken or passed over, in English words a user can act on (tooltip, CLI). */
  reason: z.string(),
  /** webgpu only: the adapter it used, or the one it passed over (software). */
  adapter: WebGpuAdapterSchema.optional()
})
export type BackendAttempt = z.infer<typeof BackendAttemptSchema>

export const EngineInfoSchema = z.object({
  version: z.string(),
  backend: BackendNameSchema,
  /** One line: why this backend, e.g. "tfjs-node not installed; wasm with SIMD". */
  backendReason: z.string(),
  attempts: z.array(BackendAttemptSchema),
  /** Where the override came from, if any. */
  override: z.object({ backend: BackendNameSchema, from: z.enum(['env', 'setting']) }).optional(),
  platform: z.string(),
  nodeVersion: z.string(),
  /** Where runs and caches live. */
  dataDir: ReportedPathSchema,
  /** 'desktop' inside Electron (native dialogs), 'browser' through `gan-studio serve`. */
  shell: z.enum(['desktop', 'browser'])
})
export type EngineInfo = z.infer<typeof EngineInfoSchema>

/** The studio's language: one it speaks, or `system` (follow the system's preferences). */
export const LOCALE_CHOICES = ['system', ...LOCALES] as const
export const LocaleChoiceSchema = z.enum(LOCALE_CHOICES)
export type LocaleChoice = z.infer<typeof LocaleChoiceSchema>

export const SettingsSchema = z.object({
  /** Backend override; `auto` climbs the ladder. Takes effect when the engine restarts. */
  backend: z.union([z.literal('auto'), BackendNameSchema]).default('auto'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Kept by the engine (its data folder), so the desktop app and every `serve` port share it. */
  locale: LocaleChoiceSchema.default('system')
})
export type Settings = z.infer<typeof SettingsSchema>

/** A change to some settings: no defaults, so what is not named stays as it was. */
export const SettingsPatchSchema = z
  .object({
    backend: z.union([z.literal('auto'), BackendNameSchema]),
    theme: z.enum(['system', 'light', 'dark']),
    locale: LocaleChoiceSchema
  })
  .partial()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>
