import type en from '../en/charts'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  chart: {
    step: '步数',
    csvTitle: '将当前显示的曲线下载为 CSV',
    pngTitle: '将图表下载为 PNG',
    smoothing: '平滑',
    smoothingTitle: '指数移动平均，与 TensorBoard 相同',
    smoothingOf: '{title}的平滑程度',
    log: '对数',
    firstStep: '{title}中显示的起始步',
    lastStep: '{title}中显示的结束步',
    reset: '重置',
    dragToZoom: '在图上横向拖动，放大这段步数',
    aria: '{title}：{lines}随{x}的变化',
    listSeparator: '、'
  },
  curves: {
    losses: '损失',
    lossAxis: '损失',
    dLoss: 'D 损失',
    gLoss: 'G 损失',
    criticTitle: '评论器（critic）评分（{loss}）：真实样本上的均值，生成样本上的均值',
    criticAxis: '评论器评分',
    criticReal: '真实样本评分',
    criticFake: '生成样本评分',
    outputsTitle: 'D 的输出：真实样本上的平均 D(x)，生成样本上的平均 D(G(z))',
    probabilityAxis: '判为“真”的概率',
    equilibrium: '均衡点 ½'
  },
  lab: {
    fit: {
      kl: 'KL 拟合（最大似然）',
      reverseKl: '反向 KL 拟合',
      js: 'JS 拟合',
      gan: 'G 的高斯分布'
    },
    critic: '评论器 C(x)',
    gHistogram: 'G 的直方图',
    gKde: 'p_G（核密度估计）',
    variantKde: 'p_G（核密度估计），{variant}',
    density: '密度',
    aria: 'p_data 与 p_G 的密度以及 D(x) 随 x 的变化'
  }
}
export default messages
