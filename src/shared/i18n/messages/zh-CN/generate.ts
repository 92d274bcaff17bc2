import type en from '../en/generate'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '生成',
    subtitle: '用检查点中的生成器按类别标签生成图像：随机种子相同，生成的图像也相同。',
    empty: '请在上方选择一个训练运行，或到训练运行列表中，在某个检查点上点击“生成”。'
  },
  picker: {
    run: '训练运行',
    chooseRun: '选择训练运行…',
    checkpoint: '检查点',
    step: '第 {step} 步'
  },
  form: {
    class: '类别',
    count: '数量',
    seed: '随机种子',
    truncation: '截断（可选）',
    truncationHint: '对超出 ±t 的噪声分量重新采样：多样性降低，图像更典型。',
    truncationNone: '无'
  },
  actions: {
    generate: '生成',
    cancel: '取消',
    generating: '正在生成'
  },
  results: {
    pickTitle: '{label} #{i}（点击选中）',
    enlarge: '放大',
    enlargeLabel: '放大 {label} #{i}',
    caption: '{label} #{i}，随机种子 {seed}',
    selected: '已选 {n} 张',
    pickHint: '点击图像可选中部分图像，或保存全部',
    downloadSelected: '下载所选（.zip）',
    downloadAll: '下载全部（.zip）',
    saveDirPlaceholder: '或引擎所在机器上的文件夹：{example}',
    saveDirLabel: '保存到的文件夹',
    saveSelected: '保存所选…',
    saveAll: '保存全部…',
    saveSelectedToFolder: '将所选保存到文件夹',
    saveAllToFolder: '将全部保存到文件夹'
  },
  interpolate: {
    title: '在两个随机种子之间插值',
    fromSeed: '起始种子',
    toSeed: '终止种子',
    images: '图像数',
    run: '插值',
    downloadStrip: '下载插值图像条（.png）',
    saveStrip: '保存插值图像…',
    saveStripToFolder: '将插值图像保存到文件夹',
    saveStripTitle: '保存到上方输入的文件夹',
    stepTitle: '插值路径第 {i} 步（点击放大）',
    caption: '{label} 插值 {i}'
  },
  notices: {
    saved: '已将 {n} 张图像保存到 {dir}。 | 已将 {n} 张图像保存到 {dir}。',
    downloading: '正在下载 {n} 张图像，文件名 {file}。 | 正在下载 {n} 张图像，文件名 {file}。',
    savedStrip: '已将插值图像条中的 {n} 张图像保存到 {dir}。'
  },
  problems: {
    noLoadableCheckpoint: '训练运行 {run} 还没有可加载的检查点。',
    chooseCheckpoint:
      '请先选择检查点：在上方选择一个训练运行，或到训练运行列表中，在某个检查点上点击“生成”。',
    generateFirst: '请先生成一些图像。',
    interpolateFirst: '请先进行插值。'
  },
  media: {
    clickToEnlarge: '{alt}（点击放大）',
    close: '关闭'
  }
}
export default messages
