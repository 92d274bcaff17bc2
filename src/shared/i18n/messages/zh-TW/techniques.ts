import type en from '../en/techniques'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  model: {
    label: '網路架構',
    help: 'dcgan（預設）或 resnet：G 與 D 使用殘差區塊，每步較慢，但在 64×64 以上的解析度下影像更清晰。'
  },
  ema: {
    label: 'G 的 EMA',
    help: '樣本、預覽、評分與匯出皆取自 G 權重的指數移動平均，能平滑每一步之間的抖動，通常可得到更乾淨的影像。'
  },
  emaDecay: {
    label: 'EMA 衰減率',
    help: '平均值跟隨 G 的緩慢程度（預設 0.999）：數值越大越平滑，但落後也越多。'
  },
  conditioning: {
    label: '判別器的標籤輸入方式',
    help: '標籤平面（經典的條件式 GAN 做法）或投影：D 透過學習而得的類別向量，評估影像與其類別的吻合程度，較能區分相似的類別（如襯衫與套頭毛衣）。'
  },
  spectralNorm: {
    label: 'D 使用頻譜正規化',
    help: '限制 D 對一張影像的判斷能改變得多劇烈，讓訓練保持穩定；與鉸鏈損失（hinge）搭配效果很好。'
  },
  augment: {
    label: 'DiffAugment 資料擴增',
    help: '在 D 看到影像之前，對真實與生成的影像一律進行平移、挖除與重新上色，讓 D 無法記住小型資料集；自適應模式只在 D 開始過擬合時才加強擴增。'
  },
  augmentOps: {
    label: '擴增方式',
    help: '資料擴增要使用哪些轉換：translation（平移）、cutout（挖除）、color（色彩）（以逗號分隔；預設三種都用）。'
  },
  augmentStrength: {
    label: '擴增強度',
    help: '固定強度擴增時，每種轉換套用在一張影像上的機率（0–1）。'
  },
  augmentTarget: {
    label: '自適應目標',
    help: '自適應擴增時，D 對真實影像的把握最多可以到多高（預設 0.6），超過之後擴增強度便會提高。'
  },
  r1Gamma: {
    label: 'R1 懲罰 γ',
    help: '懲罰 D 在真實影像上的陡峭程度（0 表示關閉；可嘗試 1 到 10），能抑制振盪並幫助 G 收斂。'
  },
  ttur: {
    label: '雙時間尺度更新（TTUR）',
    help: '雙時間尺度學習率：D 的學習速度是 G 的四倍（D 的學習率 4e-4，G 為 1e-4），讓 D 始終是稱職的評判者，不會被 G 追上。'
  },
  cli: {
    numberRange: '{flag} 需要介於 {min} 到 {max} 的數值；收到的是 "{value}"。',
    opsUnknown: '--augment-ops 需要以逗號分隔的清單，可用 {ops}；"{names}" 不在其中。',
    opsNone: '--augment-ops 需要以逗號分隔的清單，可用 {ops}；但未提供任何一項。'
  }
}
export default messages
