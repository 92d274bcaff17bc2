import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const shared = resolve(import.meta.dirname, 'src/shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rolldownOptions: {
        // Electron's main, the engine's utility-process entry, and the command line:
        // three entries over one engine, sharing chunks.
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          engineHost: resolve(import.meta.dirname, 'src/main/engine/host.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli/index.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    build: {
      // A sandboxed preload must be one CommonJS file: bundle zod and the contract into it.
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } }
    }
  },
  renderer: {
    resolve: {
      alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src'), '@shared': shared }
    },
    plugins: [vue()]
  }
})
