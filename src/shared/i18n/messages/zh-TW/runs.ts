import type en from '../en/runs'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '訓練執行',
    subtitle:
      '磁碟上的每一次訓練執行：可以命名、開啟查看曲線與樣本、勾選兩個以上進行比較，或從檢查點繼續訓練、生成。',
    refresh: '重新整理',
    empty: '還沒有訓練執行：在「訓練」檢視中訓練一個，它就會出現在這裡。'
  },
  table: {
    compare: '比較',
    compareTitle: '勾選兩個以上，疊加它們的曲線',
    name: '名稱',
    dataset: '資料集',
    loss: '損失',
    batch: '批次大小',
    lr: '學習率 G / D',
    status: '狀態',
    steps: '步數',
    time: '耗時',
    bestScore: '最佳評分',
    bestScoreTitle: '已評分檢查點中最低的 Fréchet 距離（越低越好）',
    compareRun: '比較 {run}',
    thumbAlt: '{run} 的最新樣本',
    nameTitle: '執行 {id}：輸入名稱，按 Enter 儲存',
    nameLabel: '執行 {id} 的名稱',
    damaged: '已損毀',
    bestAt: '於第 {step} 步',
    bestAtUnreliable: '於第 {step} 步（評判模型不可靠）',
    notScored: '尚未評分'
  },
  status: {
    training: '訓練中',
    complete: '已完成',
    stoppedEarly: '提前停止',
    incomplete: '未完成'
  },
  duration: {
    hm: '{h} 小時 {m} 分',
    ms: '{m} 分 {s} 秒',
    s: '{s} 秒'
  },
  compare: {
    heading: '比較 {n} 個執行',
    hint: '勾選兩個以上的執行，疊加它們的曲線。',
    differentLosses: '這些執行使用不同的損失函數：它們的損失與 D 的輸出不在同一尺度上。',
    dLoss: 'D 損失比較',
    gLoss: 'G 損失比較',
    dReal: 'D 在真實樣本上的輸出比較',
    dFake: 'D 在生成樣本上的輸出比較',
    dLossAxis: 'D 損失',
    gLossAxis: 'G 損失',
    dRealAxis: 'D(x) 或評論器評分',
    dFakeAxis: 'D(G(z)) 或評論器評分'
  },
  detail: {
    live: '正在訓練，即時顯示',
    sampleHistory: '樣本歷程'
  },
  checkpoints: {
    heading: '檢查點',
    exportTo: '匯出至資料夾',
    columns: {
      samples: '樣本',
      step: '步數',
      epoch: '輪（epoch）',
      saved: '儲存時間',
      dLoss: 'D 損失',
      gLoss: 'G 損失',
      fidelity: '標籤保真度',
      frechet: 'Fréchet 距離',
      diversity: '多樣性比'
    },
    titles: {
      fidelity: '為某個標籤生成的影像中，被評判模型判為該標籤的比例（越高越好）',
      frechet: '評判模型擷取的生成影像特徵與真實影像特徵之間的 Fréchet 距離（越低越好）',
      diversity: '生成影像的多樣性與真實影像多樣性之比（越接近 1 越好）'
    },
    samplesAlt: '第 {step} 步的樣本',
    notScored: '未評分：對此執行執行 gan-studio score',
    unconditional: '無條件模型：沒有可檢查的標籤',
    diversity: '生成影像的多樣性與真實影像多樣性之比（1：與資料一樣多樣；接近 0：已崩潰）',
    diversityLowFor:
      '生成影像的多樣性與真實影像多樣性之比（1：與資料一樣多樣；接近 0：已崩潰）。偏低的類別：{labels}',
    listSeparator: '、',
    percent: '{value}%',
    bestSoFar: '★ 目前最佳',
    bestSoFarTitle: '截至這一步最低的 Fréchet 距離（由同一評判模型給出）',
    unreliable: '評判模型不可靠',
    unreliableTitle: '評判模型在保留影像上的表現僅略優於隨機猜測：這些評分參考價值不大',
    low: '偏低',
    generate: '生成',
    resume: '繼續訓練',
    resumeBusy: '有執行正在訓練：請先停止它',
    resumeTitle: '從這裡繼續訓練',
    export: '匯出',
    deleteConfirm: '確定刪除',
    keep: '保留',
    delete: '刪除…',
    empty: '此執行還沒有檢查點。'
  },
  scores: {
    note: '這些評分由在此資料集上訓練的評判模型給出，只用於比較在此資料集上訓練的檢查點；它們不是 Inception FID，跨資料集比較沒有意義。',
    unreliable: '其評判模型不可靠：這些評分參考價值不大。',
    otherJudge: '部分檢查點由另一個評判模型評分（資料集已變更）：它們的評分無法互相比較。',
    frechetTitle: 'Fréchet 距離隨步數的變化（越低越好）',
    frechet: 'Fréchet 距離',
    fidelity: '標籤保真度',
    diversity: '多樣性比',
    ratiosTitle: '標籤保真度與多樣性比隨步數的變化',
    ratioAxis: '比例或比值',
    asVaried: '與資料一樣多樣'
  },
  torch: {
    heading: '在 PyTorch 上繼續訓練',
    intro:
      '寫出一個工作，以 PyTorch 的 {torchrun} 在多張 GPU 或多台機器上從第 {step} 步繼續訓練；再以 {importTorch} 將結果匯回。',
    button: '匯出至 PyTorch',
    exporting: '正在匯出…',
    buttonTitle:
      '寫出一個 PyTorch 工作（torchrun、DistributedDataParallel），從第 {step} 步繼續訓練',
    folder: '工作資料夾（新的或空的）',
    reference: '直接讀取原資料集資料夾（不複製）',
    export: '匯出',
    done: '工作已寫入 {path}。在那裡以 {command} 訓練，再以 {importCommand} 匯回。',
    doneImages:
      '工作已寫入 {path}，含 {n} 張影像。在那裡以 {command} 訓練，再以 {importCommand} 匯回。 | 工作已寫入 {path}，含 {n} 張影像。在那裡以 {command} 訓練，再以 {importCommand} 匯回。'
  },
  notice: {
    deletedCheckpoint: '已刪除第 {step} 步的檢查點。',
    deletedRun: '已刪除執行 {id}。',
    exported: '已將生成器匯出至 {path}。'
  },
  errors: {
    didNotResume: '執行未能繼續。'
  }
}
export default messages
