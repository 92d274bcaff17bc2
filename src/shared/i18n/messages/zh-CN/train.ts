import type en from '../en/train'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '训练',
    subtitle: 'D 学习区分真实样本与生成样本；G 学习骗过 D。请观察两者的损失以及 D 的输出。'
  },
  controls: {
    start: '开始',
    pause: '暂停',
    resume: '继续',
    stop: '停止',
    run: '运行 {id}',
    onDataset: '数据集：{name}',
    noDataset: '请先打开数据集（“数据集”视图）。',
    needsFixing: '有 {n} 项设置需要修改：{errors} | 有 {n} 项设置需要修改：{errors}',
    states: {
      idle: '就绪',
      starting: '正在启动…',
      running: '训练中',
      paused: '已暂停',
      stopping: '正在停止…',
      finished: '已完成',
      stopped: '已停止',
      failed: '失败'
    },
    stats: {
      step: '步数',
      epoch: '轮次',
      imagesPerSecond: '图像/秒',
      elapsed: '已用时间',
      eta: '预计剩余'
    },
    duration: {
      hm: '{h} 小时 {m} 分',
      ms: '{m} 分 {s} 秒',
      s: '{s} 秒'
    }
  },
  settings: {
    legend: '设置',
    locked: '· 当前训练运行的设置（已锁定）',
    totalSteps: '共 {steps} 步 | 共 {steps} 步',
    totalUnknown: '打开数据集后即可看到本次训练的总步数。',
    techniques: 'DCGAN 之外的技巧',
    reset: '恢复默认设置',
    on: '开启',
    off: '关闭',
    conditionalOn: '开启：按类别',
    labelPlanes: '标签平面',
    projection: '投影',
    tturOn: '开启（G 1e-4，D 4e-4）',
    augmentFixed: '固定强度',
    augmentAdaptive: '自适应（ADA）'
  },
  fields: {
    loss: '损失函数',
    conditional: '类别标签（条件 GAN）',
    batchSize: '批大小',
    epochs: '训练轮数',
    maxSteps: '最多训练步数',
    sampleEvery: '采样间隔（步）',
    lrG: 'G 的学习率',
    lrD: 'D 的学习率',
    dSteps: 'k（每个 G 步的 D 步数）',
    modelWidth: '模型宽度',
    noiseDim: '噪声维度',
    labelSmoothing: '标签平滑',
    instanceNoise: '实例噪声 σ',
    seed: '随机种子',
    mismatchedLabels: '错配标签的假样本',
    checkpointEvery: '检查点间隔'
  },
  fieldNames: {
    conditional: '类别标签',
    dSteps: 'k（D 步数）'
  },
  hints: {
    maxSteps: '训练全部轮次',
    sampleEveryAuto: '随运行长度而定：每次训练运行约生成 20 张样本网格，间隔不超过 100 步',
    sampleEvery: '两张样本网格之间的步数',
    modelWidth: '最宽一层的卷积核数量（DCGAN 为 64）；越小，在 CPU 上训练得越快。',
    labelSmoothing: '单侧平滑：真实样本的目标值变为 1 − s，让判别器不那么自信。',
    instanceNoise: '在 D 的输入上加入高斯噪声，并逐渐衰减到 0：在训练初期让两个分布相互重叠。',
    mismatchedLabels:
      'D 还会把配上错误标签的真实图像当作假样本，因此它判断的是（标签，图像）这一对。'
  },
  losses: {
    nonSaturating: {
      label: '非饱和',
      hint: 'G 最大化 log D(G(z))：训练初期梯度较强'
    },
    minimax: {
      label: '极小极大',
      hint: 'G 最小化 log(1 − D(G(z)))：原论文中的博弈'
    },
    wganGp: {
      label: 'WGAN（梯度惩罚）',
      hint: '带梯度惩罚的 Wasserstein 评论器（critic）'
    },
    hinge: {
      label: '合页损失（hinge）',
      hint: '对评论器（critic）的评分使用合页损失'
    }
  },
  augmentOps: {
    translation: '平移',
    cutout: '挖空',
    color: '颜色'
  },
  validation: {
    moreThan: '“{field}”必须大于 {min}。',
    atLeast: '“{field}”不能小于 {min}。',
    lessThan: '“{field}”必须小于 {max}。',
    atMost: '“{field}”不能大于 {max}。',
    pickAtLeast: '“{field}”至少要选择 {min} 项。',
    wholeNumber: '“{field}”必须是整数。',
    number: '“{field}”必须是数字。',
    oneOf: '“{field}”必须是以下之一：{options}。',
    studioMax: '“{field}”在 GAN Studio 中最大为 {max}（命令行 gan-studio train 允许更大的值）。',
    needsConditional: '“{field}”需要条件 GAN 模型（请开启类别标签）。',
    other: '“{field}”：{message}'
  },
  samples: {
    title: '固定噪声生成的样本',
    step: '第 {step} 步',
    loading: '正在加载第 {step} 步…',
    empty: '第一个采样间隔过后，这里会出现第一张样本网格。',
    enlarge: '点击放大',
    scrub: '拖动以浏览更早的样本网格',
    alt: '第 {step} 步的样本',
    altByClass: '第 {step} 步的样本，每行一个类别'
  },
  errors: {
    noDataset: '请先打开数据集（在“数据集”视图中）。'
  }
}
export default messages
