/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  view: {
    title: 'Generate',
    subtitle: "Images by class label from a checkpoint's generator: same seed, same images.",
    empty: 'Choose a run above, or press Generate on a checkpoint in Runs.'
  },
  picker: {
    run: 'Run',
    chooseRun: 'choose a run…',
    checkpoint: 'Checkpoint',
    step: 'step {step}'
  },
  form: {
    class: 'Class',
    count: 'Count',
    seed: 'Seed',
    truncation: 'Truncation (optional)',
    truncationHint: 'Resample noise components beyond ±t: less variety, more typical images.',
    truncationNone: 'none'
  },
  actions: {
    generate: 'Generate',
    cancel: 'Cancel',
    generating: 'Generating'
  },
  results: {
    pickTitle: '{label} #{i} (click to pick)',
    enlarge: 'Enlarge',
    enlargeLabel: 'Enlarge {label} #{i}',
    caption: '{label} #{i}, seed {seed}',
    selected: '{n} selected',
    pickHint: 'Click images to pick some, or save all',
    downloadSelected: 'Download selected (.zip)',
    downloadAll: 'Download all (.zip)',
    saveDirPlaceholder: "or a folder on the engine's machine: {example}",
    saveDirLabel: 'Folder to save into',
    saveSelected: 'Save selected…',
    saveAll: 'Save all…',
    saveSelectedToFolder: 'Save selected to folder',
    saveAllToFolder: 'Save all to folder'
  },
  interpolate: {
    title: 'Interpolate between two seeds',
    fromSeed: 'From seed',
    toSeed: 'To seed',
    images: 'Images',
    run: 'Interpolate',
    downloadStrip: 'Download strip (.png)',
    saveStrip: 'Save strip images…',
    saveStripToFolder: 'Save strip images to folder',
    saveStripTitle: 'Into the folder typed above',
    stepTitle: 'Step {i} of the path (click to enlarge)',
    caption: '{label} interpolation {i}'
  },
  notices: {
    saved: 'Saved {n} image to {dir}. | Saved {n} images to {dir}.',
    downloading: 'Downloading {n} image as {file}. | Downloading {n} images as {file}.',
    savedStrip: "Saved the strip's {n} images to {dir}."
  },
  problems: {
    noLoadableCheckpoint: 'Run {run} has no checkpoint that loads yet.',
    chooseCheckpoint:
      'Choose a checkpoint first: pick a run above, or press Generate on a checkpoint in Runs.',
    generateFirst: 'Generate some images first.',
    interpolateFirst: 'Interpolate first.'
  },
  /** The enlargeable thumbnails and the lightbox every view shares. */
  media: {
    clickToEnlarge: '{alt} (click to enlarge)',
    close: 'Close'
  }
}
