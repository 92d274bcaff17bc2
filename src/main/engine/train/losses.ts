import * as tf from '@tensorflow/tfjs'
import type { LossName } from '../../../shared/train'

/**
 * GAN losses, all on D's raw output (a logit, or a critic score for WGAN-GP), so the
 * sigmoid never saturates to exactly 0 or 1 in float32. With σ the sigmoid:
 *   log σ(l)     = −softplus(−l)
 *   log(1 − σ(l)) = −softplus(l)
 * and tfjs's softplus is the stable max(l, 0) + log1p(exp(−|l|)) form.
 *
 * Each function returns a scalar to minimise.
 */

export interface DiscriminatorLogits {
  /** D(x, y) on real images with their labels. */
  real: tf.Tensor
  /** D(G(z, y), y) on generated images. */
  fake: tf.Tensor
  /** D(x, y') on real images with wrong labels (conditional, `mismatchedLabels` on). */
  mismatched?: tf.Tensor
}

export interface DiscriminatorLossOptions {
  /** One-sided label smoothing: the real target is 1 − s (BCE losses only). */
  labelSmoothing?: number
}

/**
 * The discriminator's (critic's) loss.
 *
 * - minimax and non-saturating share it: BCE with real → 1 (or 1 − s), fake → 0,
 *   i.e. softplus(l) − t·l on reals and softplus(l) on fakes.
 * - hinge: relu(1 − real) + relu(1 + fake).
 * - wgan-gp: fake − real; the gradient penalty is added by the caller (it needs D).
 *
 * With mismatched labels, real-image/wrong-label pairs are a second kind of fake, and
 * the two fake terms are averaged (Reed et al. 2016, GAN-CLS), so the real and fake
 * sides keep equal weight.
 */
export function discriminatorLoss(
  loss: LossName,
  logits: DiscriminatorLogits,
  options: DiscriminatorLossOptions = {}
): tf.Scalar {
  return tf.tidy(() => {
    const { real, fake, mismatched } = logits
    let realTerm: tf.Tensor
    let fakeTerm: (l: tf.Tensor) => tf.Tensor
    switch (loss) {
      case 'minimax':
      case 'non-saturating': {
        const target = 1 - (options.labelSmoothing ?? 0)
        realTerm = tf.mean(tf.sub(tf.softplus(real), tf.mul(real, target)))
        fakeTerm = (l) => tf.mean(tf.softplus(l))
        break
      }
      case 'hinge':
        realTerm = tf.mean(tf.relu(tf.sub(1, real)))
        fakeTerm = (l) => tf.mean(tf.relu(tf.add(1, l)))
        break
      case 'wgan-gp':
        realTerm = tf.neg(tf.mean(real))
        fakeTerm = (l) => tf.mean(l)
        break
    }
    const fakes = mismatched
      ? tf.mul(tf.add(fakeTerm(fake), fakeTerm(mismatched)), 0.5)
      : fakeTerm(fake)
    return tf.add(realTerm, fakes) as tf.Scalar
  })
}

/**
 * The generator's loss on D's output for its fakes.
 *
 * - minimax: minimise log(1 − D(G(z))) = −softplus(l). Saturates: when D rejects the
 *   fakes confidently (l ≪ 0) its gradient vanishes, exactly when G most needs it.
 * - non-saturating: minimise −log D(G(z)) = softplus(−l), same fixed point, strong
 *   gradients early (Goodfellow et al. 2014).
 * - hinge, wgan-gp: −l, the critic's score pushed up.
 */
export function generatorLoss(loss: LossName, fake: tf.Tensor): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    switch (loss) {
      case 'minimax':
        return tf.neg(tf.mean(tf.softplus(fake))) as tf.Scalar
      case 'non-saturating':
        return tf.mean(tf.softplus(tf.neg(fake))) as tf.Scalar
      case 'hinge':
      case 'wgan-gp':
        return tf.neg(tf.mean(fake)) as tf.Scalar
    }
  })
}

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017): E[(‖∇x̂ D(x̂)‖₂ − 1)²] on points
 * x̂ = ε·real + (1 − ε)·fake, ε ~ U(0, 1) per example. Differentiating it with respect
 * to D's weights is a gradient of a gradient; see secondOrder.ts. Any rank: images
 * `[batch, h, w, c]` in training, the Lab's 1-D points `[batch, 1]`.
 *
 * @param critic D as a function of x alone (labels bound by the caller).
 * @param epsilon one uniform draw per example, broadcast over the rest (`[batch, 1, 1, 1]`).
 */
export function gradientPenalty<T extends tf.Tensor>(
  critic: (x: T) => tf.Tensor,
  real: T,
  fake: T,
  epsilon: T
): tf.Scalar {
  const xHat = tf.add(fake, tf.mul(epsilon, tf.sub(real, fake))) as T
  const grad = tf.grad((x) => tf.sum(critic(x as T)))(xHat)
  const perExample = [...Array(grad.rank).keys()].slice(1)
  // The tiny constant keeps sqrt's derivative finite where a gradient is exactly 0.
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(grad), perExample), 1e-12))
  return tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar
}

/**
 * R1 (Mescheder et al. 2018): E[‖∇x D(x)‖²] on real images only; the caller weighs it by
 * γ/2. Pushing D's gradient on the data towards zero damps the oscillation around the
 * equilibrium. Like WGAN-GP's penalty it is a gradient of a gradient (secondOrder.ts).
 */
export function r1Penalty(critic: (x: tf.Tensor4D) => tf.Tensor, real: tf.Tensor4D): tf.Scalar {
  const grad = tf.grad((x) => tf.sum(critic(x as tf.Tensor4D)))(real)
  return tf.mean(tf.sum(tf.square(grad), [1, 2, 3])) as tf.Scalar
}

/**
 * What the progress reports call D(x): the mean probability for the BCE losses, the
 * mean raw score for hinge and WGAN-GP, whose outputs are not probabilities.
 */
export function meanDiscriminatorOutput(loss: LossName, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    loss === 'minimax' || loss === 'non-saturating' ? tf.mean(tf.sigmoid(logits)) : tf.mean(logits)
  )
}
