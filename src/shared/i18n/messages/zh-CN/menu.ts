import type en from '../en/menu'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  app: {
    about: '关于 {app}',
    services: '服务',
    hide: '隐藏 {app}',
    hideOthers: '隐藏其他',
    showAll: '全部显示',
    quit: '退出 {app}'
  },
  file: {
    title: '文件(&F)',
    openDataset: '打开数据集文件夹…',
    openRun: '打开训练运行文件夹…',
    export: '导出…',
    restartEngine: '重启引擎',
    quit: '退出'
  },
  edit: {
    title: '编辑(&E)',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选'
  },
  view: {
    title: '视图(&V)',
    reload: '重新加载',
    forceReload: '强制重新加载',
    toggleDevTools: '切换开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    appearance: '外观',
    followSystem: '跟随系统',
    light: '浅色',
    dark: '深色',
    fullScreen: '切换全屏'
  },
  window: {
    title: '窗口(&W)',
    minimize: '最小化',
    zoom: '缩放',
    front: '全部置于顶层',
    close: '关闭窗口'
  },
  help: {
    title: '帮助(&H)',
    readme: 'GAN Studio 项目主页（README）',
    about: '关于 {app}'
  },
  about: {
    title: '关于 {app}',
    detail: '用你自己的图片训练条件 GAN。',
    dataFolder: '数据文件夹：{path}',
    ok: '确定'
  },
  startup: {
    failed: '{app} 无法启动',
    report: '请报告此问题。'
  },
  dialogs: {
    dataset: {
      title: '打开数据集文件夹',
      button: '打开',
      message: '一个图像文件夹，每个类别一个子文件夹。'
    },
    run: { title: '打开训练运行文件夹', button: '打开' },
    export: { title: '导出到文件夹', button: '导出到此处' }
  }
}
export default messages
