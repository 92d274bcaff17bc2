/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  train: {
    backend: 'backend: {backend} ({reason})',
    threads: {
      scheduled: 'threads: as the {backend} backend schedules them',
      wasm: 'threads: {threads} ({where}; --wasm-threads <n> or GAN_STUDIO_WASM_THREADS changes it)',
      inThread: 'in this thread',
      pool: "XNNPACK's pool in the training worker"
    },
    data: 'data:    {name}: {count} images, {classes}, {size}',
    dataFromCache: 'data:    {name}: {count} images, {classes}, {size} (from the cache)',
    classes: '{count} classes',
    unlabeled: 'unlabeled',
    run: 'run:     {dir}',
    resume: 'resume:  from {dir}',
    samples: 'samples: {dir} (latest: {file})',
    metrics: 'metrics: {file}',
    state: {
      running: 'running: {message}',
      paused: 'paused: {message}',
      stopping: 'stopping: {message}'
    },
    warning: 'warning: {message}',
    error: 'error: {message}',
    stoppedBeforeStart: 'stopped: before the first step; no run was written.',
    finished: 'finished: {steps} steps.',
    failed: 'training failed',
    progress: {
      steps: '{step}/{total} steps',
      epoch: 'epoch {epoch}',
      speed: '{ips} img/s',
      eta: 'ETA {eta}',
      unknown: '?',
      hours: '{h}h{m}m',
      minutes: '{m}m{s}s',
      seconds: '{s}s'
    },
    errors: {
      needsData: 'train needs --data and --out (or --resume <checkpoint> to continue a run).',
      judgeNeedsScore: '--judge-steps sets the judge of --score-every; add --score-every <n>.',
      loss: '--loss takes ns, minimax, wgan-gp or hinge.',
      resolution: '--resolution takes 28, 32 or 64.'
    }
  },
  options: {
    wholeNumberRange: '{option} takes a whole number from {min} to {max}.',
    wholeNumberAtLeast: '{option} takes a whole number of {min} or more.',
    learningRate: '{option} takes a learning rate above 0 and at most {max}, like 2e-4.',
    positiveNumber: '{option} takes a number above 0, at most {max}.',
    seedPair: '--interpolate takes two seeds, as in --interpolate 3,17.'
  },
  generate: {
    needOutput: 'Say where the images go: --grid <file.png> or --out-dir <dir> (or both).',
    backend: 'backend: {backend} ({reason})',
    grid: 'grid:    {path} ({count} images)',
    images: 'images:  {count} PNGs in {dir}'
  },
  score: {
    skipped: 'skipped: {path} will not load: {problem}',
    backend: 'backend: {backend} ({reason})',
    judgeProgress: '  judge: step {step}/{steps}, loss {loss}',
    unreliable: 'warning: the judge is unreliable ({reason}); these scores say little.'
  },
  torch: {
    trainIt: 'Train it on this machine (see {readme} for a cluster):',
    bringBack: 'then bring it back: gan-studio import-torch {dir}',
    runId: 'run id: {runId}',
    generateFromIt:
      'generate from it: gan-studio generate --checkpoint {checkpoint} --grid grid.png'
  },
  dataset: {
    summary: {
      head: '{name}: {count} image(s), {kind}, {size}, {channels} channel(s) ({colour}){source}',
      classes: '{count} class(es)',
      unlabeled: 'unlabeled (no class folders)',
      grayscale: 'grayscale',
      rgb: 'RGB',
      fromCache: ', from the cache',
      decoded: ', {count} file(s) decoded',
      classesHeading: 'classes:',
      skippedHeading: 'skipped {count} file(s):',
      skippedMore: '  … and {count} more (--json lists them all)',
      skippedNone: 'skipped: none',
      warningsHeading: 'warnings:'
    },
    exported: 'Wrote {written} PNG(s) in {classes} class folder(s) to {folder}',
    positiveInteger: 'expected a whole number ≥ 1.'
  },
  info: {
    backend: 'backend: {backend}',
    adapter: 'adapter: {adapter}',
    why: 'why:     {reason}',
    notTried: '  · {backend}: not tried (a better backend loaded)',
    data: 'data:    {dir}'
  }
}
