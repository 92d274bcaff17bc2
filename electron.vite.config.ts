import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'
import { metaContentSecurityPolicy } from './src/shared/csp'

const shared = resolve(import.meta.dirname, 'src/shared')

export const vueI18nFlags = {
  __VUE_I18N_FULL_INSTALL__: 'true',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false'
}

/**
 * The built page carries its CSP as a `<meta>` too: a header covers only what a server
 * (app://, `gan-studio serve`) sends, not a copy of the page opened any other way. In
 * development the dev server's origin must be allowed, which only the header knows.
 */
function cspMeta(): Plugin {
  return {
    name: 'gan-studio-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() },
        injectTo: 'head-prepend'
      }
    ]
  }
}

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rolldownOptions: {
        // Electron's main, the engine's utility-process entry, the command line and the
        // engine's worker: four entries over one engine, sharing chunks.
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          engineHost: resolve(import.meta.dirname, 'src/main/engine/host.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli/index.ts'),
          // Training and the Lab's worker thread, started by the engine from beside its entry.
          engineWorker: resolve(import.meta.dirname, 'src/main/engine/worker/engineWorker.ts')
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
    // vue-i18n's bundler build: Composition API only, no devtools hooks in production.
    define: vueI18nFlags,
    plugins: [vue(), cspMeta()]
  }
})
