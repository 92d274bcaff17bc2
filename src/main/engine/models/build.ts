import type * as tf from '@tensorflow/tfjs'
import { buildDiscriminator, buildGenerator, type DcganSpec } from './dcgan'
import { buildResnetDiscriminator, buildResnetGenerator } from './resnet'

/** G for a spec, by its architecture (dcgan unless it says resnet). */
export function buildGeneratorFor(spec: DcganSpec): tf.LayersModel {
  return spec.architecture === 'resnet' ? buildResnetGenerator(spec) : buildGenerator(spec)
}

/** D for a spec, by its architecture (the resnet D conditions by projection). */
export function buildDiscriminatorFor(spec: DcganSpec): tf.LayersModel {
  return spec.architecture === 'resnet' ? buildResnetDiscriminator(spec) : buildDiscriminator(spec)
}
