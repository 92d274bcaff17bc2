import type en from '../en/menu'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  app: {
    about: '關於 {app}',
    services: '服務',
    hide: '隱藏 {app}',
    hideOthers: '隱藏其他',
    showAll: '顯示全部',
    quit: '結束 {app}'
  },
  file: {
    title: '檔案(&F)',
    openDataset: '開啟資料集資料夾…',
    openRun: '開啟訓練執行資料夾…',
    export: '匯出…',
    restartEngine: '重新啟動引擎',
    quit: '結束'
  },
  edit: {
    title: '編輯(&E)',
    undo: '復原',
    redo: '重做',
    cut: '剪下',
    copy: '拷貝',
    paste: '貼上',
    pasteAndMatchStyle: '貼上並符合樣式',
    delete: '刪除',
    selectAll: '全選'
  },
  view: {
    title: '檢視(&V)',
    reload: '重新載入',
    forceReload: '強制重新載入',
    toggleDevTools: '切換開發者工具',
    resetZoom: '實際大小',
    zoomIn: '放大',
    zoomOut: '縮小',
    appearance: '外觀',
    followSystem: '跟隨系統',
    light: '淺色',
    dark: '深色',
    fullScreen: '切換全螢幕'
  },
  window: {
    title: '視窗(&W)',
    minimize: '最小化',
    zoom: '縮放',
    front: '將全部移至最前',
    close: '關閉視窗'
  },
  help: {
    title: '說明(&H)',
    readme: 'GAN Studio 專案首頁（README）',
    about: '關於 {app}'
  },
  about: {
    title: '關於 {app}',
    detail: '用你自己的圖片訓練條件式 GAN。',
    dataFolder: '資料存放位置：{path}',
    ok: '確定'
  },
  startup: {
    failed: '{app} 無法啟動',
    report: '請回報此問題。'
  },
  dialogs: {
    dataset: {
      title: '開啟資料集資料夾',
      button: '開啟',
      message: '一個影像資料夾，每個類別一個子資料夾。'
    },
    run: { title: '開啟訓練執行資料夾', button: '開啟' },
    export: { title: '匯出到資料夾', button: '匯出到這裡' }
  }
}
export default messages
