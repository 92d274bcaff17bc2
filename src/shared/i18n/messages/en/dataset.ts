/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  view: {
    title: 'Dataset',
    subtitle:
      "A folder of images, one subfolder per class (torchvision's ImageFolder). Decoded once, cached, ready to train.",
    opening: 'Opening…',
    /** The phases of opening a dataset, by the engine's code. */
    phases: {
      scan: 'Looking for images',
      decode: 'Decoding and resizing',
      cache: 'Writing the cache'
    }
  },
  picker: {
    drop: 'Drop a folder of images here',
    dropHint: 'one subfolder per class · {formats}',
    choose: 'Choose folder…',
    dropNeedsPath:
      'A browser cannot tell the engine where a dropped folder is: type its path below.',
    pathLabel: "Folder on the engine's machine",
    open: 'Open',
    resolution: 'Resolution',
    channels: 'Channels',
    fit: 'Fit',
    auto: 'auto',
    grayscale: 'grayscale',
    colour: 'colour',
    crop: 'centre crop',
    letterbox: 'letterbox',
    builtins: 'Or a built-in set:'
  },
  builtins: {
    shapes: {
      label: 'Shapes',
      hint: 'Coloured shapes by class, generated on the spot: trains in seconds.'
    },
    fashionMnist: {
      hint: '{count} 28×28 garments in ten classes (Debian package {pkg}).'
    }
  },
  summary: {
    images: '{n} image | {n} images',
    classes: '{n} class | {n} classes',
    unlabeled: '{n} class (unlabeled)',
    grayscale: 'grayscale',
    colour: 'colour',
    fromCache: 'from cache',
    example: '{name} example',
    exampleNumbered: '{name} example {i}',
    enlarge: 'Click to enlarge',
    skipped: '{n} file skipped | {n} files skipped',
    more: '… and {n} more'
  }
}
