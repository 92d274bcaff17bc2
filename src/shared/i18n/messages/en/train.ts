/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  view: {
    title: 'Train',
    subtitle:
      "D learns to tell real from generated; G learns to fool it. Watch both losses and D's outputs."
  },
  controls: {
    start: 'Start',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    run: 'run {id}',
    onDataset: 'on {name}',
    noDataset: 'Open a dataset first (Dataset view).',
    needsFixing: '{n} setting needs fixing: {errors} | {n} settings need fixing: {errors}',
    states: {
      idle: 'ready',
      starting: 'starting…',
      running: 'training',
      paused: 'paused',
      stopping: 'stopping…',
      finished: 'finished',
      stopped: 'stopped',
      failed: 'failed'
    },
    stats: {
      step: 'step',
      epoch: 'epoch',
      imagesPerSecond: 'images/s',
      elapsed: 'elapsed',
      eta: 'ETA'
    },
    duration: {
      hm: '{h}h {m}m',
      ms: '{m}m {s}s',
      s: '{s}s'
    }
  },
  settings: {
    legend: 'Settings',
    locked: '· of the run training now (locked)',
    totalSteps: '{steps} step in all | {steps} steps in all',
    totalUnknown: 'Open a dataset to see how many steps this trains.',
    techniques: 'Techniques beyond DCGAN',
    reset: 'Reset to defaults',
    on: 'on',
    off: 'off',
    conditionalOn: 'on: by class',
    labelPlanes: 'label planes',
    projection: 'projection',
    tturOn: 'on (G 1e-4, D 4e-4)',
    augmentFixed: 'fixed strength',
    augmentAdaptive: 'adaptive (ADA)'
  },
  /** The form's labels; also the field's name in a validation message. */
  fields: {
    loss: 'Loss',
    conditional: 'Labels (cGAN)',
    batchSize: 'Batch size',
    epochs: 'Epochs',
    maxSteps: 'Stop after steps',
    sampleEvery: 'Samples every',
    lrG: 'Learning rate G',
    lrD: 'Learning rate D',
    dSteps: 'k (D steps per G)',
    modelWidth: 'Model width',
    noiseDim: 'Noise dimension',
    labelSmoothing: 'Label smoothing',
    instanceNoise: 'Instance noise σ',
    seed: 'Seed',
    mismatchedLabels: 'Wrong-label fakes',
    checkpointEvery: 'Checkpoint every'
  },
  /** A field's name in a validation message where it differs from its label. */
  fieldNames: {
    conditional: 'Labels',
    dSteps: 'k'
  },
  hints: {
    maxSteps: 'all epochs',
    sampleEveryAuto: "Follows the run's length: about 20 grids per run, at most every 100 steps",
    sampleEvery: 'Steps between sample grids',
    modelWidth: "Filters of the widest layer (64 is DCGAN's); smaller trains much faster on a CPU.",
    labelSmoothing: 'One-sided: real targets become 1 − s, a discriminator less sure of itself.',
    instanceNoise:
      "Gaussian noise on D's inputs, decaying to 0: overlaps the two distributions early on.",
    mismatchedLabels:
      'D also sees real images with wrong labels as fakes, so it judges the pair (label, image).'
  },
  losses: {
    nonSaturating: {
      label: 'non-saturating',
      hint: 'G maximises log D(G(z)): strong gradients early on'
    },
    minimax: {
      label: 'minimax',
      hint: "G minimises log(1 − D(G(z))): the paper's original game"
    },
    wganGp: {
      label: 'WGAN-GP',
      hint: 'Wasserstein critic with a gradient penalty'
    },
    hinge: {
      label: 'hinge',
      hint: 'hinge loss on the critic scores'
    }
  },
  /** DiffAugment's transforms, as the checkboxes name them. */
  augmentOps: {
    translation: 'translation',
    cutout: 'cutout',
    color: 'color'
  },
  /** A setting the form cannot start with, as the line under it says. */
  validation: {
    moreThan: '{field} must be more than {min}.',
    atLeast: '{field} must be at least {min}.',
    lessThan: '{field} must be less than {max}.',
    atMost: '{field} must be at most {max}.',
    pickAtLeast: '{field}: pick at least {min}.',
    wholeNumber: '{field} must be a whole number.',
    number: '{field} must be a number.',
    oneOf: '{field} must be one of {options}.',
    studioMax:
      '{field} can be at most {max} in the studio (the command line, gan-studio train, allows more).',
    needsConditional: '{field} need a conditional model (turn labels on).',
    other: '{field}: {message}'
  },
  samples: {
    title: 'Samples from fixed noise',
    step: 'step {step}',
    loading: 'loading step {step}…',
    empty: 'The first grid appears after the first sample interval.',
    enlarge: 'Click to enlarge',
    scrub: 'Scrub through earlier sample grids',
    alt: 'Samples at step {step}',
    altByClass: 'Samples at step {step}, one row per class'
  },
  errors: {
    noDataset: 'Open a dataset first (the Dataset view).'
  }
}
