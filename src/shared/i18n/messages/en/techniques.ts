/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  // One entry per technique of src/shared/techniques.ts: its label in the Train view and
  // the one sentence the view and `gan-studio train --help` show.
  model: {
    label: 'Architecture',
    help: 'dcgan (default) or resnet: residual blocks in G and D, slower per step but sharper at 64×64 and up.'
  },
  ema: {
    label: 'EMA of G',
    help: "Samples, previews, scores and exports come from a moving average of G's weights, which smooths out the step-to-step jitter and usually gives cleaner pictures."
  },
  emaDecay: {
    label: 'EMA decay',
    help: 'How slowly the average follows G (0.999 by default): higher is smoother but lags further behind.'
  },
  conditioning: {
    label: 'D sees labels by',
    help: 'planes (classic cGAN) or projection: D scores how well an image matches its class through a learned class vector, which keeps similar classes (shirts, pullovers) apart better.'
  },
  spectralNorm: {
    label: 'Spectral norm in D',
    help: 'Caps how sharply D can change its mind about an image, which keeps training stable; pairs well with the hinge loss.'
  },
  augment: {
    label: 'DiffAugment',
    help: 'Shifts, cuts out and recolours real and fake images alike before D sees them, so D cannot memorise a small folder; adaptive turns it up only when D starts to overfit.'
  },
  augmentOps: {
    label: 'Augment with',
    help: 'Which transforms augmentation uses: translation, cutout, color (comma-separated; all three by default).'
  },
  augmentStrength: {
    label: 'Augment strength',
    help: 'With fixed augmentation, the chance (0–1) that each transform is applied to an image.'
  },
  augmentTarget: {
    label: 'Adaptive target',
    help: 'With adaptive augmentation, how sure D may be of real images (0.6 by default) before augmentation rises.'
  },
  r1Gamma: {
    label: 'R1 penalty γ',
    help: "Penalises D's steepness on real images (0 is off; try 1 to 10), which calms oscillation and helps G converge."
  },
  ttur: {
    label: 'TTUR',
    help: 'Two time-scale learning rates: D learns four times faster than G (lr D 4e-4, G 1e-4), so D stays a good judge without G chasing it.'
  },
  // The train command's refusals of a technique flag's value.
  cli: {
    numberRange: '{flag} takes a number from {min} to {max}; got "{value}".',
    opsUnknown:
      '--augment-ops takes a comma-separated list of {ops}; "{names}" is not one of them.',
    opsNone: '--augment-ops takes a comma-separated list of {ops}; got none.'
  }
}
