/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  /** `&` marks the access key (Alt+letter on Windows and Linux). */
  app: {
    about: 'About {app}',
    services: 'Services',
    hide: 'Hide {app}',
    hideOthers: 'Hide Others',
    showAll: 'Show All',
    quit: 'Quit {app}'
  },
  file: {
    title: '&File',
    openDataset: 'Open Dataset Folder…',
    openRun: 'Open Run Folder…',
    export: 'Export…',
    restartEngine: 'Restart Engine',
    quit: 'Quit'
  },
  edit: {
    title: '&Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All'
  },
  view: {
    title: '&View',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    appearance: 'Appearance',
    followSystem: 'Follow System',
    light: 'Light',
    dark: 'Dark',
    fullScreen: 'Toggle Full Screen'
  },
  window: {
    title: '&Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    close: 'Close Window'
  },
  help: {
    title: '&Help',
    readme: 'GAN Studio on the Web (README)',
    about: 'About {app}'
  },
  about: {
    title: 'About {app}',
    detail: 'Train conditional GANs on your own pictures.',
    dataFolder: 'Data folder: {path}',
    ok: 'OK'
  },
  /** Shown when the app itself fails to start (before any window). */
  startup: {
    failed: '{app} could not start',
    report: 'Please report this.'
  },
  /** The native folder pickers. */
  dialogs: {
    dataset: {
      title: 'Open dataset folder',
      button: 'Open',
      message: 'A folder of images, one sub-folder per class.'
    },
    run: { title: 'Open run folder', button: 'Open' },
    export: { title: 'Export to folder', button: 'Export here' }
  }
}
