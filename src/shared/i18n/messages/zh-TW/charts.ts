import type en from '../en/charts'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  chart: {
    step: '步數',
    csvTitle: '將目前顯示的曲線下載為 CSV',
    pngTitle: '將圖表下載為 PNG',
    smoothing: '平滑',
    smoothingTitle: '指數移動平均，與 TensorBoard 相同',
    smoothingOf: '{title}的平滑程度',
    log: '對數',
    firstStep: '{title}中顯示的起始步',
    lastStep: '{title}中顯示的結束步',
    reset: '重設',
    dragToZoom: '在圖上橫向拖曳，放大這段步數',
    aria: '{title}：{lines}隨{x}的變化',
    listSeparator: '、'
  },
  curves: {
    losses: '損失',
    lossAxis: '損失',
    dLoss: 'D 損失',
    gLoss: 'G 損失',
    criticTitle: '評論器（critic）評分（{loss}）：真實樣本上的平均，生成樣本上的平均',
    criticAxis: '評論器評分',
    criticReal: '真實樣本評分',
    criticFake: '生成樣本評分',
    outputsTitle: 'D 的輸出：真實樣本上的平均 D(x)，生成樣本上的平均 D(G(z))',
    probabilityAxis: '判為「真」的機率',
    equilibrium: '均衡點 ½'
  },
  lab: {
    fit: {
      kl: 'KL 擬合（最大概似）',
      reverseKl: '反向 KL 擬合',
      js: 'JS 擬合',
      gan: 'G 的高斯分布'
    },
    critic: '評論器 C(x)',
    gHistogram: 'G 的直方圖',
    gKde: 'p_G（核密度估計）',
    variantKde: 'p_G（核密度估計），{variant}',
    density: '密度',
    aria: 'p_data 與 p_G 的密度以及 D(x) 隨 x 的變化'
  }
}
export default messages
