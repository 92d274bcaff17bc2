import * as tf from '@tensorflow/tfjs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { bytesOfSpec } from './checkpointLoad'
import { CHECKPOINT_FILES } from './runLayout'

/**
 * Both Adam optimisers' state as two files: optimizers.json (tf.io weight specs with offsets,
 * Adam's bias-correction powers) and optimizers.bin (the slots' data, G's then D's).
 */

interface AdamInternals {
  accBeta1?: tf.Variable
  accBeta2?: tf.Variable
}

export async function encodeOptimizers(
  g: tf.Optimizer,
  d: tf.Optimizer
): Promise<{ json: string; data: Uint8Array }> {
  const buffers: ArrayBuffer[] = []
  const json: Record<
    string,
    { className: string; specs: tf.io.WeightsManifestEntry[]; accBeta: [number, number] | null }
  > = {}
  let offset = 0
  for (const [name, opt] of [
    ['generator', g],
    ['discriminator', d]
  ] as const) {
    const weights = await opt.getWeights()
    const adam = opt as unknown as AdamInternals
    // Restored as saved: setWeights would recompute them from the iteration count.
    const accBeta: [number, number] | null =
      adam.accBeta1 && adam.accBeta2
        ? [(await adam.accBeta1.data())[0]!, (await adam.accBeta2.data())[0]!]
        : null
    // Names are prefixed by index: two variables may share a name across models.
    const named = weights.map((w, i) => ({ name: `${i}:${w.name}`, tensor: w.tensor }))
    const { data, specs } = await tf.io.encodeWeights(named)
    const buffer = tf.io.CompositeArrayBuffer.join(data)
    buffers.push(buffer)
    json[name] = {
      className: opt.getClassName(),
      specs: specs.map((s) => ({ ...s, offset })) as tf.io.WeightsManifestEntry[],
      accBeta
    }
    offset += buffer.byteLength
    // iterations is a fresh scalar from getWeights; the slots are the optimiser's own.
    weights[0]?.tensor.dispose()
  }
  return {
    json: JSON.stringify({ version: 1, optimizers: json }),
    data: new Uint8Array(tf.io.CompositeArrayBuffer.join(buffers))
  }
}

const OptimizersJsonSchema = z.object({
  version: z.literal(1),
  optimizers: z.record(
    z.string(),
    z.object({
      className: z.string(),
      specs: z.array(
        z
          .object({
            name: z.string(),
            shape: z.array(z.number()),
            dtype: z.string(),
            offset: z.number()
          })
          .loose()
      ),
      accBeta: z.tuple([z.number(), z.number()]).nullable()
    })
  )
})

/**
 * Restores both optimisers' slots. Adam creates its moment variables lazily; setWeights
 * creates them directly (index-matched to the variables of the next applyGradients, which
 * come in the model's trainableWeights order), so no warm-up step is needed.
 */
export async function restoreOptimizers(
  dir: string,
  g: tf.Optimizer,
  d: tf.Optimizer
): Promise<void> {
  const jsonPath = join(dir, CHECKPOINT_FILES.optimizersJson)
  const json = OptimizersJsonSchema.parse(JSON.parse(await readFile(jsonPath, 'utf8')))
  const bytes = await readFile(join(dir, CHECKPOINT_FILES.optimizersBin))
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  for (const [name, opt] of [
    ['generator', g],
    ['discriminator', d]
  ] as const) {
    const saved = json.optimizers[name]
    if (!saved) throw new Error(`${jsonPath} has no ${name} optimiser.`)
    if (saved.className !== opt.getClassName()) {
      throw new Error(
        `The checkpoint's ${name} optimiser is ${saved.className}, this run's is ${opt.getClassName()}.`
      )
    }
    const start = saved.specs[0]?.offset ?? 0
    const size = saved.specs.reduce((n, s) => n + bytesOfSpec(s as tf.io.WeightsManifestEntry), 0)
    const specs = saved.specs.map(({ offset: _o, ...s }) => s) as tf.io.WeightsManifestEntry[]
    const map = tf.io.decodeWeights(data.slice(start, start + size), specs)
    const named = specs.map((s) => ({ name: s.name.replace(/^\d+:/, ''), tensor: map[s.name]! }))
    await opt.setWeights(named)
    // setWeights copied the slots into new variables.
    tf.dispose(Object.values(map))
    const { accBeta1, accBeta2 } = opt as unknown as AdamInternals
    if (saved.accBeta && accBeta1 && accBeta2) {
      const [b1, b2] = saved.accBeta
      tf.tidy(() => {
        accBeta1.assign(tf.scalar(b1))
        accBeta2.assign(tf.scalar(b2))
      })
    }
  }
}
