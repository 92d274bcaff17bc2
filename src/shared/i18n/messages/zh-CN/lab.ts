import type en from '../en/lab'
import type { Mirror } from '../mirror'

/** 简体中文：实验室（视图、预设的标题与讲解、结论）。术语见 ../../README.md。 */
const messages: Mirror<typeof en> = {
  view: {
    title: '实验室',
    subtitle:
      '在一维数据上训练的小型 GAN，每隔几步就与理论对照一次：D* = p_data / (p_data + p_G)，V(G, D*) = −log 4 + 2·JS。',
    experiments: '实验'
  },
  presets: {
    equilibrium: {
      title: '纳什均衡',
      summary: 'G 学会数据分布：D 在各处趋于 1/2，V(G, D) 趋于 −log 4。',
      explanation:
        '极小极大博弈的全局最优解是 p_G = p_data，即 GAN 的纳什均衡。此时最优判别器 ' +
        'D* = p_data / (p_data + p_G) 在每个 x 处都等于 1/2；又因为 JS 散度为 0，' +
        'V(G, D*) = −log 4 + 2·JS = −log 4。请观察：生成器的直方图逐渐贴合数据密度，JS 的估计值降向 0，' +
        'D(x) 被压平到 1/2 这条线上，V 逼近 −log 4 ≈ −1.386。它会在均衡附近徘徊，而不会恰好停住：' +
        '双方都在不断迈出带噪声的步子，所以 D 会在 1/2 上下波动零点零几。'
    },
    saturation: {
      title: '梯度饱和',
      summary: '从糟糕的起点出发，对比极小极大 G 与非饱和 G：log(1 − D(G(z))) 变得平坦。',
      explanation:
        'G 的起点远离数据，D 很快就能自信地拒绝它的样本，D(G(z)) ≈ 0。极小极大生成器最小化 ' +
        'log(1 − D(G(z)))，它对 D 的 logit l 的斜率是 −σ(l) = −D(G(z))，几乎为零。非饱和损失 ' +
        '−log D(G(z)) 在同一点的斜率是 −(1 − D(G(z))) ≈ −1，因此它的梯度大约是前者的 (1 − D)/D 倍' +
        '（即几率比）。每一帧都在同一个 D、G 和同一组噪声上给出两种损失下 G 的梯度范数：随着 D ' +
        '越来越确定，极小极大损失的梯度不断缩小，G 停在原地；而同一起点换用非饱和损失，几十步之内就能' +
        '到达数据。这里 G 用朴素 SGD 学习：Adam 会把即将消失的梯度也重新缩放成正常大小的步长，从而' +
        '掩盖这一现象。'
    },
    modeCollapse: {
      title: '模式崩溃',
      summary: '三个相距很远的模式，G 从其中一个出发：它始终无法铺开到全部三个模式。',
      explanation:
        '数据有三个狭窄的模式，彼此之间隔着宽阔的空白区域；G 一开始是中间那个模式上的一道窄尖峰，' +
        '这也是 GAN 训练早期常见的样子。D 很快就会在 G 漏掉的模式上判定为“数据”（D ≈ 1），但 G ' +
        '只能在自己的样本所在之处感受到 D 的斜率，误入空白区域的样本会在那里遇到 D ≈ 0，又被推回去。' +
        '当 D 接近最优判别器 D* 时，非饱和 G 下降的是 KL(p_G ‖ p_data) − 2·JS（Arjovsky & Bottou ' +
        '2017），而这个反向 KL 散度是寻模（mode-seeking）的：它对“数据没有质量之处出现了概率质量”的' +
        '惩罚，远重于对“漏掉一个模式”的惩罚。请观察：直方图始终停留在一两个模式上（覆盖的模式数 < 3），' +
        'D 在其余模式上保持接近 1，而 JS 散度一直明显高于 0：若 G 恰好等于三个模式之一，JS 为 0.32；' +
        '恰好等于其中两个，则为 0.13。'
    },
    disjoint: {
      title: '支撑集不相交',
      summary: '数据与 G 互不重叠：JS = log 2，V(G, D*) = 0，极小极大 G 得不到梯度。',
      explanation:
        '数据与生成器一开始就位于互不相交的支撑集上。此时无论两者相距多远，JS(p_data ‖ p_G) 都等于 ' +
        'log 2 ≈ 0.693，因此 V(G, D*) = −log 4 + 2·log 2 = 0 对 G 而言是平坦的：把 G 稍微移动一点，' +
        '最优判别器也看不出任何变化。D 能把两者完美地分开，D(G(z)) → 0，而极小极大生成器的梯度与 ' +
        'D(G(z)) 成正比，随之趋向 0。请观察：JS 一直钉在 log 2，V 升到 0，G 的梯度范数一步步缩小，' +
        '而 G 停在原地（G 用朴素 SGD 学习，不会把正在消失的梯度重新放大）。'
    },
    optimalD: {
      title: '最优判别器',
      summary: 'G 固定为一个已知的高斯分布：D 收敛到 D* = p_data / (p_data + p_G)。',
      explanation:
        'G 被冻结为 x = b + w·z，因此 p_G 就是高斯分布 N(b, w²)，只有 D 在训练。对于固定的 G，' +
        '使 V 最大的 D 是最优判别器 D*(x) = p_data(x) / (p_data(x) + p_G(x))。请观察：在任一密度' +
        '有质量的地方，D(x) 都会描出 D* 曲线——只有数据的地方接近 1，只有 G 的地方接近 0，两者相等' +
        '处为 1/2。远离两者的地方没有样本能告诉 D 任何信息，它可能随意漂移。V 则稳定在 ' +
        '−log 4 + 2·JS，正是理论给出的 V(G, D*)。'
    },
    klVsReverseKl: {
      title: 'KL 与反向 KL',
      summary:
        '分别用 KL、反向 KL 和 GAN 把一个高斯分布拟合到两个模式上；另有一个最小化 KL 的 f-GAN。',
      explanation:
        '最大化似然等价于最小化 KL(p_data ‖ p_G)，它惩罚模型漏掉任何一部分数据：以这种方式拟合的' +
        '单个高斯分布会铺开覆盖两个模式，把中间的空隙也抹平。反向 KL(p_G ‖ p_data) 惩罚的是数据没有' +
        '质量之处的概率质量，因此它的高斯分布会落在一个模式上，忽略另一个。虚线画出这两者，以及最小化 ' +
        'JS 散度（GAN 所对应的散度）的高斯分布，它位于两者之间。这里 GAN 自己的生成器就是一个高斯' +
        '分布（x = b + w·z）：请观察对抗训练把它放在哪里。讲义还指出，单凭散度本身并不能解释模式' +
        '崩溃：图中还画出第二个运行——一个博弈目标为最小化 KL（即覆盖模式的那一种）、生成器更灵活的 ' +
        'f-GAN；结论会说明它是否覆盖了两个模式。'
    },
    gTooFast: {
      title: 'G 跑得太快',
      summary: '每个 D 步走 10 个 G 步，对比每个 G 步走 k = 5 个 D 步：D* 只对某一个 G 最优。',
      explanation:
        '“G 在最小化 JS 散度”这一论证，前提是 D（近似）是当前 G 的最优判别器 D*。但 D* 只对训练' +
        '它时所面对的那个 G 才是最优的：当 G 连走许多步而 D 原地不动时，G 追逐的是 D 过时的判断，' +
        '会冲过数据，D 只好从很远的地方追赶。主运行每个 D 步走 10 个 G 步；虚线运行从同一起点出发，' +
        "采用算法本身给出的补救办法：每个 G 步走 k = 5 个 D 步。请比较 JS 随时间的变化以及平均 {'|'}D − D*{'|'}，" +
        '即 D 与当下 G 的最优判别器相差多远。'
    },
    instanceNoise: {
      title: '实例噪声',
      summary: '支撑集不相交，但给 D 的输入加上逐渐消退的噪声：极小极大 G 得到了梯度。',
      explanation:
        '当支撑集不相交时，JS 卡在 log 2，极小极大 G 得不到梯度（见“支撑集不相交”）。给 D 看到的' +
        '每个 x（无论是真实的还是生成的）加上高斯噪声，会把两个分布都抹开，直到它们重叠：D 无法再' +
        '十分确定，D(G(z)) 不再趋于 0，G 的梯度随之恢复。噪声的宽度在运行过程中逐渐缩小到零，因此' +
        '到最后 D 重新评判的是真实的分布。虚线运行是同一起点、不加噪声的对照。请比较 G 的梯度范数' +
        '和最终的 JS。'
    },
    wganGpDisjoint: {
      title: 'WGAN-GP：支撑集不相交',
      summary: '同样是支撑集不相交，这次换成 WGAN-GP 的评论器：G 得到了有用的梯度。',
      explanation:
        'Wasserstein 评论器 C 的输出不是概率：它给 x 打分，而 E C(x) − E C(G(z)) 估计的是推土机' +
        '距离 W₁。即使支撑集不相交，随着 G 向数据靠近，这个距离也会持续减小（而 JS 在两者接触之前' +
        '一直停在 log 2）。梯度惩罚使 C 保持接近 1-Lipschitz，因此它在两个支撑集之间的斜率约为 1：' +
        'G 的梯度既不消失也不爆炸。橙色实线是评论器的输出（右侧纵轴）。虚线运行是从同一起点出发的' +
        '极小极大 GAN。请比较各自的 G 向数据移动了多远。'
    },
    conditional: {
      title: '条件 GAN',
      summary: '三个类别，各有自己的 p_data；D 评判 (c, x) 对，分别使用和不使用错误标签负样本。',
      explanation:
        'G 除了噪声 z 之外还得到一个类别 c，D 评判的是 (c, x) 对：真实的对为正样本，生成的对为负' +
        '样本。使用错误标签负样本时，真实的 x 配上其他类别的标签也算负样本。若不使用，就没有任何' +
        '信号告诉 D“逼真的 x 配上错误的 c 是不对的”：D(c, x) 只在类别 c 的数据和 G(·, c) 所在之处' +
        "受过训练，在其他地方可能给出任何值。每个类别有自己的图：p_data(x {'|'} c)、G(z, c) 和 D(c, x)。" +
        '结论会逐类报告：G 的概率质量有多少落在该类别的区域内，D 对其他类别的真实 x 接受程度有多高，' +
        '以及 G 的输出是否仍依赖 z（忽略 z 的 G 对每个类别只会生成同一个 x）。虚线运行是同一起点、' +
        '不使用错误标签负样本的对照。'
    }
  },
  variants: {
    fGanKl: 'f-GAN，KL 目标',
    kDSteps: '每个 G 步走 k = 5 个 D 步',
    noNoise: '不加噪声',
    minimaxSameStart: '极小极大，同一起点',
    withoutWrongLabel: '不使用错误标签负样本',
    withWrongLabel: '使用错误标签负样本'
  },
  losses: {
    minimax: '极小极大',
    nonSaturating: '非饱和',
    wganGp: 'WGAN-GP',
    kl: 'f-GAN KL'
  },
  controls: {
    run: '运行',
    pause: '暂停',
    stepsPerRun: '每次运行的步数',
    stepByHand: '手动单步：',
    restart: '重新开始'
  },
  tiles: {
    step: '步数',
    js: 'JS 散度（p_data ‖ p_G）',
    log2: '上限 log 2 = {value}',
    value: 'V(G, D)',
    minusLog4: '均衡值 −log 4 = {value}',
    dStarGap: "平均 {'|'}D − D*{'|'}",
    grad: '‖∇G‖（G 的梯度）',
    gradCompared: '{loss}：{value}',
    modes: '覆盖的模式数',
    klBound: 'KL 下界（评论器）',
    w1: 'W₁ 估计（评论器）',
    noise: '实例噪声 σ',
    variantJs: 'JS 散度：{label}'
  },
  verdict: {
    holds: '论断得到验证',
    notYet: '论断（暂时）未得到验证'
  },
  fits: {
    caption: '用一个高斯分布 q 拟合 p_data（散度单位：奈特）',
    fittedBy: '拟合方式',
    kinds: {
      kl: '最小化 KL（最大似然）',
      reverseKl: '最小化反向 KL',
      js: '最小化 JS',
      gan: 'GAN 的 G（其样本的均值与 σ）'
    }
  },
  classTitle:
    "类别 {i}：p_data(x {'|'} c = {i})、G(z, {i}) 与 D({i}, x) · G 落在本类区域内 {share} · D 对其他类别 x 的输出 {accept}",
  charts: {
    js: 'JS 散度（分箱估计）',
    jsSeries: 'JS',
    dStarGap: "平均 {'|'}D − D*{'|'}：D 与当下 G 的最优判别器之间的距离",
    dStarGapSeries: "平均 {'|'}D − D*{'|'}",
    value: 'V(G, D) 与 −log 4 对照',
    valueSeries: 'V(G, D)',
    grad: 'G 的梯度范数（对数坐标）',
    otherLoss: '另一种损失'
  },
  editor: {
    legend: '实验设置',
    data: '数据：高斯混合分布',
    mean: '均值',
    std: '标准差',
    weight: '权重',
    removeMode: '删除模式 {n}',
    addMode: '添加模式',
    loss: '生成器损失',
    dSteps: 'k（每个 G 步的 D 步数）',
    gSteps: '每次迭代的 G 步数',
    lrG: 'G 的学习率',
    lrD: 'D 的学习率',
    noiseDim: '噪声维度',
    seed: '随机种子',
    wrongLabelNegatives: '错误标签负样本：带有其他类别标签的真实 x，对 D 而言也算作假样本',
    apply: '应用并重新开始',
    problems: {
      tooSmall: '{field}：不能小于 {min}',
      tooSmallExclusive: '{field}：必须大于 {min}',
      tooBig: '{field}：不能大于 {max}',
      notANumber: '{field}：请输入一个数',
      notWhole: '{field}：请输入整数',
      tooFewItems: '{field}：至少需要 {min} 项',
      tooManyItems: '{field}：最多 {max} 项',
      gridOrder: '{field}：网格需要 min < max',
      compareLoss: '{field}：只能在极小极大损失与非饱和损失之间比较 G 的梯度',
      conditionalModes: '{field}：条件实验至少需要两个模式，每个类别一个',
      affineConditional: '{field}：仿射生成器无法接收类别，请改用 mlp 生成器',
      other: '{field}：{message}'
    }
  },
  verdicts: {
    noFrames: '没有帧：本次运行一步也没有走。',
    noVariant: '本实验要比较两个运行，但第二个运行缺失：请重新开始该预设。',
    listSeparator: '，',
    equilibrium: {
      numbers:
        "在密度有质量的区域，平均 {'|'}D − 1/2{'|'} = {fromHalf}；V = {value}，对照 −log 4 = {minusLog4}；JS {jsFirst} → {jsLast}",
      holds: '{numbers}：G 已学到数据分布，D 在各处都只能给出 1/2，无法做得更好。',
      notYet: '{numbers}：尚未达到均衡，请继续运行更多步。'
    },
    saturation: {
      run: '{loss}损失：JS {jsFirst} → {jsLast}，G 的梯度范数 {gradNorm}',
      compared: '（同一 D 和 G 上的{compareLoss}损失：{compareGradNorm}，{ratio}×）',
      twin: '；同一起点下的{twinLoss}损失：JS {twinJsFirst} → {twinJsLast}',
      sentence: '{run}{compared}{twin}：{conclusion}',
      holds: '极小极大生成器陷入饱和、停在原地，而非饱和生成器到达了数据。',
      stuck: '极小极大生成器陷入饱和；请与同一起点下的非饱和损失对比。',
      notStarved: '这次极小极大生成器并未陷入梯度匮乏（D 始终没有足够自信地拒绝它的样本）。'
    },
    modeCollapse: {
      numbers:
        '结束时 G 覆盖了 {total} 个模式中的 {covered} 个，在运行的后半段最多覆盖 {most} 个；JS = {js}',
      spread: '{numbers}：这次没有发生模式崩溃，G 铺开覆盖了每一个模式。',
      missed: '；在 G 完全没有样本的位置，{list}',
      holds: '{numbers}{missed}：G 发生了模式崩溃。'
    },
    disjoint: {
      reached:
        'JS 从 {jsFirst} 降到了 {lowestJs}：G 离开了起点并到达数据，可见在{loss}损失下它确实得到了信号。',
      compared: '（同一 D 和 G 上{compareLoss}损失的梯度：{compareGradNorm}）',
      sentence:
        'JS 始终停在 log 2 = {log2}，V 升到 {value}（在 D* 处：−log 4 + 2·log 2 = 0），G 的梯度范数从 {gradFirst} 变为 {gradLast}{compared}：{conclusion}',
      holds: '极小极大生成器得不到任何信号。',
      fading: '梯度正在衰减（缩小了 {fade}×），但尚未消失，请继续运行更多步。',
      notMinimax: '支撑集始终没有相交，但在{loss}损失下 G 的梯度并没有消失。'
    },
    optimalD: {
      sentence:
        "在密度有质量的区域，平均 {'|'}D − D*{'|'} = {gap}；V = {value}，对照 −log 4 + 2·JS = {bound}：{conclusion}",
      holds: 'D 已找到最优判别器 D* = p_data / (p_data + p_G)，且 V(G, D*) = −log 4 + 2·JS 成立。',
      notYet: 'D 尚未到达最优判别器 D*，请继续运行更多步。'
    },
    kl: {
      noFits: '本次运行没有高斯拟合：请打开 gaussianFits。',
      fits: 'KL 拟合 {klFit} {klVerdict}，反向 KL 拟合 {reverseFit} {reverseVerdict}，JS 拟合为 {jsFit}；GAN 的高斯分布为 {ganFit}（KL {ganKl}，反向 KL {ganReverseKl}，JS {ganJs}）',
      klSpreads: '铺开覆盖了每个模式',
      klNotSpread: '没有铺开覆盖每个模式',
      reverseSits: '落在位于 {mode} 的模式上',
      reverseNotSit: '没有落在单个模式上',
      variant:
        '。“{variant}”运行在结束时覆盖了 {modesTotal} 个模式中的 {variantModes} 个（JS {variantJs}）；{outcome}',
      neverAll: '它从未覆盖全部模式：即使在 GAN 中最小化 KL，仍然发生了模式崩溃',
      collapsedFor:
        '直到第 {step} 步它都停留在较少的模式上：即便是最小化 KL 的 GAN 也会崩溃一段时间',
      coveredAll: '它自始至终覆盖了每个模式',
      sentence: '{fits}{variant}。{conclusion}',
      holds: 'KL 覆盖各个模式，反向 KL 则只寻找其中一个。',
      not: '这次几种拟合没有拉开差别。'
    },
    gTooFast: {
      numbers:
        "从第 {from} 步起，每 {dSteps} 个 D 步走 {gSteps} 个 G 步时：平均 JS {fastJs}，平均 {'|'}D − D*{'|'} {fastGap}；“{variant}”时：平均 JS {slowJs}，平均 {'|'}D − D*{'|'} {slowGap}",
      holds:
        '{numbers}：G 跑到了 D 前面，D 已不再接近当下 G 的 D*，JS 居高不下；每个 G 步走 k 个 D 步，能让 D 保持接近 D*，让 G 留在数据上。',
      not: '{numbers}：这次没有明显差别。'
    },
    instanceNoise: {
      numbers:
        '加实例噪声时（σ {noiseStd}，在 {decaySteps} 步内衰减到 0）：最终 JS {noiseJs}，G 的梯度范数中位数 {noiseGrad}，G 的均值 {noiseMean}；“{variant}”：最终 JS {plainJs}，梯度 {plainGrad}，均值 {plainMean}（数据的均值：{dataMean}）',
      holds:
        '{numbers}：噪声让支撑集发生重叠，极小极大 G 因而得到梯度并到达数据；不加噪声时，JS 停在 log 2。',
      not: '{numbers}：这次噪声没有带来差别。'
    },
    wgan: {
      numbers:
        'WGAN-GP 下 G 的均值从 {start} 变为 {wganEnd}（走完了通往数据均值 {dataMean} 的 {wganProgress}，JS {wganJs}，评论器的 W₁ 估计 {estimate}）；“{variant}”运行中从 {start} 变为 {otherEnd}（{otherProgress}，JS {otherJs}）',
      holds: '{numbers}：在 JS 给不出梯度的空隙上，评论器为 G 提供了有用的梯度。',
      not: '{numbers}：这次差别没有显现，请继续运行更多步。'
    },
    conditional: {
      noContrast: '条件 GAN：请比较使用与不使用错误标签负样本的两个运行（重新开始该预设）。',
      class:
        '类别 {i}（位于 {mean}）：G 落在本类区域内的比例，使用时 {withShare}，不使用时 {withoutShare}；D(c, x) 对其他类别 x 的输出，使用时 {withAccept}，不使用时 {withoutAccept}；随 z 变化的离散程度，使用时 {withSpread}σ，不使用时 {withoutSpread}σ',
      classSeparator: '；',
      ignoresZ: '在 {count} 个类别的运行中，G 忽略了 z（离散程度低于 {threshold}σ）',
      dependsOnZ: 'G 在每个类别中仍依赖 z（最小离散程度 {minSpread}σ）',
      sentence: '{classes}。{z}。{conclusion}',
      holds:
        '使用错误标签负样本时，D 会拒绝带错误标签的真实 x（均值 {acceptWith}）；不使用时，它对这些样本的接受度高得多（{acceptWithout}）。',
      not: 'D 对错误标签对的接受度：使用负样本时 {acceptWith}，不使用时 {acceptWithout}；这次没有明显差别。'
    }
  },
  cli: {
    description: '在一维数据上训练一个小型 GAN，观察 GAN 理论如何成立（或失效）。',
    options: {
      preset: '要运行的实验',
      steps: 'G 的训练步数（默认：预设的步数）',
      every: '每 n 步打印一行（默认：总步数的十分之一）',
      seed: '本次运行的随机种子（默认：预设的种子）',
      loss: '覆盖预设的生成器损失',
      noTwin: '跳过部分预设用于对比的另一种损失下的运行'
    },
    presets: '预设：',
    wholeNumber: '需要一个 ≥ {min} 的整数，收到的是“{raw}”。',
    heading: '实验室：{title}。{summary}',
    setup: '后端 {backend} · 随机种子 {seed} · {loss}损失 · 每个 G 步走 k = {dSteps} 个 D 步',
    gSteps: ' · 每次迭代 {gSteps} 个 G 步',
    steps: ' · 共 {steps} 步',
    variant: '并排对比（同一起点）：({n}) {label}',
    twin: '同一起点，改用{loss}损失：',
    verdict: '结论（{claim}）：{text}',
    claimShows: '论断得到验证',
    claimDoesNotShow: '论断未得到验证',
    columns: {
      step: '步数',
      dLoss: 'D 损失',
      gLoss: 'G 损失',
      modes: '模式',
      klBound: 'KL 下界',
      w1: 'W₁ 估计',
      noise: '噪声 σ'
    },
    shortLosses: {
      minimax: '极小极大',
      nonSaturating: '非饱和',
      wganGp: 'WGAN-GP',
      kl: 'f-GAN（KL）'
    }
  }
}
export default messages
