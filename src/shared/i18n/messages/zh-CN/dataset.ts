import type en from '../en/dataset'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '数据集',
    subtitle:
      '一个图像文件夹，每个类别一个子文件夹（即 torchvision 的 ImageFolder 格式）。只解码一次并缓存，随即可用于训练。',
    opening: '正在打开…',
    phases: {
      scan: '正在查找图像',
      decode: '正在解码并缩放',
      cache: '正在写入缓存'
    }
  },
  picker: {
    drop: '将图像文件夹拖放到此处',
    dropHint: '每个类别一个子文件夹 · {formats}',
    choose: '选择文件夹…',
    dropNeedsPath: '浏览器无法告诉引擎拖入的文件夹位于何处：请在下方输入其路径。',
    pathLabel: '引擎所在机器上的文件夹',
    open: '打开',
    resolution: '分辨率',
    channels: '通道',
    fit: '适配方式',
    auto: '自动',
    grayscale: '灰度',
    colour: '彩色',
    crop: '居中裁剪',
    letterbox: '等比缩放加边',
    builtins: '或使用内置数据集：'
  },
  builtins: {
    shapes: {
      label: '几何形状',
      hint: '按类别即时生成的彩色几何形状：几秒钟即可训练完成。'
    },
    fashionMnist: {
      hint: '{count} 张 28×28 的服饰图像，共十个类别（Debian 软件包 {pkg}）。'
    }
  },
  summary: {
    images: '{n} 张图像 | {n} 张图像',
    classes: '{n} 个类别 | {n} 个类别',
    unlabeled: '{n} 个类别（无标签）',
    grayscale: '灰度',
    colour: '彩色',
    fromCache: '来自缓存',
    example: '{name} 示例',
    exampleNumbered: '{name} 示例 {i}',
    enlarge: '点击放大',
    skipped: '跳过了 {n} 个文件 | 跳过了 {n} 个文件',
    more: '…… 另有 {n} 个'
  }
}
export default messages
