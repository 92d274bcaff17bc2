import type en from '../en/cli'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  train: {
    backend: '后端：{backend}（{reason}）',
    threads: {
      scheduled: '线程：由 {backend} 后端自行调度',
      wasm: '线程：{threads}（{where}；可用 --wasm-threads <n> 或 GAN_STUDIO_WASM_THREADS 更改）',
      inThread: '在当前线程中',
      pool: '训练工作线程中的 XNNPACK 线程池'
    },
    data: '数据集：{name}：{count} 张图像，{classes}，{size}',
    dataFromCache: '数据集：{name}：{count} 张图像，{classes}，{size}（取自缓存）',
    classes: '{count} 个类别',
    unlabeled: '无标签',
    run: '训练运行：{dir}',
    resume: '继续训练：自 {dir}',
    samples: '样本：{dir}（最新：{file}）',
    metrics: '指标：{file}',
    state: {
      running: '训练中：{message}',
      paused: '已暂停：{message}',
      stopping: '正在停止：{message}'
    },
    warning: '警告：{message}',
    error: '错误：{message}',
    stoppedBeforeStart: '已停止：尚未开始第一步，未写入任何训练运行。',
    finished: '训练完成：共 {steps} 步。',
    failed: '训练失败',
    progress: {
      steps: '{step}/{total} 步',
      epoch: '第 {epoch} 轮',
      speed: '{ips} 张/秒',
      eta: '剩余 {eta}',
      unknown: '未知',
      hours: '{h} 小时 {m} 分',
      minutes: '{m} 分 {s} 秒',
      seconds: '{s} 秒'
    },
    errors: {
      needsData: 'train 需要 --data 和 --out（或用 --resume <checkpoint> 从检查点继续训练）。',
      judgeNeedsScore:
        '--judge-steps 设置的是 --score-every 所用的评分模型；请加上 --score-every <n>。',
      loss: '--loss 只接受 ns、minimax、wgan-gp 或 hinge。',
      resolution: '--resolution 只接受 28、32 或 64。'
    }
  },
  options: {
    wholeNumberRange: '{option} 须为 {min} 到 {max} 之间的整数。',
    wholeNumberAtLeast: '{option} 须为不小于 {min} 的整数。',
    learningRate: '{option} 须为大于 0、不超过 {max} 的学习率，例如 2e-4。',
    positiveNumber: '{option} 须为大于 0、不超过 {max} 的数。',
    seedPair: '--interpolate 需要两个随机种子，例如 --interpolate 3,17。'
  },
  generate: {
    needOutput: '请指定图像的去处：--grid <file.png> 或 --out-dir <dir>（也可两者都用）。',
    backend: '后端：{backend}（{reason}）',
    grid: '网格图：{path}（{count} 张图像）',
    images: '图像：{dir} 中的 {count} 个 PNG'
  },
  score: {
    skipped: '已跳过：{path} 无法加载：{problem}',
    backend: '后端：{backend}（{reason}）',
    judgeProgress: '  评分模型：第 {step}/{steps} 步，损失 {loss}',
    unreliable: '警告：评分模型不可靠（{reason}），这些评分参考价值很小。'
  },
  torch: {
    trainIt: '在本机上训练（在集群上训练请参阅 {readme}）：',
    bringBack: '然后将其导入回来：gan-studio import-torch {dir}',
    runId: '运行 ID：{runId}',
    generateFromIt: '用它生成：gan-studio generate --checkpoint {checkpoint} --grid grid.png'
  },
  dataset: {
    summary: {
      head: '{name}：{count} 张图像，{kind}，{size}，{channels} 个通道（{colour}）{source}',
      classes: '{count} 个类别',
      unlabeled: '无标签（没有类别文件夹）',
      grayscale: '灰度',
      rgb: 'RGB 彩色',
      fromCache: '，取自缓存',
      decoded: '，已解码 {count} 个文件',
      classesHeading: '类别：',
      skippedHeading: '跳过了 {count} 个文件：',
      skippedMore: '  … 另有 {count} 个（--json 会全部列出）',
      skippedNone: '跳过：无',
      warningsHeading: '警告：'
    },
    exported: '已将 {written} 个 PNG 写入 {folder} 下的 {classes} 个类别文件夹',
    positiveInteger: '应为不小于 1 的整数。'
  },
  info: {
    backend: '后端：{backend}',
    adapter: '适配器：{adapter}',
    why: '原因：{reason}',
    notTried: '  · {backend}：未尝试（已加载了更好的后端）',
    data: '数据存放位置：{dir}'
  }
}
export default messages
