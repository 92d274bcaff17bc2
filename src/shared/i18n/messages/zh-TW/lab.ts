import type en from '../en/lab'
import type { Mirror } from '../mirror'

/** 繁體中文（台灣用語）：實驗室（檢視、預設組的標題與說明、結論）。術語見 ../../README.md。 */
const messages: Mirror<typeof en> = {
  view: {
    title: '實驗室',
    subtitle:
      '在一維資料上訓練的小型 GAN，每隔幾步就與理論對照一次：D* = p_data / (p_data + p_G)，V(G, D*) = −log 4 + 2·JS。',
    experiments: '實驗'
  },
  presets: {
    equilibrium: {
      title: '納許均衡',
      summary: 'G 學會資料分布：D 在各處趨近 1/2，V(G, D) 趨近 −log 4。',
      explanation:
        '極小化極大賽局的全域最佳解是 p_G = p_data，也就是 GAN 的納許均衡。此時最佳判別器 ' +
        'D* = p_data / (p_data + p_G) 在每個 x 上都等於 1/2；又因為 JS 散度為 0，' +
        'V(G, D*) = −log 4 + 2·JS = −log 4。請觀察：生成器的直方圖逐漸貼合資料密度，JS 的估計值降向 0，' +
        'D(x) 被壓平到 1/2 這條線上，V 逼近 −log 4 ≈ −1.386。它會在均衡附近徘徊，而不會剛好停住：' +
        '雙方都持續踏出帶有雜訊的步伐，所以 D 會在 1/2 上下擺動零點零幾。'
    },
    saturation: {
      title: '梯度飽和',
      summary: '從不良的起點出發，比較極小化極大 G 與非飽和 G：log(1 − D(G(z))) 變得平坦。',
      explanation:
        'G 的起點離資料很遠，D 很快就能有把握地拒絕它的樣本，D(G(z)) ≈ 0。極小化極大生成器最小化 ' +
        'log(1 − D(G(z)))，它對 D 的 logit l 的斜率是 −σ(l) = −D(G(z))，幾乎為零。非飽和損失 ' +
        '−log D(G(z)) 在同一點的斜率是 −(1 − D(G(z))) ≈ −1，因此它的梯度大約是前者的 (1 − D)/D 倍' +
        '（也就是勝算比）。每個影格都在同一個 D、G 與同一組雜訊上列出兩種損失下 G 的梯度範數：隨著 D ' +
        '越來越篤定，極小化極大損失的梯度不斷縮小，G 停在原地；而同一起點改用非飽和損失，幾十步之內' +
        '就能抵達資料。這裡 G 以單純的 SGD 學習：Adam 會把即將消失的梯度也重新縮放成正常大小的步長，' +
        '反而掩蓋了這個現象。'
    },
    modeCollapse: {
      title: '模式崩潰',
      summary: '三個相距很遠的模式，G 從其中一個出發：它始終無法擴展到全部三個模式。',
      explanation:
        '資料有三個狹窄的模式，彼此之間隔著寬廣的空白區域；G 一開始是中間那個模式上的一道窄尖峰，' +
        '這也是 GAN 訓練初期常見的樣子。D 很快就會在 G 遺漏的模式上判定為「資料」（D ≈ 1），但 G ' +
        '只能在自身樣本所在之處感受到 D 的斜率，誤入空白區域的樣本會在那裡遇到 D ≈ 0，又被推回去。' +
        '當 D 接近最佳判別器 D* 時，非飽和 G 下降的是 KL(p_G ‖ p_data) − 2·JS（Arjovsky & Bottou ' +
        '2017），而這個反向 KL 散度具有尋模（mode-seeking）特性：它對「資料沒有質量之處出現機率質量」' +
        '的懲罰，遠重於對「遺漏一個模式」的懲罰。請觀察：直方圖始終停留在一兩個模式上（涵蓋的模式數 ' +
        '< 3），D 在其餘模式上維持接近 1，而 JS 散度一直明顯高於 0：若 G 恰好等於三個模式之一，JS 為 ' +
        '0.32；恰好等於其中兩個，則為 0.13。'
    },
    disjoint: {
      title: '支撐集不相交',
      summary: '資料與 G 互不重疊：JS = log 2，V(G, D*) = 0，極小化極大 G 得不到梯度。',
      explanation:
        '資料與生成器一開始就位在互不相交的支撐集上。此時不論兩者相距多遠，JS(p_data ‖ p_G) 都等於 ' +
        'log 2 ≈ 0.693，因此 V(G, D*) = −log 4 + 2·log 2 = 0 對 G 而言是平坦的：把 G 稍微移動一點，' +
        '最佳判別器也看不出任何差異。D 能把兩者完美分開，D(G(z)) → 0，而極小化極大生成器的梯度與 ' +
        'D(G(z)) 成正比，也隨之趨近 0。請觀察：JS 一直釘在 log 2，V 升到 0，G 的梯度範數一步步縮小，' +
        '而 G 停在原地（G 以單純的 SGD 學習，不會把正在消失的梯度重新放大）。'
    },
    optimalD: {
      title: '最佳判別器',
      summary: 'G 固定為一個已知的高斯分布：D 收斂到 D* = p_data / (p_data + p_G)。',
      explanation:
        'G 被凍結為 x = b + w·z，因此 p_G 就是高斯分布 N(b, w²)，只有 D 在訓練。對於固定的 G，' +
        '使 V 最大的 D 是最佳判別器 D*(x) = p_data(x) / (p_data(x) + p_G(x))。請觀察：在任一密度' +
        '有質量的地方，D(x) 都會描出 D* 曲線——只有資料的地方接近 1，只有 G 的地方接近 0，兩者相等' +
        '之處為 1/2。遠離兩者的地方沒有樣本能提供 D 任何資訊，它可能任意漂移。V 則穩定在 ' +
        '−log 4 + 2·JS，正是理論所給出的 V(G, D*)。'
    },
    klVsReverseKl: {
      title: 'KL 與反向 KL',
      summary:
        '分別以 KL、反向 KL 與 GAN 將一個高斯分布擬合到兩個模式上；另有一個最小化 KL 的 f-GAN。',
      explanation:
        '最大化概似等同於最小化 KL(p_data ‖ p_G)，它會懲罰模型遺漏任何一部分資料：以這種方式擬合的' +
        '單一高斯分布會擴展涵蓋兩個模式，把中間的空隙也抹平。反向 KL(p_G ‖ p_data) 懲罰的是資料沒有' +
        '質量之處的機率質量，因此它的高斯分布會落在一個模式上，忽略另一個。虛線畫出這兩者，以及最小化 ' +
        'JS 散度（GAN 所對應的散度）的高斯分布，它位在兩者之間。這裡 GAN 本身的生成器就是一個高斯' +
        '分布（x = b + w·z）：請觀察對抗式訓練把它放在哪裡。講義也指出，單憑散度本身並不能解釋模式' +
        '崩潰：圖中另外畫出第二個執行——一個賽局目標為最小化 KL（也就是涵蓋模式的那一種）、生成器' +
        '更有彈性的 f-GAN；結論會說明它是否涵蓋了兩個模式。'
    },
    gTooFast: {
      title: 'G 跑太快',
      summary: '每個 D 步走 10 個 G 步，對照每個 G 步走 k = 5 個 D 步：D* 只對某一個 G 最佳。',
      explanation:
        '「G 在最小化 JS 散度」這個論證，前提是 D（近似）為目前 G 的最佳判別器 D*。但 D* 只對訓練' +
        '它時所面對的那個 G 才是最佳的：當 G 連走許多步而 D 原地不動時，G 追逐的是 D 過時的判斷，' +
        '會衝過資料，D 只好從很遠的地方追趕。主要執行每個 D 步走 10 個 G 步；虛線執行從同一起點' +
        "出發，採用演算法本身提出的補救方法：每個 G 步走 k = 5 個 D 步。請比較 JS 隨時間的變化，以及平均 {'|'}D − D*{'|'}，" +
        '也就是 D 與當下 G 的最佳判別器相差多遠。'
    },
    instanceNoise: {
      title: '實例雜訊',
      summary: '支撐集不相交，但在 D 的輸入加上逐漸消退的雜訊：極小化極大 G 得到了梯度。',
      explanation:
        '當支撐集不相交時，JS 卡在 log 2，極小化極大 G 得不到梯度（見「支撐集不相交」）。在 D 看到的' +
        '每個 x（不論是真實的還是生成的）加上高斯雜訊，會把兩個分布都抹開，直到它們重疊：D 無法再' +
        '那麼篤定，D(G(z)) 不再趨近 0，G 的梯度隨之恢復。雜訊的寬度在執行過程中逐漸縮小到零，因此' +
        '到最後 D 重新判斷的是真正的分布。虛線執行是同一起點、不加雜訊的對照。請比較 G 的梯度範數' +
        '與最終的 JS。'
    },
    wganGpDisjoint: {
      title: 'WGAN-GP：支撐集不相交',
      summary: '同樣是支撐集不相交，這次改用 WGAN-GP 的評論器：G 得到了有用的梯度。',
      explanation:
        'Wasserstein 評論器 C 的輸出不是機率：它替 x 打分數，而 E C(x) − E C(G(z)) 估計的是推土機' +
        '距離 W₁。即使支撐集不相交，隨著 G 朝資料靠近，這個距離也會持續縮小（而 JS 在兩者接觸之前' +
        '一直停在 log 2）。梯度懲罰讓 C 維持接近 1-Lipschitz，因此它在兩個支撐集之間的斜率約為 1：' +
        'G 的梯度既不消失也不爆炸。橘色實線是評論器的輸出（右側縱軸）。虛線執行是從同一起點出發的' +
        '極小化極大 GAN。請比較各自的 G 朝資料移動了多遠。'
    },
    conditional: {
      title: '條件式 GAN',
      summary: '三個類別，各有自己的 p_data；D 判斷 (c, x) 配對，分別使用與不使用錯誤標籤負樣本。',
      explanation:
        'G 除了雜訊 z 之外還會得到一個類別 c，D 判斷的是 (c, x) 配對：真實配對為正樣本，生成的配對' +
        '為負樣本。使用錯誤標籤負樣本時，真實的 x 配上其他類別的標籤也算負樣本。若不使用，就沒有任何' +
        '訊號告訴 D「逼真的 x 配上錯誤的 c 是不對的」：D(c, x) 只在類別 c 的資料與 G(·, c) 所在之處' +
        "受過訓練，在其他地方可能給出任何值。每個類別各有一張圖：p_data(x {'|'} c)、G(z, c) 與 D(c, x)。" +
        '結論會逐類報告：G 的機率質量有多少落在該類別的區域內，D 對其他類別的真實 x 接受程度有多高，' +
        '以及 G 的輸出是否仍取決於 z（忽略 z 的 G 對每個類別只會生成同一個 x）。虛線執行是同一起點、' +
        '不使用錯誤標籤負樣本的對照。'
    }
  },
  variants: {
    fGanKl: 'f-GAN，KL 目標',
    kDSteps: '每個 G 步走 k = 5 個 D 步',
    noNoise: '不加雜訊',
    minimaxSameStart: '極小化極大，同一起點',
    withoutWrongLabel: '不使用錯誤標籤負樣本',
    withWrongLabel: '使用錯誤標籤負樣本'
  },
  losses: {
    minimax: '極小化極大',
    nonSaturating: '非飽和',
    wganGp: 'WGAN-GP',
    kl: 'f-GAN KL'
  },
  controls: {
    run: '執行',
    pause: '暫停',
    stepsPerRun: '每次執行的步數',
    stepByHand: '手動逐步：',
    restart: '重新開始'
  },
  tiles: {
    step: '步數',
    js: 'JS 散度（p_data ‖ p_G）',
    log2: '上限 log 2 = {value}',
    value: 'V(G, D)',
    minusLog4: '均衡值 −log 4 = {value}',
    dStarGap: "平均 {'|'}D − D*{'|'}",
    grad: '‖∇G‖（G 的梯度）',
    gradCompared: '{loss}：{value}',
    modes: '涵蓋的模式數',
    klBound: 'KL 下界（評論器）',
    w1: 'W₁ 估計（評論器）',
    noise: '實例雜訊 σ',
    variantJs: 'JS 散度：{label}'
  },
  verdict: {
    holds: '論斷獲得驗證',
    notYet: '論斷（暫時）未獲驗證'
  },
  fits: {
    caption: '以一個高斯分布 q 擬合 p_data（散度單位：奈特）',
    fittedBy: '擬合方式',
    kinds: {
      kl: '最小化 KL（最大概似）',
      reverseKl: '最小化反向 KL',
      js: '最小化 JS',
      gan: 'GAN 的 G（其樣本的平均值與 σ）'
    }
  },
  classTitle:
    "類別 {i}：p_data(x {'|'} c = {i})、G(z, {i}) 與 D({i}, x) · G 落在本類區域內 {share} · D 對其他類別 x 的輸出 {accept}",
  charts: {
    js: 'JS 散度（分箱估計）',
    jsSeries: 'JS',
    dStarGap: "平均 {'|'}D − D*{'|'}：D 與當下 G 的最佳判別器之間的距離",
    dStarGapSeries: "平均 {'|'}D − D*{'|'}",
    value: 'V(G, D) 與 −log 4 對照',
    valueSeries: 'V(G, D)',
    grad: 'G 的梯度範數（對數刻度）',
    otherLoss: '另一種損失'
  },
  editor: {
    legend: '實驗設定',
    data: '資料：高斯混合分布',
    mean: '平均值',
    std: '標準差',
    weight: '權重',
    removeMode: '移除模式 {n}',
    addMode: '新增模式',
    loss: '生成器損失',
    dSteps: 'k（每個 G 步的 D 步數）',
    gSteps: '每次迭代的 G 步數',
    lrG: 'G 的學習率',
    lrD: 'D 的學習率',
    noiseDim: '雜訊維度',
    seed: '隨機種子',
    wrongLabelNegatives: '錯誤標籤負樣本：帶有其他類別標籤的真實 x，對 D 而言也算是假樣本',
    apply: '套用並重新開始',
    problems: {
      tooSmall: '{field}：不可小於 {min}',
      tooSmallExclusive: '{field}：必須大於 {min}',
      tooBig: '{field}：不可大於 {max}',
      notANumber: '{field}：請輸入數字',
      notWhole: '{field}：請輸入整數',
      tooFewItems: '{field}：至少需要 {min} 項',
      tooManyItems: '{field}：最多 {max} 項',
      gridOrder: '{field}：網格必須符合 min < max',
      compareLoss: '{field}：只能在極小化極大損失與非飽和損失之間比較 G 的梯度',
      conditionalModes: '{field}：條件式實驗至少需要兩個模式，每個類別一個',
      affineConditional: '{field}：仿射生成器無法接收類別，請改用 mlp 生成器',
      other: '{field}：{message}'
    }
  },
  verdicts: {
    noFrames: '沒有任何影格：這次執行一步也沒有走。',
    noVariant: '這個實驗要比較兩個執行，但缺少第二個執行：請重新開始這個預設組。',
    listSeparator: '，',
    equilibrium: {
      numbers:
        "在密度有質量的區域，平均 {'|'}D − 1/2{'|'} = {fromHalf}；V = {value}，對照 −log 4 = {minusLog4}；JS {jsFirst} → {jsLast}",
      holds: '{numbers}：G 已學會資料分布，D 在各處都只能給出 1/2，無法做得更好。',
      notYet: '{numbers}：尚未達到均衡，請繼續執行更多步。'
    },
    saturation: {
      run: '{loss}損失：JS {jsFirst} → {jsLast}，G 的梯度範數 {gradNorm}',
      compared: '（同一個 D 與 G 上的{compareLoss}損失：{compareGradNorm}，{ratio}×）',
      twin: '；同一起點下的{twinLoss}損失：JS {twinJsFirst} → {twinJsLast}',
      sentence: '{run}{compared}{twin}：{conclusion}',
      holds: '極小化極大生成器陷入飽和、停在原地，而非飽和生成器抵達了資料。',
      stuck: '極小化極大生成器陷入飽和；請與同一起點下的非飽和損失比較。',
      notStarved: '這次極小化極大生成器並未陷入梯度匱乏（D 始終沒有足夠篤定地拒絕它的樣本）。'
    },
    modeCollapse: {
      numbers:
        '結束時 G 涵蓋了 {total} 個模式中的 {covered} 個，在執行的後半段最多涵蓋 {most} 個；JS = {js}',
      spread: '{numbers}：這次沒有發生模式崩潰，G 擴展涵蓋了每一個模式。',
      missed: '；在 G 完全沒有樣本的位置，{list}',
      holds: '{numbers}{missed}：G 發生了模式崩潰。'
    },
    disjoint: {
      reached:
        'JS 從 {jsFirst} 降到了 {lowestJs}：G 離開了起點並抵達資料，可見在{loss}損失下它確實得到了訊號。',
      compared: '（同一個 D 與 G 上{compareLoss}損失的梯度：{compareGradNorm}）',
      sentence:
        'JS 始終停在 log 2 = {log2}，V 升到 {value}（在 D* 處：−log 4 + 2·log 2 = 0），G 的梯度範數從 {gradFirst} 變為 {gradLast}{compared}：{conclusion}',
      holds: '極小化極大生成器得不到任何訊號。',
      fading: '梯度正在衰減（縮小了 {fade}×），但尚未消失，請繼續執行更多步。',
      notMinimax: '支撐集始終沒有相交，但在{loss}損失下 G 的梯度並未消失。'
    },
    optimalD: {
      sentence:
        "在密度有質量的區域，平均 {'|'}D − D*{'|'} = {gap}；V = {value}，對照 −log 4 + 2·JS = {bound}：{conclusion}",
      holds: 'D 已找到最佳判別器 D* = p_data / (p_data + p_G)，且 V(G, D*) = −log 4 + 2·JS 成立。',
      notYet: 'D 尚未到達最佳判別器 D*，請繼續執行更多步。'
    },
    kl: {
      noFits: '這次執行沒有高斯擬合：請開啟 gaussianFits。',
      fits: 'KL 擬合 {klFit} {klVerdict}，反向 KL 擬合 {reverseFit} {reverseVerdict}，JS 擬合為 {jsFit}；GAN 的高斯分布為 {ganFit}（KL {ganKl}，反向 KL {ganReverseKl}，JS {ganJs}）',
      klSpreads: '擴展涵蓋了每個模式',
      klNotSpread: '沒有擴展涵蓋每個模式',
      reverseSits: '落在位於 {mode} 的模式上',
      reverseNotSit: '沒有落在單一模式上',
      variant:
        '。「{variant}」執行在結束時涵蓋了 {modesTotal} 個模式中的 {variantModes} 個（JS {variantJs}）；{outcome}',
      neverAll: '它從未涵蓋全部模式：即使在 GAN 中最小化 KL，仍然發生了模式崩潰',
      collapsedFor:
        '直到第 {step} 步它都停留在較少的模式上：即使是最小化 KL 的 GAN 也會崩潰一段時間',
      coveredAll: '它自始至終涵蓋了每個模式',
      sentence: '{fits}{variant}。{conclusion}',
      holds: 'KL 會涵蓋各個模式，反向 KL 則只尋找其中一個。',
      not: '這次幾種擬合沒有拉開差距。'
    },
    gTooFast: {
      numbers:
        "從第 {from} 步起，每 {dSteps} 個 D 步走 {gSteps} 個 G 步時：平均 JS {fastJs}，平均 {'|'}D − D*{'|'} {fastGap}；「{variant}」時：平均 JS {slowJs}，平均 {'|'}D − D*{'|'} {slowGap}",
      holds:
        '{numbers}：G 跑到了 D 前面，D 已不再接近當下 G 的 D*，JS 居高不下；每個 G 步走 k 個 D 步，能讓 D 維持接近 D*，讓 G 留在資料上。',
      not: '{numbers}：這次沒有明顯差異。'
    },
    instanceNoise: {
      numbers:
        '加上實例雜訊時（σ {noiseStd}，在 {decaySteps} 步內衰減到 0）：最終 JS {noiseJs}，G 的梯度範數中位數 {noiseGrad}，G 的平均值 {noiseMean}；「{variant}」：最終 JS {plainJs}，梯度 {plainGrad}，平均值 {plainMean}（資料的平均值：{dataMean}）',
      holds:
        '{numbers}：雜訊讓支撐集彼此重疊，極小化極大 G 因而得到梯度並抵達資料；不加雜訊時，JS 停在 log 2。',
      not: '{numbers}：這次雜訊沒有帶來差異。'
    },
    wgan: {
      numbers:
        'WGAN-GP 下 G 的平均值從 {start} 變為 {wganEnd}（走完了通往資料平均值 {dataMean} 的 {wganProgress}，JS {wganJs}，評論器的 W₁ 估計 {estimate}）；「{variant}」執行中從 {start} 變為 {otherEnd}（{otherProgress}，JS {otherJs}）',
      holds: '{numbers}：在 JS 給不出梯度的空隙上，評論器為 G 提供了有用的梯度。',
      not: '{numbers}：這次差異沒有顯現，請繼續執行更多步。'
    },
    conditional: {
      noContrast: '條件式 GAN：請比較使用與不使用錯誤標籤負樣本的兩個執行（重新開始這個預設組）。',
      class:
        '類別 {i}（位於 {mean}）：G 落在本類區域內的比例，使用時 {withShare}，不使用時 {withoutShare}；D(c, x) 對其他類別 x 的輸出，使用時 {withAccept}，不使用時 {withoutAccept}；隨 z 變化的離散程度，使用時 {withSpread}σ，不使用時 {withoutSpread}σ',
      classSeparator: '；',
      ignoresZ: '在 {count} 個類別的執行中，G 忽略了 z（離散程度低於 {threshold}σ）',
      dependsOnZ: 'G 在每個類別中仍取決於 z（最小離散程度 {minSpread}σ）',
      sentence: '{classes}。{z}。{conclusion}',
      holds:
        '使用錯誤標籤負樣本時，D 會拒絕帶有錯誤標籤的真實 x（平均 {acceptWith}）；不使用時，它對這些樣本的接受度高出許多（{acceptWithout}）。',
      not: 'D 對錯誤標籤配對的接受度：使用負樣本時 {acceptWith}，不使用時 {acceptWithout}；這次沒有明顯差異。'
    }
  },
  cli: {
    description: '在一維資料上訓練一個小型 GAN，觀察 GAN 理論如何成立（或失效）。',
    options: {
      preset: '要執行的實驗',
      steps: 'G 的訓練步數（預設：預設組的步數）',
      every: '每 n 步印出一行（預設：總步數的十分之一）',
      seed: '這次執行的隨機種子（預設：預設組的種子）',
      loss: '覆寫預設組的生成器損失',
      noTwin: '略過部分預設組用於比較的另一種損失下的執行'
    },
    presets: '預設組：',
    wholeNumber: '需要一個 ≥ {min} 的整數，收到的是「{raw}」。',
    heading: '實驗室：{title}。{summary}',
    setup: '後端 {backend} · 隨機種子 {seed} · {loss}損失 · 每個 G 步走 k = {dSteps} 個 D 步',
    gSteps: ' · 每次迭代 {gSteps} 個 G 步',
    steps: ' · 共 {steps} 步',
    variant: '並排比較（同一起點）：({n}) {label}',
    twin: '同一起點，改用{loss}損失：',
    verdict: '結論（{claim}）：{text}',
    claimShows: '論斷獲得驗證',
    claimDoesNotShow: '論斷未獲驗證',
    columns: {
      step: '步數',
      dLoss: 'D 損失',
      gLoss: 'G 損失',
      modes: '模式',
      klBound: 'KL 下界',
      w1: 'W₁ 估計',
      noise: '雜訊 σ'
    },
    shortLosses: {
      minimax: '極小化極大',
      nonSaturating: '非飽和',
      wganGp: 'WGAN-GP',
      kl: 'f-GAN（KL）'
    }
  }
}
export default messages
