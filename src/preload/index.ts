/**
 * The sandboxed preload: exposes `window.studio` (exactly the contract) and nothing
 * else. Bundled to one CommonJS file, as a sandboxed preload must be.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { systemLanguagesFromArgv } from '../shared/ipcChannels'
import { createStudioBridge } from './createStudioBridge'

contextBridge.exposeInMainWorld(
  'studio',
  createStudioBridge({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    on: (channel, listener) => void ipcRenderer.on(channel, listener),
    off: (channel, listener) => void ipcRenderer.removeListener(channel, listener),
    getPathForFile: (file) =>
      webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
    // main appends them to the page's command line (webPreferences.additionalArguments).
    systemLanguages: systemLanguagesFromArgv(process.argv)
  })
)
