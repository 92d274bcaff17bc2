import type en from '../en/runs'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  view: {
    title: '训练运行',
    subtitle:
      '磁盘上的每一次训练运行：可以命名，打开查看曲线和样本，勾选两个或更多进行比较，从检查点继续训练或生成。',
    refresh: '刷新',
    empty: '还没有训练运行：在“训练”视图中训练一个，它就会出现在这里。'
  },
  table: {
    compare: '比较',
    compareTitle: '勾选两个或更多，叠加它们的曲线',
    name: '名称',
    dataset: '数据集',
    loss: '损失',
    batch: '批大小',
    lr: '学习率 G / D',
    status: '状态',
    steps: '步数',
    time: '用时',
    bestScore: '最佳评分',
    bestScoreTitle: '已评分检查点中最低的 Fréchet 距离（越低越好）',
    compareRun: '比较 {run}',
    thumbAlt: '{run} 的最新样本',
    nameTitle: '运行 {id}：输入名称，按 Enter 保存',
    nameLabel: '运行 {id} 的名称',
    damaged: '已损坏',
    bestAt: '在第 {step} 步',
    bestAtUnreliable: '在第 {step} 步（评判模型不可靠）',
    notScored: '尚未评分'
  },
  status: {
    training: '训练中',
    complete: '已完成',
    stoppedEarly: '提前停止',
    incomplete: '未完成'
  },
  duration: {
    hm: '{h} 小时 {m} 分',
    ms: '{m} 分 {s} 秒',
    s: '{s} 秒'
  },
  compare: {
    heading: '比较 {n} 个运行',
    hint: '勾选两个或更多运行，叠加它们的曲线。',
    differentLosses: '这些运行使用不同的损失函数：它们的损失和 D 的输出不在同一尺度上。',
    dLoss: 'D 损失对比',
    gLoss: 'G 损失对比',
    dReal: 'D 在真实样本上的输出对比',
    dFake: 'D 在生成样本上的输出对比',
    dLossAxis: 'D 损失',
    gLossAxis: 'G 损失',
    dRealAxis: 'D(x) 或评论器评分',
    dFakeAxis: 'D(G(z)) 或评论器评分'
  },
  detail: {
    live: '正在训练，实时显示',
    sampleHistory: '样本历史'
  },
  checkpoints: {
    heading: '检查点',
    exportTo: '导出到文件夹',
    columns: {
      samples: '样本',
      step: '步数',
      epoch: '轮（epoch）',
      saved: '保存时间',
      dLoss: 'D 损失',
      gLoss: 'G 损失',
      fidelity: '标签保真度',
      frechet: 'Fréchet 距离',
      diversity: '多样性比'
    },
    titles: {
      fidelity: '为某个标签生成的图像中，被评判模型判为该标签的比例（越高越好）',
      frechet: '评判模型提取的生成图像特征与真实图像特征之间的 Fréchet 距离（越低越好）',
      diversity: '生成图像的多样性与真实图像多样性之比（越接近 1 越好）'
    },
    samplesAlt: '第 {step} 步的样本',
    notScored: '未评分：对此运行执行 gan-studio score',
    unconditional: '无条件模型：没有可检查的标签',
    diversity: '生成图像的多样性与真实图像多样性之比（1：与数据一样多样；接近 0：已崩溃）',
    diversityLowFor:
      '生成图像的多样性与真实图像多样性之比（1：与数据一样多样；接近 0：已崩溃）。偏低的类别：{labels}',
    listSeparator: '、',
    percent: '{value}%',
    bestSoFar: '★ 迄今最佳',
    bestSoFarTitle: '截至这一步最低的 Fréchet 距离（由同一评判模型给出）',
    unreliable: '评判模型不可靠',
    unreliableTitle: '评判模型在留出图像上的表现仅略好于随机猜测：这些评分说明不了什么',
    low: '偏低',
    generate: '生成',
    resume: '继续训练',
    resumeBusy: '有运行正在训练：请先停止它',
    resumeTitle: '从这里继续训练',
    export: '导出',
    deleteConfirm: '确认删除',
    keep: '保留',
    delete: '删除…',
    empty: '此运行还没有检查点。'
  },
  scores: {
    note: '这些评分由在此数据集上训练的评判模型给出，只用于比较在此数据集上训练的检查点；它们不是 Inception FID，跨数据集比较没有意义。',
    unreliable: '其评判模型不可靠：这些评分说明不了什么。',
    otherJudge: '部分检查点由另一个评判模型评分（数据集已更改）：它们的评分不可相互比较。',
    frechetTitle: 'Fréchet 距离随步数的变化（越低越好）',
    frechet: 'Fréchet 距离',
    fidelity: '标签保真度',
    diversity: '多样性比',
    ratiosTitle: '标签保真度与多样性比随步数的变化',
    ratioAxis: '比例或比值',
    asVaried: '与数据一样多样'
  },
  torch: {
    heading: '在 PyTorch 上继续训练',
    intro:
      '写出一个任务，用 PyTorch 的 {torchrun} 在多块 GPU 或多台机器上从第 {step} 步继续训练；用 {importTorch} 将结果导回。',
    button: '导出到 PyTorch',
    exporting: '正在导出…',
    buttonTitle:
      '写出一个 PyTorch 任务（torchrun、DistributedDataParallel），从第 {step} 步继续训练',
    folder: '任务文件夹（新建或空的）',
    reference: '直接读取原数据集文件夹（不复制）',
    export: '导出',
    done: '任务已写入 {path}。在那里用 {command} 训练，然后用 {importCommand} 导回。',
    doneImages:
      '任务已写入 {path}，含 {n} 张图像。在那里用 {command} 训练，然后用 {importCommand} 导回。 | 任务已写入 {path}，含 {n} 张图像。在那里用 {command} 训练，然后用 {importCommand} 导回。'
  },
  notice: {
    deletedCheckpoint: '已删除第 {step} 步的检查点。',
    deletedRun: '已删除运行 {id}。',
    exported: '已将生成器导出到 {path}。'
  },
  errors: {
    didNotResume: '运行未能继续。'
  }
}
export default messages
