/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  view: {
    title: 'Runs',
    subtitle:
      'Every run on disk: name it, open it for its curves and samples, tick two or more to compare, resume or generate from a checkpoint.',
    refresh: 'Refresh',
    empty: 'No runs yet: train one in the Train view; it appears here.'
  },
  /** The table of runs. */
  table: {
    compare: 'compare',
    compareTitle: 'Tick two or more to overlay their curves',
    name: 'name',
    dataset: 'dataset',
    loss: 'loss',
    batch: 'batch',
    lr: 'lr G / D',
    status: 'status',
    steps: 'steps',
    time: 'time',
    bestScore: 'best score',
    bestScoreTitle: 'Lowest Fréchet distance among scored checkpoints (lower is better)',
    compareRun: 'Compare {run}',
    thumbAlt: 'Latest samples of {run}',
    nameTitle: 'Run {id}: type a name, Enter saves',
    nameLabel: 'Name of run {id}',
    damaged: 'damaged',
    bestAt: 'at step {step}',
    bestAtUnreliable: 'at step {step} (judge unreliable)',
    notScored: 'not scored yet'
  },
  status: {
    training: 'training',
    complete: 'complete',
    stoppedEarly: 'stopped early',
    incomplete: 'incomplete'
  },
  /** A run's training time. */
  duration: {
    hm: '{h}h {m}m',
    ms: '{m}m {s}s',
    s: '{s}s'
  },
  compare: {
    heading: 'Compare {n} runs',
    hint: 'Tick two or more runs to overlay their curves.',
    differentLosses:
      "These runs use different losses: their losses and D's outputs are on different scales.",
    dLoss: 'D loss, compared',
    gLoss: 'G loss, compared',
    dReal: 'D on real, compared',
    dFake: 'D on fakes, compared',
    dLossAxis: 'D loss',
    gLossAxis: 'G loss',
    dRealAxis: 'D(x) or critic score',
    dFakeAxis: 'D(G(z)) or critic score'
  },
  /** The open run. */
  detail: {
    live: 'training now, live',
    sampleHistory: 'Sample history'
  },
  checkpoints: {
    heading: 'Checkpoints',
    exportTo: 'Export to folder',
    columns: {
      samples: 'samples',
      step: 'step',
      epoch: 'epoch',
      saved: 'saved',
      dLoss: 'D loss',
      gLoss: 'G loss',
      fidelity: 'label fidelity',
      frechet: 'Fréchet distance',
      diversity: 'diversity ratio'
    },
    titles: {
      fidelity:
        'Share of images made for a label that the judge gives that label (higher is better)',
      frechet:
        "Fréchet distance between the judge's features of generated and real images (lower is better)",
      diversity: 'Variety of generated images over that of real ones (closer to 1 is better)'
    },
    samplesAlt: 'Samples at step {step}',
    notScored: 'Not scored: run gan-studio score on this run',
    unconditional: 'An unconditional model: no labels to check',
    diversity:
      'Variety of generated images over that of real ones (1: as varied as the data; near 0: collapsed)',
    diversityLowFor:
      'Variety of generated images over that of real ones (1: as varied as the data; near 0: collapsed). Low for: {labels}',
    listSeparator: ', ',
    percent: '{value} %',
    bestSoFar: '★ best so far',
    bestSoFarTitle: 'The lowest Fréchet distance up to this step (by the same judge)',
    unreliable: 'unreliable judge',
    unreliableTitle:
      'The judge is barely better than chance on held-out images: these scores say little',
    low: 'low',
    generate: 'Generate',
    resume: 'Resume',
    resumeBusy: 'A run is training: stop it first',
    resumeTitle: 'Continue training from here',
    export: 'Export',
    deleteConfirm: 'Delete it',
    keep: 'Keep',
    delete: 'Delete…',
    empty: 'This run has no checkpoint yet.'
  },
  /** The score charts over a run's checkpoints. */
  scores: {
    note: 'These scores compare checkpoints trained on this dataset, by a judge trained on it; they are not Inception FID and mean nothing across datasets.',
    unreliable: 'Its judge is unreliable: the scores say little.',
    otherJudge:
      'Some checkpoints were scored by another judge (the dataset changed): their scores do not compare.',
    frechetTitle: 'Fréchet distance over steps (lower is better)',
    frechet: 'Fréchet distance',
    fidelity: 'label fidelity',
    diversity: 'diversity ratio',
    ratiosTitle: 'Label fidelity and diversity ratio over steps',
    ratioAxis: 'share or ratio',
    asVaried: 'as varied as the data'
  },
  /** Continuing a run on PyTorch (torchrun). */
  torch: {
    heading: 'Continue on PyTorch',
    intro:
      "Writes a job that continues step {step} with PyTorch's {torchrun} on several GPUs or machines; bring the result back with {importTorch}.",
    button: 'Export to PyTorch',
    exporting: 'Exporting…',
    buttonTitle:
      'Write a PyTorch job (torchrun, DistributedDataParallel) that continues step {step}',
    folder: 'Job folder (new or empty)',
    reference: 'read the dataset folder in place (no copy)',
    export: 'Export',
    done: 'Job written to {path}. Train it there with {command}, then bring it back with {importCommand}.',
    doneImages:
      'Job written to {path} with {n} image. Train it there with {command}, then bring it back with {importCommand}. | Job written to {path} with {n} images. Train it there with {command}, then bring it back with {importCommand}.'
  },
  notice: {
    deletedCheckpoint: 'Deleted the checkpoint at step {step}.',
    deletedRun: 'Deleted run {id}.',
    exported: 'Exported the generator to {path}.'
  },
  errors: {
    didNotResume: 'The run did not resume.'
  }
}
