import * as tf from '@tensorflow/tfjs'
import { layerWeight, permute, torchToTf, type WeightPlace } from './layout'
import type { TensorMap } from './safetensors'

/**
 * Adam's state between the studio (tfjs) and PyTorch. Both keep, per variable, the moments
 * m and v and one step count t, and both update var −= lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ),
 * v̂ = v/(1 − β₂ᵗ). tfjs holds t as its `iterations` and β^(t+1) as accBeta (the power for
 * the next update); torch holds `step` = t per parameter. tfjs's ε is 1e-7, torch's default
 * 1e-8: train.py passes 1e-7.
 *
 * In train.py's state.safetensors: `<model>.adam.<param>.exp_avg`, `….exp_avg_sq` in the
 * parameter's torch layout, and `<model>.adam.step`.
 */
export async function adamToTorch(
  optimizer: tf.Optimizer,
  model: tf.LayersModel,
  places: WeightPlace[],
  prefix: string,
  out: TensorMap
): Promise<number> {
  const weights = await optimizer.getWeights()
  const [iterations, ...slots] = weights
  try {
    if (slots.length === 0) return 0 // never stepped: torch's Adam starts empty too
    const trainable = model.trainableWeights
    if (slots.length !== 2 * trainable.length) {
      throw new Error(
        `${model.name}'s optimiser holds ${slots.length} slots; ${2 * trainable.length} were expected (m and v for each of ${trainable.length} weights).`
      )
    }
    const placeOf = new Map(places.map((p) => [layerWeight(model, p), p] as const))
    trainable.forEach((w, i) => {
      const place = placeOf.get(w)
      if (!place) throw new Error(`${model.name}: no PyTorch name for ${w.originalName}.`)
      for (const [slot, key] of [
        [slots[i]!, 'exp_avg'],
        [slots[trainable.length + i]!, 'exp_avg_sq']
      ] as const) {
        const shape = slot.tensor.shape
        if (shape.join() !== w.shape.join()) {
          throw new Error(
            `${model.name}'s optimiser slot ${slot.name} has shape [${shape}], its weight [${w.shape}].`
          )
        }
        const data = slot.tensor.dataSync() as Float32Array
        out.set(
          `${prefix}adam.${place.torch}.${key}`,
          place.perm
            ? permute(data, shape, place.perm)
            : { dtype: 'F32', shape: [...shape], data: Float32Array.from(data) }
        )
      }
    })
    const step = iterations!.tensor.dataSync()[0]!
    out.set(`${prefix}adam.step`, { dtype: 'F32', shape: [], data: Float32Array.of(step) })
    return step
  } finally {
    // iterations is a fresh scalar; the slots are the optimiser's own variables.
    iterations?.tensor.dispose()
  }
}

/** The studio's Adam, holding the state train.py saved (empty when it has none). */
export async function adamFromTorch(
  model: tf.LayersModel,
  places: WeightPlace[],
  arrays: TensorMap,
  prefix: string,
  settings: { lr: number; beta1: number; beta2: number },
  what: string
): Promise<tf.Optimizer> {
  const optimizer = tf.train.adam(settings.lr, settings.beta1, settings.beta2)
  const step = arrays.get(`${prefix}adam.step`)
  if (!step) return optimizer
  const placeOf = new Map(places.map((p) => [layerWeight(model, p), p] as const))
  const moments = (key: 'exp_avg' | 'exp_avg_sq', suffix: string) =>
    model.trainableWeights.map((w) => {
      const place = placeOf.get(w)
      if (!place) throw new Error(`${model.name}: no PyTorch name for ${w.originalName}.`)
      const name = `${prefix}adam.${place.torch}.${key}`
      const array = arrays.get(name)
      if (!array) throw new Error(`${what} has no ${name}.`)
      return {
        name: `${w.originalName}/${suffix}`,
        tensor: torchToTf(array, place, w.shape as number[], what)
      }
    })
  const named = [
    { name: 'iter', tensor: tf.scalar(Math.round(step.data[0]!), 'int32') },
    ...moments('exp_avg', 'm'),
    ...moments('exp_avg_sq', 'v')
  ]
  await optimizer.setWeights(named)
  // setWeights copied every tensor into variables of its own.
  tf.dispose(named.map((n) => n.tensor))
  return optimizer
}
