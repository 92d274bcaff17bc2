/** English: the source every other language mirrors, key for key (see ../README.md). */
export default {
  /** Any chart's frame: its tools, downloads and spoken description. */
  chart: {
    step: 'step',
    csvTitle: 'Download the shown curves as CSV',
    pngTitle: 'Download the chart as PNG',
    smoothing: 'smoothing',
    smoothingTitle: "Exponential moving average, as TensorBoard's",
    smoothingOf: 'Smoothing of {title}',
    log: 'log',
    firstStep: 'First step shown in {title}',
    lastStep: 'Last step shown in {title}',
    reset: 'Reset',
    dragToZoom: 'Drag across the chart to zoom into those steps',
    aria: '{title}: {lines} against {x}',
    listSeparator: ', '
  },
  /** A run's curves (Train and Runs). */
  curves: {
    losses: 'Losses',
    lossAxis: 'loss',
    dLoss: 'D loss',
    gLoss: 'G loss',
    criticTitle: 'Critic scores ({loss}): mean on real, mean on fakes',
    criticAxis: 'critic score',
    criticReal: 'score on real',
    criticFake: 'score on fakes',
    outputsTitle: "D's outputs: mean D(x) on real, mean D(G(z)) on fakes",
    probabilityAxis: 'probability "real"',
    equilibrium: 'equilibrium ½'
  },
  /** The Lab's picture of p_data, p_G and D on one x axis. */
  lab: {
    fit: {
      kl: 'KL fit (maximum likelihood)',
      reverseKl: 'reverse-KL fit',
      js: 'JS fit',
      gan: "G's Gaussian"
    },
    critic: 'critic C(x)',
    gHistogram: 'G histogram',
    gKde: 'p_G (KDE)',
    variantKde: 'p_G (KDE), {variant}',
    density: 'density',
    aria: 'Densities p_data and p_G, and D(x), against x'
  }
}
