import type en from '../en/app'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  nav: {
    label: '檢視',
    collapse: '收合側邊欄',
    expand: '展開側邊欄',
    itemTitle: '{label}：{hint}',
    items: {
      dataset: { label: '資料集', hint: '開啟一個影像資料夾' },
      train: { label: '訓練', hint: '訓練模型，觀察它如何學習' },
      runs: { label: '訓練執行', hint: '所有訓練執行：曲線、樣本、比較、檢查點' },
      generate: { label: '生成', hint: '依類別標籤生成影像' },
      lab: { label: '實驗室', hint: '即時觀察理論' }
    }
  },
  status: {
    connection: {
      connecting: '連線中…',
      ready: '引擎就緒',
      crashed: '引擎已停止',
      restarting: '引擎重新啟動中…',
      disconnected: '連線已中斷'
    },
    backend: '後端 {name}',
    adapter: '執行於 {adapter}',
    unnamedAdapter: '未命名的介面卡',
    software: '軟體算繪',
    reason: {
      notInstalled: '{backends} 未安裝',
      failed: '{backends} 無法載入',
      chosenByEnv: '由 {variable} 指定',
      chosenBySetting: '由設定指定',
      separator: '；'
    },
    shell: { desktop: '桌面版', browser: '瀏覽器' },
    shellVersion: '{shell} · 版本 {version}'
  },
  problem: {
    title: '無法連線到引擎。',
    noReason: '引擎已停止，未說明原因。',
    restart: '重新啟動引擎',
    resumeHint: '可在「檢查點」中從訓練執行的最後一個檢查點繼續訓練。',
    serveAgain: '請重新執行 {command}，然後重新載入此頁面。'
  }
}
export default messages
