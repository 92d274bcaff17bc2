import type en from '../en/train'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '訓練',
    subtitle: 'D 學習分辨真實與生成的樣本；G 學習騙過 D。請留意兩者的損失與 D 的輸出。'
  },
  controls: {
    start: '開始',
    pause: '暫停',
    resume: '繼續',
    stop: '停止',
    run: '執行 {id}',
    onDataset: '資料集：{name}',
    noDataset: '請先開啟資料集（「資料集」檢視畫面）。',
    needsFixing: '有 {n} 項設定需要修正：{errors} | 有 {n} 項設定需要修正：{errors}',
    states: {
      idle: '就緒',
      starting: '啟動中…',
      running: '訓練中',
      paused: '已暫停',
      stopping: '停止中…',
      finished: '已完成',
      stopped: '已停止',
      failed: '失敗'
    },
    stats: {
      step: '步數',
      epoch: '輪次',
      imagesPerSecond: '影像/秒',
      elapsed: '已用時間',
      eta: '預估剩餘'
    },
    duration: {
      hm: '{h} 小時 {m} 分',
      ms: '{m} 分 {s} 秒',
      s: '{s} 秒'
    }
  },
  settings: {
    legend: '設定',
    locked: '· 目前訓練執行的設定（已鎖定）',
    totalSteps: '共 {steps} 步 | 共 {steps} 步',
    totalUnknown: '開啟資料集後，即可看到這次訓練的總步數。',
    techniques: 'DCGAN 以外的技巧',
    reset: '還原為預設值',
    on: '開啟',
    off: '關閉',
    conditionalOn: '開啟：依類別',
    labelPlanes: '標籤平面',
    projection: '投影',
    tturOn: '開啟（G 1e-4，D 4e-4）',
    augmentFixed: '固定強度',
    augmentAdaptive: '自適應（ADA）'
  },
  fields: {
    loss: '損失函數',
    conditional: '類別標籤（條件式 GAN）',
    batchSize: '批次大小',
    epochs: '訓練輪數',
    maxSteps: '最多訓練步數',
    sampleEvery: '取樣間隔（步）',
    lrG: 'G 的學習率',
    lrD: 'D 的學習率',
    dSteps: 'k（每個 G 步的 D 步數）',
    modelWidth: '模型寬度',
    noiseDim: '雜訊維度',
    labelSmoothing: '標籤平滑',
    instanceNoise: '實例雜訊 σ',
    seed: '隨機種子',
    mismatchedLabels: '錯配標籤的假樣本',
    checkpointEvery: '檢查點間隔'
  },
  fieldNames: {
    conditional: '類別標籤',
    dSteps: 'k（D 步數）'
  },
  hints: {
    maxSteps: '訓練所有輪次',
    sampleEveryAuto: '依訓練長度而定：每次訓練執行約產生 20 張樣本網格，間隔不超過 100 步',
    sampleEvery: '兩張樣本網格之間的步數',
    modelWidth: '最寬一層的卷積核數量（DCGAN 為 64）；數值越小，在 CPU 上訓練得越快。',
    labelSmoothing: '單側平滑：真實樣本的目標值變為 1 − s，讓判別器不那麼有把握。',
    instanceNoise: '在 D 的輸入加上高斯雜訊，並逐漸衰減至 0：在訓練初期讓兩個分布彼此重疊。',
    mismatchedLabels:
      'D 也會把配上錯誤標籤的真實影像視為假樣本，因此它評判的是（標籤，影像）這一組。'
  },
  losses: {
    nonSaturating: {
      label: '非飽和',
      hint: 'G 最大化 log D(G(z))：訓練初期梯度較強'
    },
    minimax: {
      label: '極小化極大',
      hint: 'G 最小化 log(1 − D(G(z)))：原始論文中的賽局'
    },
    wganGp: {
      label: 'WGAN（梯度懲罰）',
      hint: '帶梯度懲罰的 Wasserstein 評論器（critic）'
    },
    hinge: {
      label: '鉸鏈損失（hinge）',
      hint: '對評論器（critic）的分數使用鉸鏈損失'
    }
  },
  augmentOps: {
    translation: '平移',
    cutout: '挖除',
    color: '色彩'
  },
  validation: {
    moreThan: '「{field}」必須大於 {min}。',
    atLeast: '「{field}」不得小於 {min}。',
    lessThan: '「{field}」必須小於 {max}。',
    atMost: '「{field}」不得大於 {max}。',
    pickAtLeast: '「{field}」至少要選擇 {min} 項。',
    wholeNumber: '「{field}」必須是整數。',
    number: '「{field}」必須是數字。',
    oneOf: '「{field}」必須是下列其中之一：{options}。',
    studioMax: '「{field}」在 GAN Studio 中最多為 {max}（命令列 gan-studio train 允許更大的值）。',
    needsConditional: '「{field}」需要條件式 GAN 模型（請開啟類別標籤）。',
    other: '「{field}」：{message}'
  },
  samples: {
    title: '固定雜訊產生的樣本',
    step: '第 {step} 步',
    loading: '正在載入第 {step} 步…',
    empty: '第一個取樣間隔過後，這裡會出現第一張樣本網格。',
    enlarge: '點一下即可放大',
    scrub: '拖曳以瀏覽較早的樣本網格',
    alt: '第 {step} 步的樣本',
    altByClass: '第 {step} 步的樣本，每列一個類別'
  },
  errors: {
    noDataset: '請先開啟資料集（在「資料集」檢視畫面中）。'
  }
}
export default messages
