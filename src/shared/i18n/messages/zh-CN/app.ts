import type en from '../en/app'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  nav: {
    label: '视图',
    collapse: '收起侧边栏',
    expand: '展开侧边栏',
    itemTitle: '{label}：{hint}',
    items: {
      dataset: { label: '数据集', hint: '打开一个图像文件夹' },
      train: { label: '训练', hint: '训练模型，观察它如何学习' },
      runs: { label: '训练运行', hint: '所有训练运行：曲线、样本、对比、检查点' },
      generate: { label: '生成', hint: '按类别标签生成图像' },
      lab: { label: '实验室', hint: '实时观察理论' }
    }
  },
  status: {
    connection: {
      connecting: '正在连接…',
      ready: '引擎就绪',
      crashed: '引擎已停止',
      restarting: '引擎正在重启…',
      disconnected: '连接已断开'
    },
    backend: '后端 {name}',
    adapter: '运行于 {adapter}',
    unnamedAdapter: '未命名适配器',
    software: '软件渲染',
    reason: {
      notInstalled: '{backends} 未安装',
      failed: '{backends} 加载失败',
      chosenByEnv: '由 {variable} 指定',
      chosenBySetting: '由设置指定',
      separator: '；'
    },
    shell: { desktop: '桌面版', browser: '浏览器' },
    shellVersion: '{shell} · 版本 {version}'
  },
  problem: {
    title: '无法连接到引擎。',
    noReason: '引擎已停止，未给出原因。',
    restart: '重启引擎',
    resumeHint: '可在“检查点”中从训练运行的最后一个检查点继续训练。',
    serveAgain: '请重新运行 {command}，然后刷新此页面。'
  }
}
export default messages
