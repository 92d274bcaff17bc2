import type en from '../en/generate'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '生成',
    subtitle: '用檢查點中的生成器依類別標籤生成影像：隨機種子相同，生成的影像也相同。',
    empty: '請在上方選擇一個訓練執行，或到訓練執行清單中，在某個檢查點上按「生成」。'
  },
  picker: {
    run: '訓練執行',
    chooseRun: '選擇訓練執行…',
    checkpoint: '檢查點',
    step: '第 {step} 步'
  },
  form: {
    class: '類別',
    count: '數量',
    seed: '隨機種子',
    truncation: '截斷（選填）',
    truncationHint: '對超出 ±t 的雜訊分量重新取樣：多樣性降低，影像更典型。',
    truncationNone: '無'
  },
  actions: {
    generate: '生成',
    cancel: '取消',
    generating: '正在生成'
  },
  results: {
    pickTitle: '{label} #{i}（按一下選取）',
    enlarge: '放大',
    enlargeLabel: '放大 {label} #{i}',
    caption: '{label} #{i}，隨機種子 {seed}',
    selected: '已選取 {n} 張',
    pickHint: '按一下影像可選取部分影像，或儲存全部',
    downloadSelected: '下載選取項目（.zip）',
    downloadAll: '全部下載（.zip）',
    saveDirPlaceholder: '或引擎所在電腦上的資料夾：{example}',
    saveDirLabel: '要儲存到的資料夾',
    saveSelected: '儲存選取項目…',
    saveAll: '全部儲存…',
    saveSelectedToFolder: '將選取項目儲存到資料夾',
    saveAllToFolder: '全部儲存到資料夾'
  },
  interpolate: {
    title: '在兩個隨機種子之間內插',
    fromSeed: '起始種子',
    toSeed: '結束種子',
    images: '影像數',
    run: '內插',
    downloadStrip: '下載內插影像列（.png）',
    saveStrip: '儲存內插影像…',
    saveStripToFolder: '將內插影像儲存到資料夾',
    saveStripTitle: '儲存到上方輸入的資料夾',
    stepTitle: '內插路徑第 {i} 步（按一下放大）',
    caption: '{label} 內插 {i}'
  },
  notices: {
    saved: '已將 {n} 張影像儲存到 {dir}。 | 已將 {n} 張影像儲存到 {dir}。',
    downloading: '正在下載 {n} 張影像，檔名 {file}。 | 正在下載 {n} 張影像，檔名 {file}。',
    savedStrip: '已將內插影像列中的 {n} 張影像儲存到 {dir}。'
  },
  problems: {
    noLoadableCheckpoint: '訓練執行 {run} 還沒有可載入的檢查點。',
    chooseCheckpoint:
      '請先選擇檢查點：在上方選擇一個訓練執行，或到訓練執行清單中，在某個檢查點上按「生成」。',
    generateFirst: '請先生成一些影像。',
    interpolateFirst: '請先進行內插。'
  },
  media: {
    clickToEnlarge: '{alt}（按一下放大）',
    close: '關閉'
  }
}
export default messages
