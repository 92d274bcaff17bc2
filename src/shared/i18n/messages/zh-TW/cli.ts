import type en from '../en/cli'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  train: {
    backend: '後端：{backend}（{reason}）',
    threads: {
      scheduled: '執行緒：由 {backend} 後端自行排程',
      wasm: '執行緒：{threads}（{where}；可用 --wasm-threads <n> 或 GAN_STUDIO_WASM_THREADS 變更）',
      inThread: '在目前的執行緒中',
      pool: '訓練工作執行緒中的 XNNPACK 執行緒池'
    },
    data: '資料集：{name}：{count} 張影像，{classes}，{size}',
    dataFromCache: '資料集：{name}：{count} 張影像，{classes}，{size}（取自快取）',
    classes: '{count} 個類別',
    unlabeled: '無標籤',
    run: '訓練執行：{dir}',
    resume: '繼續訓練：自 {dir}',
    samples: '樣本：{dir}（最新：{file}）',
    metrics: '指標：{file}',
    state: {
      running: '訓練中：{message}',
      paused: '已暫停：{message}',
      stopping: '正在停止：{message}'
    },
    warning: '警告：{message}',
    error: '錯誤：{message}',
    stoppedBeforeStart: '已停止：尚未開始第一步，未寫入任何訓練執行。',
    finished: '訓練完成：共 {steps} 步。',
    failed: '訓練失敗',
    progress: {
      steps: '{step}/{total} 步',
      epoch: '第 {epoch} 輪',
      speed: '{ips} 張/秒',
      eta: '剩餘 {eta}',
      unknown: '未知',
      hours: '{h} 小時 {m} 分',
      minutes: '{m} 分 {s} 秒',
      seconds: '{s} 秒'
    },
    errors: {
      needsData: 'train 需要 --data 與 --out（或以 --resume <checkpoint> 從檢查點繼續訓練）。',
      judgeNeedsScore:
        '--judge-steps 設定的是 --score-every 所用的評分模型；請加上 --score-every <n>。',
      loss: '--loss 只接受 ns、minimax、wgan-gp 或 hinge。',
      resolution: '--resolution 只接受 28、32 或 64。'
    }
  },
  options: {
    wholeNumberRange: '{option} 必須是 {min} 到 {max} 之間的整數。',
    wholeNumberAtLeast: '{option} 必須是不小於 {min} 的整數。',
    learningRate: '{option} 必須是大於 0、不超過 {max} 的學習率，例如 2e-4。',
    positiveNumber: '{option} 必須是大於 0、不超過 {max} 的數。',
    seedPair: '--interpolate 需要兩個隨機種子，例如 --interpolate 3,17。'
  },
  generate: {
    needOutput: '請指定影像的去處：--grid <file.png> 或 --out-dir <dir>（也可以兩者都用）。',
    backend: '後端：{backend}（{reason}）',
    grid: '網格圖：{path}（{count} 張影像）',
    images: '影像：{dir} 中的 {count} 個 PNG'
  },
  score: {
    skipped: '已略過：{path} 無法載入：{problem}',
    backend: '後端：{backend}（{reason}）',
    judgeProgress: '  評分模型：第 {step}/{steps} 步，損失 {loss}',
    unreliable: '警告：評分模型不可靠（{reason}），這些評分參考價值很小。'
  },
  torch: {
    trainIt: '在這台電腦上訓練（在叢集上訓練請參閱 {readme}）：',
    bringBack: '接著將它匯入回來：gan-studio import-torch {dir}',
    runId: '執行 ID：{runId}',
    generateFromIt: '以它生成：gan-studio generate --checkpoint {checkpoint} --grid grid.png'
  },
  dataset: {
    summary: {
      head: '{name}：{count} 張影像，{kind}，{size}，{channels} 個色版（{colour}）{source}',
      classes: '{count} 個類別',
      unlabeled: '無標籤（沒有類別資料夾）',
      grayscale: '灰階',
      rgb: 'RGB 彩色',
      fromCache: '，取自快取',
      decoded: '，已解碼 {count} 個檔案',
      classesHeading: '類別：',
      skippedHeading: '略過了 {count} 個檔案：',
      skippedMore: '  … 另有 {count} 個（--json 會全部列出）',
      skippedNone: '略過：無',
      warningsHeading: '警告：'
    },
    exported: '已將 {written} 個 PNG 寫入 {folder} 下的 {classes} 個類別資料夾',
    positiveInteger: '應為不小於 1 的整數。'
  },
  info: {
    backend: '後端：{backend}',
    adapter: '轉接器：{adapter}',
    why: '原因：{reason}',
    notTried: '  · {backend}：未嘗試（已載入更好的後端）',
    data: '資料存放位置：{dir}'
  }
}
export default messages
