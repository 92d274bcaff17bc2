import * as tf from '@tensorflow/tfjs'
import { isBceLoss, type LabLoss } from '../../../shared/lab'
import { discriminatorLoss, generatorLoss } from '../train/losses'

/**
 * The Lab's four games, on D's raw output l (a logit for the BCE losses, a critic's score
 * for 'wgan-gp' and 'kl'). Each returns a scalar to minimise.
 *
 * - minimax, non-saturating: BCE for D; log(1 − D(G(z))) or −log D(G(z)) for G.
 * - wgan-gp: D is a critic C; D minimises E C(G(z)) − E C(x) + λ·penalty, G minimises −E C(G(z)).
 * - kl: the f-GAN with f(u) = u log u (Nowozin et al. 2016), whose game minimises
 *   KL(p_data ‖ p_G). With T = klCritic(l) and f*(t) = exp(t − 1), D maximises E T(x) − E exp(T(G(z)) − 1)
 *   (at its best, T = 1 + log(p_data/p_G) and the value is the KL), and G minimises the same
 *   value, i.e. −E exp(T(G(z)) − 1).
 */

/**
 * The f-GAN critic is bounded, T = B·tanh(v/B), so exp(T − 1) stays below e⁵ and neither player
 * can run off where the other has no samples. The bound still holds for any T, so the estimate
 * stays a lower bound on the KL; it only caps the ratio p_data/p_G the critic can express.
 */
const KL_T_BOUND = 6

export function klCritic(v: tf.Tensor): tf.Tensor {
  return tf.mul(tf.tanh(tf.div(v, KL_T_BOUND)), KL_T_BOUND)
}

function fStar(v: tf.Tensor): tf.Tensor {
  return tf.exp(tf.sub(klCritic(v), 1))
}

export interface CriticScores {
  real: tf.Tensor
  fake: tf.Tensor
  /** Real x with wrong labels (conditional, wrong-label negatives on): a second kind of fake. */
  mismatched?: tf.Tensor
}

/** D's loss without the gradient penalty (WGAN-GP's caller adds it: it needs D itself). */
export function labDiscriminatorLoss(loss: LabLoss, scores: CriticScores): tf.Scalar {
  if (isBceLoss(loss)) return discriminatorLoss('non-saturating', scores)
  return tf.tidy(() => {
    const fakeTerm = (t: tf.Tensor): tf.Tensor =>
      loss === 'wgan-gp' ? tf.mean(t) : tf.mean(fStar(t))
    const fakes = scores.mismatched
      ? tf.mul(tf.add(fakeTerm(scores.fake), fakeTerm(scores.mismatched)), 0.5)
      : fakeTerm(scores.fake)
    const real = loss === 'kl' ? klCritic(scores.real) : scores.real
    return tf.sub(fakes, tf.mean(real)) as tf.Scalar
  })
}

export function labGeneratorLoss(loss: LabLoss, fake: tf.Tensor): tf.Scalar {
  if (isBceLoss(loss)) return generatorLoss(loss, fake)
  return tf.tidy(() => tf.neg(tf.mean(loss === 'wgan-gp' ? fake : fStar(fake))) as tf.Scalar)
}

/**
 * What a critic estimates on samples: W₁ ≈ E C(x) − E C(G(z)) for WGAN-GP, the f-GAN's lower
 * bound E T(x) − E exp(T(G(z)) − 1) on KL(p_data ‖ p_G) for 'kl'.
 */
export function criticEstimate(loss: LabLoss, real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(labDiscriminatorLoss(loss, { real, fake })) as tf.Scalar)
}
