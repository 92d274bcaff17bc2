import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'

const REPO = resolve(import.meta.dirname, '../../../../..')

/**
 * Bundles the worker entry from the current sources, as `npm run build` does, into
 * test-output/ (inside the repository, so its packages resolve from node_modules): the
 * unit tests run the TypeScript sources, and a worker thread needs JavaScript.
 */
export async function buildWorker(): Promise<{ url: URL; remove(): void }> {
  const outDir = join(REPO, 'test-output', `engine-worker-${process.pid}-${Date.now()}`)
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO,
    build: {
      ssr: join(REPO, 'src/main/engine/worker/engineWorker.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'es', entryFileNames: 'engineWorker.js' } }
    }
  })
  return {
    url: pathToFileURL(join(outDir, 'engineWorker.js')),
    remove: () => rmSync(outDir, { recursive: true, force: true })
  }
}
