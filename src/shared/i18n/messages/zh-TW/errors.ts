import type en from '../en/errors'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  unknown: '引擎發生錯誤。',
  codes: {
    // 呼叫與傳輸
    invalidArgument: '{field} 無效：{reason}。',
    unavailable: '這個環境無法使用「{method}」。',
    untrustedSender: '已拒絕一個不是來自 GAN Studio 頁面的呼叫。',
    disconnected: '與引擎的連線已中斷，請再試一次。',
    closed: '引擎的背景執行緒在回應前就已關閉。',
    malformedReply: 'GAN Studio 傳回了格式錯誤的回應，請回報這個問題。',
    // 引擎行程與背景執行緒
    engineCrashed: '引擎已停止（{detail}）。請重新啟動引擎後再繼續。',
    workerCrashed: '引擎的背景執行緒已停止（{detail}）。',
    workerMissing: '{path} 中缺少引擎的背景執行緒檔案：請用 `npm run build` 重新建置。',
    // 路徑限制與資料夾授權
    pathNotChosen:
      '已拒絕 {where}：「{path}」不在你選擇的資料夾中。請透過「檔案 › 開啟資料集資料夾…」選擇該資料夾，或把它拖曳到視窗中。',
    pathInvalid: '已拒絕 {where}：{reason}。',
    pathRefused:
      '已拒絕 {where}：「{path}」不在這台伺服器可使用的資料夾（{allowed}）之內。若要允許，請以 gan-studio serve --allow "{resolved}" 重新啟動伺服器。',
    pathNotAbsolute: '無法使用「{path}」：必須是絕對路徑。',
    pathUnfollowable: '無法使用「{path}」：無法存取這個路徑（連結已失效，或沒有權限）。',
    // 資料集
    notFound: '「{path}」不存在。請檢查路徑，或重新選擇資料夾。',
    notAFolder:
      '「{path}」是檔案而不是資料夾。請選擇存放影像的資料夾（每個類別一個子資料夾）；MNIST 格式的 .idx/.gz 檔案請以 IDX 方式匯入。',
    emptyFolder:
      '資料夾「{path}」是空的。請把影像放進去，每個類別一個子資料夾（例如 {example}），然後再開啟一次。',
    noImages:
      '在「{path}」中找不到影像。已在這個資料夾及其子資料夾中尋找 {extensions} 檔案。請把影像依類別放入子資料夾後再開啟一次。',
    noImagesOtherFiles:
      '在「{path}」中找不到影像。已在這個資料夾及其子資料夾中尋找 {extensions} 檔案；找到 {count} 個其他檔案，例如「{example}」。請把影像依類別放入子資料夾後再開啟一次。',
    noReadableImages:
      '「{path}」中的 {count} 個影像檔都無法讀取，略過的檔案清單中有說明原因。請修正或替換這些檔案後再開啟資料夾。',
    noIdxImages:
      '「{path}」中沒有 IDX 影像檔（尋找的檔名形如 train-images-idx3-ubyte[.gz] 與 t10k-images-idx3-ubyte[.gz]）。',
    datasetEmpty: '資料集中沒有可用來訓練的影像。',
    unreadable: '無法讀取「{path}」：{reason}。請確認你有讀取權限。',
    missingPackage:
      '尚未安裝 Fashion-MNIST：缺少 {file}。請用 `sudo apt-get install {package}` 安裝 Debian 套件，或從其他資料夾匯入它的 IDX 檔案。',
    badIdx: '「{file}」不是可用的 IDX 檔案（{reason}）。請重新下載。',
    badState: '儲存的資料位置無效：{reason}',
    streamSizeMismatch:
      '儲存的資料位置對應一個有 {saved} 張影像的資料集，但目前的資料集有 {count} 張。請重新開啟同一個資料集以繼續訓練，或開始新的訓練執行。',
    badOptions: '資料集選項無效：{reason}',
    batchTooLarge:
      '批次大小（{batchSize}）大於資料集（{count} 張影像），連一個完整批次都放不下。請把批次大小設為不超過資料集大小。',
    aborted: '已取消開啟資料集。',
    classHasOneImage:
      '類別「{name}」只有一張影像，模型很難從中學到東西。請在該資料夾加入更多影像，或將它移除。',
    classFolderEmpty: '資料夾「{name}」中沒有影像，因此不當作一個類別使用。',
    classUnreadable: '類別「{name}」沒有可讀取的影像，已被排除；請查看略過的檔案。',
    cacheRebuilt: '資料集快取無法使用（{reason}），已重新建立。',
    skipNotImage: '不是本工作室能讀取的影像類型（{ext}；可讀取 {extensions}）',
    skipNoExtension: '檔案沒有副檔名（影像需要下列副檔名之一：{extensions}）',
    skipLooseImage:
      '不在任何類別資料夾中：既然已有類別子資料夾，散放的影像不會被使用（請把它移到所屬類別的資料夾中）',
    skipReplaced: '已不再是檔案（在讀取資料夾期間被取代）',
    skipUnreadable: '無法讀取：{detail}',
    skipFolderUnreadable: '未能讀取該資料夾：{detail}；其中的影像未被使用',
    skipTooLarge:
      '檔案過大（{size}；本工作室讀取的影像檔案上限為 {max}）：請縮小影像或以壓縮格式儲存',
    skipChanged:
      '讀取資料夾期間檔案有所變動（列出時 {listed} 位元組，讀取時 {read} 位元組）；請等複製完成後重新開啟該資料夾',
    skipUndecodable: '無法讀取的影像（{detail}）：請用看圖軟體開啟檢查，或將其刪除',
    // 訓練執行與檢查點
    badRunId: '「{runId}」不是有效的執行 ID（執行 ID 是單一資料夾名稱，不含 / \\ 或 ..）。',
    runNotFound: '{dir} 中沒有執行「{runId}」。',
    checkpointNotFound: '執行「{runId}」在第 {step} 步沒有檢查點。',
    noSample: '執行「{runId}」在第 {step} 步沒有樣本網格。',
    notAStep: '{step} 不是有效的步數。',
    checkpointCorrupt: '位於 {path} 的檢查點無法載入：{problem}',
    noLoadableCheckpoint: '執行「{runId}」沒有可以載入的檢查點。',
    checkpointConfigUnusable: '位於 {path} 的檢查點所記錄的設定無法在這個版本中使用：{reason}',
    notResumable: '無法從 {path} 繼續訓練：目前的執行與檢查點在以下方面不同：{differences}。',
    runIsTraining: '執行「{runId}」正在訓練，請先停止它。',
    runFolderTaken: '{path} 中已經有一個執行（含 config.json）。請選擇新的執行資料夾。',
    fileExists: '{path} 中已有 {files}；請選擇空的資料夾（或使用覆寫選項匯出以取代它們）。',
    checkpointSaveFailed:
      '第 {step} 步的檢查點無法寫入（{reason}）；訓練會繼續進行，上一個檢查點仍是最新的。',
    checkpointPruneFailed: '無法刪除舊的檢查點：{reason}',
    metricsWriteFailed: '指標無法寫入 {path}（{reason}）；訓練會繼續進行，等磁碟可用時再補寫。',
    diskFull: '磁碟已滿：指標無法寫入 {path}。訓練會繼續進行；騰出一些空間後就會補寫。',
    // 訓練
    trainingBusy: '已有一個訓練執行（{runId}）正在進行。請先停止它再開始新的執行。',
    notRunning: '目前沒有正在訓練的執行。',
    nanLossDiscriminator:
      '訓練在第 {step} 步停止：判別器損失變成 {loss}（不是有限數）。這一步的結果都沒有儲存。請調低學習率，或改用其他損失（wgan-gp 或 hinge）。',
    nanLossGenerator:
      '訓練在第 {step} 步停止：生成器損失變成 {loss}（不是有限數）。這一步的結果都沒有儲存。請調低學習率，或改用其他損失（wgan-gp 或 hinge）。',
    resolutionUnsupported:
      'dcgan 只能在 {sizes} 像素的影像上訓練；這個資料集是 {size}×{size}。請以其中一種解析度重新開啟。',
    tooFewImages:
      '{name} 只有 {count} 張影像，不到一個批次（{batchSize}）。請調低批次大小或加入影像。',
    stoppedAtStep: '已在第 {step} 步（共 {total} 步）停止。',
    trainingFailed:
      '訓練失敗：訓練執行緒已停止（{detail}）。請從最後一個檢查點繼續訓練，或重新開始。',
    // 實驗室
    labRunning: '實驗室已在執行中：請先暫停。',
    labStepWhileRunning: '請先暫停實驗室，再手動逐步執行。',
    noSession: '請先選擇一個實驗。',
    labDiverged:
      '實驗室中的 GAN 在第 {step} 步發散（{what} 不是有限數）。請調低 lrG 與 lrD，或換一個隨機種子重新開始。',
    labWorkerCrashed: '實驗室的背景執行緒已停止（{detail}）。請重新選擇實驗以從頭開始。',
    // 生成
    cancelled: '已取消生成。',
    generationRunning: '生成工作「{id}」已在執行中。',
    tooManyGenerations: '已有 {count} 個生成工作在執行；請等其中一個完成，或將它取消。',
    generationNotFound:
      '引擎已不再保留生成工作「{id}」（只保留最近 {keep} 個）。請重新生成：相同的隨機種子會得到相同的影像。',
    generationImageMissing:
      '生成工作「{id}」中沒有第 {index} 張影像：它共有 {count} 張（0 到 {last}）。',
    tooManyImages: '共 {total} 張影像，超過單次上限 {max} 張。請只選一個標籤，或減少影像數量。',
    unlabeledModel: '這個模型訓練時沒有標籤，無法生成「{label}」。',
    unknownLabel: '這個模型沒有標籤「{label}」。它的標籤為 {labels}。',
    badPrefix: '「{prefix}」不是有效的檔名前綴（英文字母、數字、. _ 或 -，最多 64 個字元）。'
  }
}
export default messages
