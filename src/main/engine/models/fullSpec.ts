import type { DcganSpec } from './dcgan'

/**
 * The spec with every default filled in: the one place the defaults are written (no
 * TensorFlow here, so manifests and resume checks can use it).
 */
export function fullSpec(spec: DcganSpec): Required<DcganSpec> {
  return {
    resolution: spec.resolution,
    channels: spec.channels,
    noiseDim: spec.noiseDim,
    numClasses: spec.numClasses,
    width: spec.width ?? 64,
    seed: spec.seed ?? 0,
    conditioning: spec.conditioning ?? 'planes',
    spectralNorm: spec.spectralNorm ?? false,
    architecture: spec.architecture ?? 'dcgan'
  }
}
