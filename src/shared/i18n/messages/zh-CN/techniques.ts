import type en from '../en/techniques'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  model: {
    label: '网络架构',
    help: 'dcgan（默认）或 resnet：G 和 D 使用残差块，每步更慢，但在 64×64 及以上的分辨率下图像更清晰。'
  },
  ema: {
    label: 'G 的 EMA',
    help: '样本、预览、评分和导出都取自 G 权重的指数移动平均，可以平滑逐步之间的抖动，通常得到更干净的图像。'
  },
  emaDecay: {
    label: 'EMA 衰减率',
    help: '平均值跟随 G 的缓慢程度（默认 0.999）：越大越平滑，但滞后也越多。'
  },
  conditioning: {
    label: '判别器的标签输入方式',
    help: '标签平面（经典的条件 GAN 做法）或投影：D 通过学习到的类别向量评判图像与其类别的匹配程度，能更好地区分相似的类别（如衬衫和套头衫）。'
  },
  spectralNorm: {
    label: 'D 使用谱归一化',
    help: '限制 D 对一张图像的判断所能变化的剧烈程度，使训练保持稳定；与合页损失（hinge）搭配效果很好。'
  },
  augment: {
    label: 'DiffAugment 数据增强',
    help: '在 D 看到图像之前，对真实图像和生成图像一视同仁地进行平移、挖空和重新着色，使 D 无法记住一个小数据集；自适应模式只在 D 开始过拟合时才加大增强。'
  },
  augmentOps: {
    label: '增强方式',
    help: '数据增强使用哪些变换：translation（平移）、cutout（挖空）、color（颜色）（以逗号分隔；默认三种都用）。'
  },
  augmentStrength: {
    label: '增强强度',
    help: '固定强度增强时，每种变换作用于一张图像的概率（0–1）。'
  },
  augmentTarget: {
    label: '自适应目标',
    help: '自适应增强时，D 对真实图像的把握最多可以达到多高（默认 0.6），超过后增强强度随之提高。'
  },
  r1Gamma: {
    label: 'R1 惩罚 γ',
    help: '惩罚 D 在真实图像上的陡峭程度（0 为关闭；可尝试 1 到 10），能抑制振荡并帮助 G 收敛。'
  },
  ttur: {
    label: '双时间尺度更新（TTUR）',
    help: '双时间尺度学习率：D 的学习速度是 G 的四倍（D 的学习率 4e-4，G 为 1e-4），使 D 始终是称职的评判者，不会被 G 追上。'
  },
  cli: {
    numberRange: '{flag} 需要 {min} 到 {max} 之间的数值；收到的是 "{value}"。',
    opsUnknown: '--augment-ops 需要以逗号分隔的列表，可选 {ops}；"{names}" 不在其中。',
    opsNone: '--augment-ops 需要以逗号分隔的列表，可选 {ops}；但没有给出任何一项。'
  }
}
export default messages
