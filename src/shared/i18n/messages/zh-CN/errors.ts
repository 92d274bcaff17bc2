import type en from '../en/errors'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  unknown: '引擎出错了。',
  codes: {
    // 调用与传输
    invalidArgument: '{field} 无效：{reason}。',
    unavailable: '此环境中无法使用“{method}”。',
    untrustedSender: '已拒绝一个并非来自 GAN Studio 页面的调用。',
    disconnected: '与引擎的连接已断开，请重试。',
    closed: '引擎的工作线程在应答前已关闭。',
    malformedReply: 'GAN Studio 返回了格式错误的应答，请报告此问题。',
    // 引擎进程与工作线程
    engineCrashed: '引擎已停止（{detail}）。请重启引擎后继续。',
    workerCrashed: '引擎的工作线程已停止（{detail}）。',
    workerMissing: '{path} 中缺少引擎的工作线程文件：请用 `npm run build` 重新构建。',
    // 路径限制与文件夹授权
    pathNotChosen:
      '已拒绝 {where}：“{path}”不在你选择的文件夹中。请通过“文件 › 打开数据集文件夹…”选择该文件夹，或将其拖到窗口中。',
    pathInvalid: '已拒绝 {where}：{reason}。',
    pathRefused:
      '已拒绝 {where}：“{path}”不在此服务器可使用的文件夹（{allowed}）之内。如需允许，请用 gan-studio serve --allow "{resolved}" 重新启动服务器。',
    pathNotAbsolute: '无法使用“{path}”：需要绝对路径。',
    pathUnfollowable: '无法使用“{path}”：无法访问该路径（链接已失效，或没有权限）。',
    // 数据集
    notFound: '“{path}”不存在。请检查路径，或重新选择文件夹。',
    notAFolder:
      '“{path}”是文件而不是文件夹。请选择存放图像的文件夹（每个类别一个子文件夹）；MNIST 格式的 .idx/.gz 文件请以 IDX 方式导入。',
    emptyFolder:
      '文件夹“{path}”是空的。请把图像放进去，每个类别一个子文件夹（例如 {example}），然后重新打开。',
    noImages:
      '在“{path}”中没有找到图像。已在该文件夹及其子文件夹中查找 {extensions} 文件。请把图像按类别放入子文件夹后重新打开。',
    noImagesOtherFiles:
      '在“{path}”中没有找到图像。已在该文件夹及其子文件夹中查找 {extensions} 文件；找到 {count} 个其他文件，例如“{example}”。请把图像按类别放入子文件夹后重新打开。',
    noReadableImages:
      '“{path}”中的 {count} 个图像文件都无法读取，跳过文件列表中注明了原因。请修复或替换这些文件后重新打开文件夹。',
    noIdxImages:
      '“{path}”中没有 IDX 图像文件（查找的文件名形如 train-images-idx3-ubyte[.gz] 和 t10k-images-idx3-ubyte[.gz]）。',
    datasetEmpty: '数据集中没有可用于训练的图像。',
    unreadable: '无法读取“{path}”：{reason}。请确认你有读取权限。',
    missingPackage:
      '未安装 Fashion-MNIST：缺少 {file}。请用 `sudo apt-get install {package}` 安装 Debian 软件包，或从其他文件夹导入其 IDX 文件。',
    badIdx: '“{file}”不是可用的 IDX 文件（{reason}）。请重新下载。',
    badState: '保存的数据位置无效：{reason}',
    streamSizeMismatch:
      '保存的数据位置对应一个含 {saved} 张图像的数据集，而当前数据集有 {count} 张。请重新打开同一个数据集以继续训练，或开始新的训练运行。',
    badOptions: '数据集选项无效：{reason}',
    batchTooLarge:
      '批大小（{batchSize}）大于数据集（{count} 张图像），一个完整批次都放不下。请把批大小设为不超过数据集大小。',
    aborted: '已取消打开数据集。',
    classHasOneImage:
      '类别“{name}”只有一张图像，模型很难从中学到东西。请往该文件夹中添加更多图像，或将其移除。',
    classFolderEmpty: '文件夹“{name}”中没有图像，因此不作为一个类别使用。',
    classUnreadable: '类别“{name}”中没有可读取的图像，已被排除；请查看跳过的文件。',
    cacheRebuilt: '数据集缓存无法使用（{reason}），已重新建立。',
    skipNotImage: '不是本工作室能读取的图像类型（{ext}；可读取 {extensions}）',
    skipNoExtension: '文件没有扩展名（图像需要以下扩展名之一：{extensions}）',
    skipLooseImage:
      '不在任何类别文件夹中：既然存在类别子文件夹，散放的图像不会被使用（请把它移到所属类别的文件夹中）',
    skipReplaced: '已不再是文件（在读取文件夹期间被替换）',
    skipUnreadable: '无法读取：{detail}',
    skipFolderUnreadable: '未能读取该文件夹：{detail}；其中的图像未被使用',
    skipTooLarge:
      '文件过大（{size}；本工作室读取的图像文件最大为 {max}）：请缩小图像或以压缩格式保存',
    skipChanged:
      '读取文件夹期间文件发生了变化（列出时 {listed} 字节，读取时 {read} 字节）；请等复制完成后重新打开该文件夹',
    skipUndecodable: '无法读取的图像（{detail}）：请用看图软件打开检查，或将其删除',
    // 训练运行与检查点
    badRunId: '“{runId}”不是有效的运行 ID（运行 ID 是单个文件夹名，不含 / \\ 或 ..）。',
    runNotFound: '{dir} 中没有运行“{runId}”。',
    checkpointNotFound: '运行“{runId}”在第 {step} 步没有检查点。',
    noSample: '运行“{runId}”在第 {step} 步没有样本网格。',
    notAStep: '{step} 不是有效的步数。',
    checkpointCorrupt: '位于 {path} 的检查点无法加载：{problem}',
    noLoadableCheckpoint: '运行“{runId}”没有可以加载的检查点。',
    checkpointConfigUnusable: '位于 {path} 的检查点记录的配置无法在此版本中使用：{reason}',
    notResumable: '无法从 {path} 继续训练：当前运行与检查点在以下方面不同：{differences}。',
    runIsTraining: '运行“{runId}”正在训练，请先停止它。',
    runFolderTaken: '{path} 中已有一个运行（含 config.json）。请选择新的运行文件夹。',
    fileExists: '{path} 中已有 {files}；请选择一个空文件夹（或使用覆盖选项导出以替换它们）。',
    checkpointSaveFailed:
      '第 {step} 步的检查点无法写入（{reason}）；训练继续进行，上一个检查点仍是最新的。',
    checkpointPruneFailed: '无法删除旧的检查点：{reason}',
    metricsWriteFailed: '指标无法写入 {path}（{reason}）；训练继续进行，磁盘恢复可用后会补写。',
    diskFull: '磁盘已满：指标无法写入 {path}。训练继续进行；释放一些空间后会补写。',
    // 训练
    trainingBusy: '已有一个训练运行（{runId}）正在进行。请先停止它再开始新的运行。',
    notRunning: '当前没有正在训练的运行。',
    nanLossDiscriminator:
      '训练在第 {step} 步停止：判别器损失变为 {loss}（不是有限数）。该步的结果均未保存。请降低学习率，或换用其他损失（wgan-gp 或 hinge）。',
    nanLossGenerator:
      '训练在第 {step} 步停止：生成器损失变为 {loss}（不是有限数）。该步的结果均未保存。请降低学习率，或换用其他损失（wgan-gp 或 hinge）。',
    resolutionUnsupported:
      'dcgan 只能在 {sizes} 像素的图像上训练；此数据集为 {size}×{size}。请以其中一种分辨率重新打开。',
    tooFewImages:
      '{name} 只有 {count} 张图像，不足一个批次（{batchSize}）。请减小批大小或添加图像。',
    stoppedAtStep: '已在第 {step} 步（共 {total} 步）停止。',
    trainingFailed:
      '训练失败：训练线程已停止（{detail}）。请从最后一个检查点继续训练，或重新开始。',
    // 实验室
    labRunning: '实验室已在运行：请先暂停。',
    labStepWhileRunning: '请先暂停实验室，再手动单步执行。',
    noSession: '请先选择一个实验。',
    labDiverged:
      '实验室中的 GAN 在第 {step} 步发散（{what} 不是有限数）。请降低 lrG 和 lrD，或换一个随机种子重新开始。',
    labWorkerCrashed: '实验室的工作线程已停止（{detail}）。请重新选择实验以从头开始。',
    // 生成
    cancelled: '已取消生成。',
    generationRunning: '生成任务“{id}”已在运行。',
    tooManyGenerations: '已有 {count} 个生成任务在运行；请等待其中一个完成或将其取消。',
    generationNotFound:
      '引擎已不再保存生成任务“{id}”（只保留最近 {keep} 个）。请重新生成：相同的随机种子会得到相同的图像。',
    generationImageMissing:
      '生成任务“{id}”中没有第 {index} 张图像：它共有 {count} 张（0 到 {last}）。',
    tooManyImages: '共 {total} 张图像，超过单次上限 {max} 张。请只选一个标签，或减少图像数量。',
    unlabeledModel: '此模型训练时没有标签，无法生成“{label}”。',
    unknownLabel: '此模型没有标签“{label}”。它的标签为 {labels}。',
    badPrefix: '“{prefix}”不是有效的文件名前缀（字母、数字、. _ 或 -，最多 64 个字符）。'
  }
}
export default messages
