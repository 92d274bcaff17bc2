import * as tf from '@tensorflow/tfjs'

/**
 * WGAN-GP differentiates a gradient: the penalty on ‖∇x D(x)‖ is itself differentiated
 * with respect to D's weights. tfjs supports grad-of-grad, and every op on that path
 * has a gradient except one: LeakyReLU's gradient selects with `greater(x, 0)`, and
 * `Greater` has no registered gradient, so the outer backprop throws.
 *
 * A comparison is piecewise constant, so its derivative is exactly zero wherever it is
 * defined (everywhere but x = 0, where torch also takes 0). Registering that zero
 * gradient is exact, not an approximation; checked against torch.autograd in
 * test/main/engine/train/losses.test.ts.
 */
export function ensureSecondOrderGradients(): void {
  if (hasGradient('Greater')) return
  tf.registerGradient({
    kernelName: 'Greater',
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor]
      return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) }
    }
  })
}

function hasGradient(kernelName: string): boolean {
  // getGradient returns undefined for a missing kernel (its type says otherwise).
  return (tf.getGradient(kernelName) as tf.GradConfig | undefined) !== undefined
}
