/**
 * English: the source every other language mirrors, key for key (see ../README.md).
 * `codes` has one message per code of ERROR_CODES (src/shared/errorCodes.ts, camelCased),
 * with the params that code carries; errorText() (renderer) fills them in.
 */
export default {
  /** An error with no message of its own. */
  unknown: 'Something went wrong in the engine.',
  codes: {
    // Calls and transports
    invalidArgument: 'Invalid {field}: {reason}.',
    unavailable: '"{method}" is not available in this shell.',
    untrustedSender: 'Refused a call from a page that is not GAN Studio.',
    disconnected: 'The connection to the engine closed. Try again.',
    closed: 'The engine’s worker was closed before it answered.',
    malformedReply: 'GAN Studio sent a malformed reply; please report this.',
    // The engine process and its workers
    engineCrashed: 'The engine stopped ({detail}). Restart the engine to continue.',
    workerCrashed: 'The engine’s worker stopped ({detail}).',
    workerMissing:
      'The engine’s worker is missing from {path}: rebuild the studio with `npm run build`.',
    // Confinement and folder grants
    pathNotChosen:
      'Refused {where}: "{path}" is not in a folder you chose. Choose the folder with File › Open dataset folder… or by dropping it onto the window.',
    pathInvalid: 'Refused {where}: {reason}.',
    pathRefused:
      'Refused {where}: "{path}" is outside the folders this server may use ({allowed}). To allow it, restart the server with gan-studio serve --allow "{resolved}"',
    pathNotAbsolute: 'Cannot use "{path}": expected an absolute path.',
    pathUnfollowable:
      'Cannot use "{path}": it cannot be followed (a broken link, or no permission).',
    // Datasets
    notFound: '"{path}" does not exist. Check the path, or choose the folder again.',
    notAFolder:
      '"{path}" is a file, not a folder. Choose the folder that holds your images (one subfolder per class); for MNIST-style .idx/.gz files, import them as IDX.',
    emptyFolder:
      'The folder "{path}" is empty. Put your images in it, one subfolder per class (e.g. {example}), and open it again.',
    noImages:
      'No images found in "{path}". Looked for {extensions} files in the folder and its subfolders. Put the images in one subfolder per class and open the folder again.',
    noImagesOtherFiles:
      'No images found in "{path}". Looked for {extensions} files in the folder and its subfolders; found {count} other file(s), e.g. "{example}". Put the images in one subfolder per class and open the folder again.',
    noReadableImages:
      'None of the {count} image file(s) in "{path}" could be read; the list of skipped files says why. Fix or replace them and open the folder again.',
    noIdxImages:
      'No IDX image files in "{path}" (looked for names like train-images-idx3-ubyte[.gz] and t10k-images-idx3-ubyte[.gz]).',
    datasetEmpty: 'The dataset has no images to train on.',
    unreadable: 'Cannot read "{path}": {reason}. Check that you may read it.',
    missingPackage:
      'Fashion-MNIST is not installed: {file} is missing. Install Debian’s package with `sudo apt-get install {package}`, or import its IDX files from another folder.',
    badIdx: '"{file}" is not a usable IDX file ({reason}). Download it again.',
    badState: 'The saved data position is not valid: {reason}',
    streamSizeMismatch:
      'The saved data position is for a dataset of {saved} images, but this one has {count}. Reopen the same dataset to resume, or start a new run.',
    badOptions: 'Invalid dataset options: {reason}',
    batchTooLarge:
      'The batch size ({batchSize}) is larger than the dataset ({count} images), so no whole batch fits. Choose a batch size of at most the dataset size.',
    aborted: 'Opening the dataset was cancelled.',
    classHasOneImage:
      'Class "{name}" has only one image; the model can learn little about it. Add more images to that folder, or remove it.',
    classFolderEmpty: 'Folder "{name}" holds no images, so it is not used as a class.',
    classUnreadable:
      'Class "{name}" has no readable images and is left out; see the skipped files.',
    cacheRebuilt: 'The dataset cache was unusable ({reason}); it has been rebuilt.',
    skipNotImage: 'not an image type the studio reads ({ext}; reads {extensions})',
    skipNoExtension: 'no file extension (images need one of {extensions})',
    skipLooseImage:
      'outside any class folder: with class subfolders present, loose images are not used (move it into the folder of its class)',
    skipReplaced: 'no longer a file (replaced while the folder was being read)',
    skipUnreadable: 'cannot read: {detail}',
    skipFolderUnreadable: 'folder not read: {detail}; its images are left out',
    skipTooLarge:
      'too large a file ({size}; the studio reads image files up to {max}): scale it down or save it compressed',
    skipChanged:
      'changed while the folder was being read ({listed} bytes when listed, {read} when read); open the folder again once it has finished copying',
    skipUndecodable:
      'not a readable image ({detail}): open it in an image viewer to check, or remove it',
    // Runs and checkpoints
    badRunId: '"{runId}" is not a run id (a run id is one folder name, without / \\ or ..).',
    runNotFound: 'There is no run "{runId}" in {dir}.',
    checkpointNotFound: 'Run "{runId}" has no checkpoint at step {step}.',
    noSample: 'Run "{runId}" has no sample grid at step {step}.',
    notAStep: '{step} is not a step number.',
    checkpointCorrupt: 'The checkpoint at {path} will not load: {problem}',
    noLoadableCheckpoint: 'Run "{runId}" has no checkpoint that loads.',
    checkpointConfigUnusable:
      'The checkpoint at {path} records a config this version cannot use: {reason}',
    notResumable:
      'Cannot resume from {path}: the run differs from the checkpoint in {differences}.',
    runIsTraining: 'Run "{runId}" is training; stop it first.',
    runFolderTaken: '{path} already holds a run (it has a config.json). Choose a new run folder.',
    fileExists:
      '{path} already holds {files}; choose an empty folder (or export with the overwrite option to replace them).',
    checkpointSaveFailed:
      'The checkpoint at step {step} could not be written ({reason}); training goes on, and the previous checkpoint stays the latest.',
    checkpointPruneFailed: 'Old checkpoints could not be deleted: {reason}',
    metricsWriteFailed:
      'Metrics could not be written to {path} ({reason}); training goes on and they are written when the disk allows.',
    diskFull:
      'The disk is full: metrics could not be written to {path}. Training goes on; free some space and they are written then.',
    // Training
    trainingBusy: 'A run ({runId}) is already under way. Stop it before starting another.',
    notRunning: 'No run is training.',
    nanLossDiscriminator:
      'Training stopped at step {step}: the discriminator loss became {loss} (not a finite number). Nothing from that step was saved. Lower the learning rates, or try another loss (wgan-gp or hinge).',
    nanLossGenerator:
      'Training stopped at step {step}: the generator loss became {loss} (not a finite number). Nothing from that step was saved. Lower the learning rates, or try another loss (wgan-gp or hinge).',
    resolutionUnsupported:
      'dcgan trains on {sizes} pixel images; this dataset is {size}×{size}. Reopen it at one of those resolutions.',
    tooFewImages:
      '{name} has {count} images, fewer than one batch of {batchSize}. Lower the batch size or add images.',
    stoppedAtStep: 'Stopped at step {step} of {total}.',
    trainingFailed:
      'Training failed: the training worker stopped ({detail}). Resume the run from its last checkpoint, or start it again.',
    // The Lab
    labRunning: 'The Lab is already running: pause it first.',
    labStepWhileRunning: 'Pause the Lab before stepping it by hand.',
    noSession: 'Pick an experiment first.',
    labDiverged:
      'The Lab’s GAN diverged at step {step} ({what} is not finite). Lower lrG and lrD, or start again with another seed.',
    labWorkerCrashed:
      'The Lab’s worker stopped ({detail}). Pick the experiment again to start over.',
    // Generation
    cancelled: 'The generation was cancelled.',
    generationRunning: 'Generation "{id}" is already running.',
    tooManyGenerations: '{count} generations are running; wait for one to finish or cancel it.',
    generationNotFound:
      'The engine no longer holds generation "{id}" (it keeps the last {keep}). Generate again: the same seed gives the same images.',
    generationImageMissing:
      'Generation "{id}" has no image {index}: it holds {count} (0 to {last}).',
    tooManyImages:
      'That is {total} images, more than {max} at once. Ask for one label, or fewer images.',
    unlabeledModel: 'This model was trained without labels; it cannot generate "{label}".',
    unknownLabel: 'This model has no label "{label}". Its labels are {labels}.',
    badPrefix: '"{prefix}" is not a file prefix (letters, digits, . _ or -, at most 64).'
  }
}
