/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  nav: {
    label: 'Views',
    collapse: 'Collapse the sidebar',
    expand: 'Expand the sidebar',
    /** A view's tooltip: its name, then what it is for. */
    itemTitle: '{label}: {hint}',
    items: {
      dataset: { label: 'Dataset', hint: 'Open a folder of images' },
      train: { label: 'Train', hint: 'Train and watch it learn' },
      runs: { label: 'Runs', hint: 'Every run: curves, samples, compare, checkpoints' },
      generate: { label: 'Generate', hint: 'Images by class label' },
      lab: { label: 'Lab', hint: 'The theory, live' }
    }
  },
  status: {
    connection: {
      connecting: 'connecting…',
      ready: 'engine ready',
      crashed: 'engine stopped',
      restarting: 'engine restarting…',
      disconnected: 'disconnected'
    },
    /** Before the backend's name, which is set in bold. */
    backend: 'backend {name}',
    adapter: 'on {adapter}',
    unnamedAdapter: 'unnamed adapter',
    software: 'software',
    /** Composed from the engine's attempts where the engine's own (English) line is not shown. */
    reason: {
      notInstalled: '{backends} not installed',
      failed: '{backends} failed to load',
      chosenByEnv: 'chosen by {variable}',
      chosenBySetting: 'chosen in the settings',
      separator: '; '
    },
    shell: { desktop: 'desktop', browser: 'browser' },
    shellVersion: '{shell} · v{version}'
  },
  problem: {
    title: 'The engine is not reachable.',
    noReason: 'It stopped without saying why.',
    restart: 'Restart the engine',
    resumeHint: "A run's last checkpoint can be resumed from Checkpoints.",
    /** `command` is `gan-studio serve`, set as code. */
    serveAgain: 'Start {command} again, then reload this page.'
  }
}
