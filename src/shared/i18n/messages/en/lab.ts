/**
 * English: the source every other language mirrors, key for key (see ../README.md).
 * The Lab: its view, its presets' titles and narratives, and its verdicts (for the studio
 * and the CLI alike). Verdict numbers arrive already formatted, as named values.
 */
export default {
  view: {
    title: 'Lab',
    subtitle:
      'A small GAN on 1-D data, measured against the theory every few steps: D* = p_data / (p_data + p_G), V(G, D*) = −log 4 + 2·JS.',
    experiments: 'Experiments'
  },
  presets: {
    equilibrium: {
      title: 'Equilibrium',
      summary: 'G learns the data: D drifts to 1/2 everywhere and V(G, D) to −log 4.',
      explanation:
        'The global optimum of the minimax game is p_G = p_data. There D* = p_data / (p_data + p_G) ' +
        'is 1/2 at every x, and V(G, D*) = −log 4 + 2·JS = −log 4 because JS is 0. Watch the ' +
        "generator's histogram settle onto the data density, the JS estimate fall toward 0, D(x) " +
        'flatten to the 1/2 line, and V approach −log 4 ≈ −1.386. It hovers rather than lands: both ' +
        'players keep taking noisy steps, so D wobbles around 1/2 by a few hundredths.'
    },
    saturation: {
      title: 'Saturation',
      summary: 'Minimax vs non-saturating G from a bad start: log(1 − D(G(z))) goes flat.',
      explanation:
        'G starts far from the data and D soon rejects its samples with confidence, D(G(z)) ≈ 0. The ' +
        'minimax generator minimises log(1 − D(G(z))), whose slope in D’s logit l is −σ(l) = −D(G(z)): ' +
        'almost nothing. The non-saturating loss −log D(G(z)) has slope −(1 − D(G(z))) ≈ −1 at the ' +
        "same point, so its gradient is larger by about the odds (1 − D)/D. Each frame shows G's " +
        'gradient norm under both losses, on the same D, G and noise: the minimax one shrinks as D grows ' +
        'surer, and G stays where it started, while the same start under the non-saturating loss reaches ' +
        'the data in a few dozen steps. G learns by plain SGD here: Adam would rescale even a vanishing ' +
        'gradient to full-size steps and hide the effect.'
    },
    modeCollapse: {
      title: 'Mode collapse',
      summary: 'Three far-apart modes, G started on one: it never spreads to all three.',
      explanation:
        'The data has three narrow modes with wide empty gaps between them, and G starts as a narrow ' +
        'spike on the middle one, as GANs often are early on. D soon says "data" (D ≈ 1) over the modes ' +
        "G misses, but G only feels D's slope where its own samples are, and a sample that strays into " +
        'a gap meets D ≈ 0 there and is pushed back. With D near D*, the non-saturating G descends ' +
        'KL(p_G ‖ p_data) − 2·JS (Arjovsky & Bottou 2017), and that reverse KL is mode-seeking: it ' +
        'punishes mass where the data has none far more than it punishes a missing mode. Watch the ' +
        'histogram stay on one or two modes (modes covered < 3) while D sits near 1 over the others, ' +
        'and JS stay well above 0: it would be 0.32 for a G that is exactly one of the three modes, ' +
        '0.13 for exactly two.'
    },
    disjoint: {
      title: 'Disjoint supports',
      summary:
        'Data and G do not overlap: JS = log 2, V(G, D*) = 0, the minimax G gets no gradient.',
      explanation:
        'The data and the generator start on supports that do not meet. Then JS(p_data ‖ p_G) = log 2 ' +
        '≈ 0.693 whatever the distance between them, so V(G, D*) = −log 4 + 2·log 2 = 0 is flat in G: ' +
        'moving G a little changes nothing the best D can see. D separates the two perfectly, ' +
        "D(G(z)) → 0, and the minimax generator's gradient, proportional to D(G(z)), falls toward 0. " +
        "Watch JS stay pinned at log 2, V climb to 0, and G's gradient norm shrink step after step " +
        'while G stays put (G learns by plain SGD, which does not rescale a vanishing gradient).'
    },
    optimalD: {
      title: 'The optimal discriminator',
      summary: 'G frozen at a known Gaussian: D converges to D* = p_data / (p_data + p_G).',
      explanation:
        'G is frozen at x = b + w·z, so p_G is the Gaussian N(b, w²), and only D trains. For a fixed G ' +
        'the D that maximises V is D*(x) = p_data(x) / (p_data(x) + p_G(x)). Watch D(x) trace the D* ' +
        'curve where either density has mass: near 1 where only data lives, near 0 where only G does, ' +
        '1/2 where they are equal. Far from both, no sample tells D anything and it may wander. And V ' +
        'settles at −log 4 + 2·JS, the value the theory gives V(G, D*).'
    },
    klVsReverseKl: {
      title: 'KL against reverse KL',
      summary:
        'One Gaussian fitted to two modes by KL, reverse KL and a GAN; and an f-GAN minimising KL.',
      explanation:
        'Maximising likelihood minimises KL(p_data ‖ p_G), which punishes a model for missing any of ' +
        'the data: a single Gaussian fitted that way spreads over both modes, blurring the gap. The ' +
        'reverse KL(p_G ‖ p_data) punishes mass where the data has none, so its Gaussian sits on one ' +
        'mode and ignores the other. Dashed curves show the two, and the Gaussian that minimises JS, ' +
        "the GAN's divergence, which sits between. The GAN's own generator is a Gaussian here " +
        '(x = b + w·z): watch where adversarial training puts it. The notes add that the divergence ' +
        'alone does not explain mode collapse: a second run, an f-GAN whose game minimises KL ' +
        '(the mode-covering one) with a flexible generator, is drawn too; the verdict says whether it ' +
        'covered both modes.'
    },
    gTooFast: {
      title: 'G too fast',
      summary:
        'Ten G steps per D step against k = 5 D steps per G step: D* is only optimal for one G.',
      explanation:
        'The argument that G minimises JS assumes D is (near) D* for the current G. But D* is optimal ' +
        'only for the G it was trained against: when G takes many steps while D stands still, G ' +
        "chases D's old opinion, overshoots the data, and D must catch up from far away. The main run " +
        'takes 10 G steps per D step; the dashed run, from the same start, takes the remedy the ' +
        "algorithm names, k = 5 D steps per G step. Compare JS over time and mean {'|'}D − D*{'|'}: how far D " +
        'is from the best D for the G of the moment.'
    },
    instanceNoise: {
      title: 'Instance noise',
      summary:
        'Disjoint supports, with noise on D’s inputs that fades: the minimax G gets a gradient.',
      explanation:
        'When the supports do not meet, JS is stuck at log 2 and the minimax G gets no gradient (see ' +
        'Disjoint supports). Adding Gaussian noise to every x that D sees, real or generated, ' +
        'smears both distributions until they overlap: D can no longer be certain, D(G(z)) stays away ' +
        "from 0, and G's gradient returns. The noise's width shrinks to nothing over the run, so at " +
        'the end D judges the true distributions again. The dashed run is the same start without ' +
        "noise. Compare G's gradient norm and the final JS."
    },
    wganGpDisjoint: {
      title: 'WGAN-GP, disjoint',
      summary: 'Disjoint supports again, now with a WGAN-GP critic: G gets a useful gradient.',
      explanation:
        'A Wasserstein critic C is not a probability: it scores x, and E C(x) − E C(G(z)) estimates ' +
        'the earth-mover distance W₁, which keeps shrinking as G moves toward the data even when the ' +
        'supports do not meet (JS stays at log 2 until they touch). The gradient penalty keeps C close ' +
        "to 1-Lipschitz, so its slope between the two supports is about 1: G's gradient neither " +
        'vanishes nor explodes. The solid orange curve is the critic’s output (right axis). The dashed ' +
        'run is the minimax GAN from the same start. Compare how far each G moves toward the data.'
    },
    conditional: {
      title: 'Conditional GAN',
      summary:
        'Three classes, each its own p_data; D judges (c, x), with and without wrong-label negatives.',
      explanation:
        'G gets a class c with its noise z, and D judges the pair (c, x): real pairs are positive, ' +
        'generated pairs negative. With wrong-label negatives, a real x paired with another class’s ' +
        'label is negative too. Without them, nothing teaches D that a realistic x with the wrong c is ' +
        'wrong: D(c, x) is trained only where class c’s data and G(·, c) live, and elsewhere may say ' +
        "anything. Each class has its own chart: p_data(x {'|'} c), G(z, c) and D(c, x). The verdict " +
        'reports, per class, how much of G’s mass lands in that class’s region, how much D accepts ' +
        'real x of the other classes, and whether G’s output still depends on z (a G that ignores z ' +
        'draws one x per class). The dashed run is the same start without wrong-label negatives.'
    }
  },
  /** The presets' second runs, by what they change. */
  variants: {
    fGanKl: 'f-GAN, KL objective',
    kDSteps: 'k = 5 D steps per G step',
    noNoise: 'no noise',
    minimaxSameStart: 'minimax, same start',
    withoutWrongLabel: 'without wrong-label negatives',
    withWrongLabel: 'with wrong-label negatives'
  },
  /** G's losses, as the CLI's --loss spells them. */
  losses: {
    minimax: 'minimax',
    nonSaturating: 'non-saturating',
    wganGp: 'wgan-gp',
    kl: 'kl'
  },
  controls: {
    run: 'Run',
    pause: 'Pause',
    stepsPerRun: 'steps per run',
    stepByHand: 'Step by hand:',
    restart: 'Restart'
  },
  tiles: {
    step: 'step',
    js: 'JS(p_data ‖ p_G)',
    log2: 'log 2 = {value}',
    value: 'V(G, D)',
    minusLog4: '−log 4 = {value}',
    dStarGap: "mean {'|'}D − D*{'|'}",
    grad: "‖∇G‖ (G's gradient)",
    gradCompared: '{loss}: {value}',
    modes: 'modes covered',
    klBound: 'KL lower bound (critic)',
    w1: 'W₁ estimate (critic)',
    noise: 'instance noise σ',
    variantJs: 'JS, {label}'
  },
  verdict: {
    holds: 'The claim shows',
    notYet: 'The claim does not show (yet)'
  },
  fits: {
    caption: 'One Gaussian q against p_data (divergences in nats)',
    fittedBy: 'fitted by',
    kinds: {
      kl: 'minimising KL (maximum likelihood)',
      reverseKl: 'minimising reverse KL',
      js: 'minimising JS',
      gan: "the GAN's G (its samples' mean and σ)"
    }
  },
  classTitle:
    "class {i}: p_data(x {'|'} c = {i}), G(z, {i}) and D({i}, x) · G in its region {share} · D on other classes' x {accept}",
  charts: {
    js: 'JS divergence (binned estimate)',
    jsSeries: 'JS',
    dStarGap: "mean {'|'}D − D*{'|'}: D's distance from the best D for the G of the moment",
    dStarGapSeries: "mean {'|'}D − D*{'|'}",
    value: 'V(G, D) against −log 4',
    valueSeries: 'V(G, D)',
    grad: "G's gradient norm (log scale)",
    otherLoss: 'other loss'
  },
  editor: {
    legend: 'Experiment',
    data: 'Data: a mixture of Gaussians',
    mean: 'mean',
    std: 'std',
    weight: 'weight',
    removeMode: 'Remove mode {n}',
    addMode: 'Add a mode',
    loss: 'Generator loss',
    dSteps: 'k (D steps per G step)',
    gSteps: 'G steps per iteration',
    lrG: 'Learning rate G',
    lrD: 'Learning rate D',
    noiseDim: 'Noise dimension',
    seed: 'Seed',
    wrongLabelNegatives:
      "Wrong-label negatives: real x with another class's label count as fakes for D",
    apply: 'Apply and restart',
    /** A setting the experiment cannot take: `{field}` is where (e.g. data.modes.0.std). */
    problems: {
      tooSmall: '{field}: must be at least {min}',
      tooSmallExclusive: '{field}: must be more than {min}',
      tooBig: '{field}: must be at most {max}',
      notANumber: '{field}: enter a number',
      notWhole: '{field}: enter a whole number',
      tooFewItems: '{field}: needs at least {min}',
      tooManyItems: '{field}: at most {max}',
      gridOrder: '{field}: the grid needs min < max',
      compareLoss: '{field}: compare G gradients only between minimax and non-saturating',
      conditionalModes: '{field}: a conditional Lab needs at least two modes, one per class',
      affineConditional: '{field}: the affine generator cannot take a class: use the mlp generator',
      other: '{field}: {message}'
    }
  },
  verdicts: {
    noFrames: 'No frames: the run took no steps.',
    noVariant:
      'This experiment compares two runs, but its second run is missing: restart the preset.',
    /** Joins the items of a list inside a verdict. */
    listSeparator: ', ',
    equilibrium: {
      numbers:
        "mean {'|'}D − 1/2{'|'} = {fromHalf} where the densities have mass, V = {value} against −log 4 = {minusLog4}, JS {jsFirst} → {jsLast}",
      holds: '{numbers}: G has learned the data, and D can do no better than 1/2 everywhere.',
      notYet: '{numbers}: not at the equilibrium yet; run more steps.'
    },
    saturation: {
      run: "{loss}: JS {jsFirst} → {jsLast}, G's gradient norm {gradNorm}",
      compared: ' ({compareLoss} on the same D and G: {compareGradNorm}, {ratio}×)',
      twin: '; {twinLoss} from the same start: JS {twinJsFirst} → {twinJsLast}',
      sentence: '{run}{compared}{twin}: {conclusion}',
      holds:
        'the minimax generator saturates and stays put, the non-saturating one reaches the data.',
      stuck:
        'the minimax generator saturates; compare the non-saturating loss from the same start.',
      notStarved:
        'the minimax generator was not starved this time (D never rejected it confidently enough).'
    },
    modeCollapse: {
      numbers:
        'G covers {covered} of {total} modes at the end, at most {most} over the later half of the run; JS = {js}',
      spread: '{numbers}: no collapse this time; G spread over every mode.',
      missed: ', and {list} where G puts nothing',
      holds: '{numbers}{missed}: G has collapsed.'
    },
    disjoint: {
      reached:
        'JS fell from {jsFirst} to {lowestJs}: G left its start and reached the data, so under the {loss} loss it did get a signal.',
      compared: ' (the {compareLoss} gradient on the same D and G: {compareGradNorm})',
      sentence:
        "JS stayed at log 2 = {log2} throughout, V rose to {value} (at D*: −log 4 + 2·log 2 = 0), and G's gradient norm went {gradFirst} → {gradLast}{compared}: {conclusion}",
      holds: 'the minimax generator gets no signal.',
      fading: 'the gradient is fading ({fade}× smaller) but not yet gone; run more steps.',
      notMinimax: "the supports never met, yet G's gradient did not vanish under the {loss} loss."
    },
    optimalD: {
      sentence:
        "mean {'|'}D − D*{'|'} = {gap} where the densities have mass, and V = {value} against −log 4 + 2·JS = {bound}: {conclusion}",
      holds: 'D has found D* = p_data / (p_data + p_G), and V(G, D*) = −log 4 + 2·JS holds.',
      notYet: 'D has not reached D* yet; run more steps.'
    },
    kl: {
      noFits: 'No Gaussian fits in this run: turn on gaussianFits.',
      fits: "the KL fit {klFit} {klVerdict}, the reverse-KL fit {reverseFit} {reverseVerdict}, the JS fit is {jsFit}; the GAN's Gaussian is {ganFit} (KL {ganKl}, reverse KL {ganReverseKl}, JS {ganJs})",
      klSpreads: 'spreads over every mode',
      klNotSpread: 'does not spread over every mode',
      reverseSits: 'sits on the mode at {mode}',
      reverseNotSit: 'does not sit on one mode',
      variant:
        '. The {variant} covers {variantModes} of {modesTotal} modes at the end (JS {variantJs}); {outcome}',
      neverAll: 'it never covered them all: minimising KL inside a GAN still collapsed',
      collapsedFor:
        'it sat on fewer modes until step {step}: even a GAN minimising KL collapses for a while',
      coveredAll: 'it covered every mode throughout',
      sentence: '{fits}{variant}. {conclusion}',
      holds: 'KL covers the modes, reverse KL seeks one.',
      not: 'The fits did not separate this time.'
    },
    gTooFast: {
      numbers:
        "from step {from} on, with {gSteps} G steps per {dSteps} D step: mean JS {fastJs}, mean {'|'}D − D*{'|'} {fastGap}; with {variant}: mean JS {slowJs}, mean {'|'}D − D*{'|'} {slowGap}",
      holds:
        '{numbers}: G outran D, which is no longer near D* for the G of the moment, and JS stays high; k D steps per G step keep D near D* and G on the data.',
      not: '{numbers}: no clear difference this time.'
    },
    instanceNoise: {
      numbers:
        "with instance noise (σ {noiseStd} fading to 0 over {decaySteps} steps): final JS {noiseJs}, G's median gradient norm {noiseGrad}, G's mean {noiseMean}; {variant}: final JS {plainJs}, gradient {plainGrad}, mean {plainMean} (the data's mean: {dataMean})",
      holds:
        '{numbers}: the noise made the supports overlap, so the minimax G got a gradient and reached the data, while without it JS stayed at log 2.',
      not: '{numbers}: the noise did not make the difference this time.'
    },
    wgan: {
      numbers:
        "G's mean went {start} → {wganEnd} under WGAN-GP ({wganProgress} of the way to the data's {dataMean}, JS {wganJs}, critic's W₁ estimate {estimate}), and {start} → {otherEnd} for the {variant} run ({otherProgress}, JS {otherJs})",
      holds: '{numbers}: the critic gives G a useful gradient across the gap where JS gives none.',
      not: '{numbers}: the difference did not show this time; run more steps.'
    },
    conditional: {
      noContrast:
        'Conditional: compare a run with wrong-label negatives against one without (restart the preset).',
      class:
        "class {i} (at {mean}): G in its region {withShare} with, {withoutShare} without; D(c, x) on other classes' x {withAccept} with, {withoutAccept} without; spread over z {withSpread}σ with, {withoutSpread}σ without",
      classSeparator: '; ',
      ignoresZ: 'G ignores z in {count} class runs (spread below {threshold}σ)',
      dependsOnZ: 'G still depends on z in every class (smallest spread {minSpread}σ)',
      sentence: '{classes}. {z}. {conclusion}',
      holds:
        'With wrong-label negatives D rejects real x with the wrong label (mean {acceptWith}); without them it accepts them far more ({acceptWithout}).',
      not: "D's acceptance of wrong-label pairs: {acceptWith} with the negatives, {acceptWithout} without; no clear difference this time."
    }
  },
  /** `gan-studio lab`: its help and the lines it prints. */
  cli: {
    description: 'Train a small GAN on 1-D data and watch the GAN theory come true (or fail).',
    options: {
      preset: 'the experiment to run',
      steps: "G steps to take (default: the preset's)",
      every: 'print a line every n steps (default: a tenth of the run)',
      seed: "the run's seed (default: the preset's)",
      loss: "override the preset's generator loss",
      noTwin: 'skip the run under the other loss that some presets compare against'
    },
    presets: 'Presets:',
    wholeNumber: 'expected a whole number ≥ {min}, got "{raw}".',
    heading: 'lab: {title}. {summary}',
    setup: 'backend {backend} · seed {seed} · {loss} loss · k = {dSteps} D steps per G step',
    gSteps: ' · {gSteps} G steps per iteration',
    steps: ' · {steps} steps',
    variant: 'side by side, from the same start: ({n}) {label}',
    twin: 'The same start under the {loss} loss:',
    verdict: 'verdict ({claim}): {text}',
    claimShows: 'the claim shows',
    claimDoesNotShow: 'the claim does not show',
    columns: {
      step: 'step',
      dLoss: 'D loss',
      gLoss: 'G loss',
      modes: 'modes',
      klBound: 'KL bound',
      w1: 'W₁ est.',
      noise: 'noise σ'
    },
    /** G's loss in a column title, short. */
    shortLosses: {
      minimax: 'minimax',
      nonSaturating: 'non-sat',
      wganGp: 'wgan-gp',
      kl: 'f-GAN KL'
    }
  }
}
