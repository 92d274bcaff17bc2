import type en from '../en/dataset'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '資料集',
    subtitle:
      '一個影像資料夾，每個類別一個子資料夾（即 torchvision 的 ImageFolder 格式）。只解碼一次並快取，隨即可用於訓練。',
    opening: '正在開啟…',
    phases: {
      scan: '正在尋找影像',
      decode: '正在解碼並縮放',
      cache: '正在寫入快取'
    }
  },
  picker: {
    drop: '將影像資料夾拖放到這裡',
    dropHint: '每個類別一個子資料夾 · {formats}',
    choose: '選擇資料夾…',
    dropNeedsPath: '瀏覽器無法告訴引擎拖入的資料夾位在哪裡：請在下方輸入它的路徑。',
    pathLabel: '引擎所在電腦上的資料夾',
    open: '開啟',
    resolution: '解析度',
    channels: '色彩通道',
    fit: '縮放方式',
    auto: '自動',
    grayscale: '灰階',
    colour: '彩色',
    crop: '置中裁切',
    letterbox: '等比縮放補邊',
    builtins: '或使用內建資料集：'
  },
  builtins: {
    shapes: {
      label: '幾何圖形',
      hint: '依類別即時生成的彩色幾何圖形：幾秒鐘就能訓練完成。'
    },
    fashionMnist: {
      hint: '{count} 張 28×28 的服飾影像，共十個類別（Debian 套件 {pkg}）。'
    }
  },
  summary: {
    images: '{n} 張影像 | {n} 張影像',
    classes: '{n} 個類別 | {n} 個類別',
    unlabeled: '{n} 個類別（無標籤）',
    grayscale: '灰階',
    colour: '彩色',
    fromCache: '來自快取',
    example: '{name} 範例',
    exampleNumbered: '{name} 範例 {i}',
    enlarge: '按一下即可放大',
    skipped: '略過了 {n} 個檔案 | 略過了 {n} 個檔案',
    more: '⋯⋯ 另有 {n} 個'
  }
}
export default messages
