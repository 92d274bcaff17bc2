// Lists a folder the way torchvision's ImageFolder does: each subfolder is a class, classes in
// code-point order, every image at any depth under a class folder belongs to it, files ordered
// by (folder path, file name). A folder with loose images and no class folders is one
// unlabeled class.
import fs from 'node:fs'
import path from 'node:path'
import type { DatasetNote, DatasetProgress, SkippedFile } from '../../../shared/dataset'
import { compareCodePoints } from './codePointOrder'
import { DatasetError, describeFsError, throwIfAborted } from './datasetError'

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp', '.tif', '.tiff']
const imageExtensions = new Set(IMAGE_EXTENSIONS)

export function isImageName(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot > 0 && imageExtensions.has(name.slice(dot).toLowerCase())
}

export interface ScannedFile {
  /** Absolute path. */
  path: string
  /** Path relative to the scanned root: shown to people and used as the cache key. */
  rel: string
  classIndex: number
  size: number
  mtimeMs: number
}

export interface FolderScan {
  root: string
  /** The folder's own name: the dataset's name, and the class name when unlabeled. */
  name: string
  classNames: string[]
  labeled: boolean
  /** In ImageFolder order: by class, then folder path, then file name. */
  files: ScannedFile[]
  skipped: SkippedFile[]
  warnings: string[]
  /** `warnings` in code form, one for one. */
  notes: DatasetNote[]
}

export interface ScanOptions {
  signal?: AbortSignal
  onProgress?: (p: DatasetProgress) => void
}

// Stat calls are synchronous (several times faster than the thread-pool versions for the tens
// of thousands of small files a dataset has); yield this often so abort and progress still run.
const YIELD_EVERY = 2000
/** Links can make a finite tree of folders look huge; past this, a class stops growing. */
const MAX_FOLDERS_PER_CLASS = 100_000

/** Hidden entries (`.git`, `.DS_Store`, macOS `._name.jpg` forks) are neither classes nor images. */
const isHidden = (name: string): boolean => name.startsWith('.')

export async function scanFolder(folder: string, options: ScanOptions = {}): Promise<FolderScan> {
  const root = path.resolve(folder)
  const name = path.basename(root) || root
  checkRoot(root)
  const walker = new Walker(root, realRoot(root), options)

  const top = walker.readDir(root, true)
  if (!top) throw new Error('unreachable: the root listing failed without an error')
  const visible = top.filter((d) => !isHidden(d.name))
  if (visible.length === 0) {
    throw new DatasetError(
      'empty-folder',
      `The folder "${root}" is empty. Put your images in it, one subfolder per class ` +
        `(e.g. ${path.join(name, 'cats', '001.jpg')}), and open it again.`,
      { params: { path: root, example: path.join(name, 'cats', '001.jpg') } }
    )
  }

  const subfolders: string[] = []
  const realOf = new Map<string, string>()
  const looseImages: string[] = []
  for (const entry of visible) {
    const full = path.join(root, entry.name)
    const found = walker.kindOf(entry, full, entry.name, walker.rootReal)
    if (found.kind === 'dir') {
      subfolders.push(entry.name)
      realOf.set(entry.name, found.real)
    } else if (found.kind === 'file') {
      if (isImageName(entry.name)) looseImages.push(entry.name)
      else walker.skip(entry.name, ...notAnImage(entry.name))
    }
  }
  sortByCodePoint(subfolders)

  const classNames: string[] = []
  const files: ScannedFile[] = []
  const notes: DatasetNote[] = []
  for (const sub of subfolders) {
    const found = await walker.walkClass(sub, classNames.length, realOf.get(sub)!)
    if (found.length === 0) {
      notes.push({
        message: `Folder "${sub}" holds no images, so it is not used as a class.`,
        code: 'class-folder-empty',
        params: { name: sub }
      })
      continue
    }
    classNames.push(sub)
    files.push(...found)
  }

  let labeled = true
  if (classNames.length > 0) {
    for (const loose of looseImages) {
      walker.skip(
        loose,
        'outside any class folder: with class subfolders present, loose images are not used ' +
          '(move it into the folder of its class)',
        { code: 'skip-loose-image' }
      )
    }
  } else if (looseImages.length > 0) {
    labeled = false
    classNames.push(name)
    sortByCodePoint(looseImages)
    for (const loose of looseImages) {
      const file = walker.statImage(path.join(root, loose), loose, 0)
      if (file) files.push(file)
      if (walker.counted()) await walker.yieldNow()
    }
  }

  if (files.length === 0) {
    const others = walker.skipped.length
    const example = walker.skipped[0]?.path ?? ''
    throw new DatasetError(
      others > 0 ? 'no-images-other-files' : 'no-images',
      `No images found in "${root}". Looked for ${IMAGE_EXTENSIONS.join(' ')} files ` +
        `in the folder and its subfolders` +
        (others > 0 ? `; found ${others} other file(s), e.g. "${example}".` : '.') +
        ' Put the images in one subfolder per class and open the folder again.',
      {
        skipped: walker.skipped,
        params: {
          path: root,
          extensions: IMAGE_EXTENSIONS.join(' '),
          ...(others > 0 ? { count: others, example } : {})
        }
      }
    )
  }

  const counts = new Array<number>(classNames.length).fill(0)
  for (const f of files) counts[f.classIndex] = (counts[f.classIndex] ?? 0) + 1
  counts.forEach((count, c) => {
    if (count === 1 && labeled) {
      notes.push({
        message:
          `Class "${classNames[c]}" has only one image; the model can learn little about it. ` +
          'Add more images to that folder, or remove it.',
        code: 'class-has-one-image',
        params: { name: classNames[c]! }
      })
    }
  })
  const warnings = notes.map((n) => n.message)
  return { root, name, classNames, labeled, files, skipped: walker.skipped, warnings, notes }
}

/** Python's order. The built-in sort compares UTF-16 units, the same order while no name
 * holds a character from U+D800 up, and is several times faster on big folders. */
function sortByCodePoint(names: string[]): void {
  if (names.some((n) => /[\ud800-\uffff]/.test(n))) names.sort(compareCodePoints)
  else names.sort()
}

function checkRoot(root: string): void {
  let stat: fs.Stats
  try {
    stat = fs.statSync(root)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DatasetError(
        'not-found',
        `The folder "${root}" does not exist. Check the path, or drag the folder in again.`,
        { cause: err, params: { path: root } }
      )
    }
    throw new DatasetError(
      'unreadable',
      `Cannot open "${root}": ${describeFsError(err)}. Check that you may read it.`,
      { cause: err, params: { path: root, reason: describeFsError(err) } }
    )
  }
  if (!stat.isDirectory()) {
    throw new DatasetError(
      'not-a-folder',
      `"${root}" is a file, not a folder. Choose the folder that holds your images ` +
        '(one subfolder per class); for MNIST-style .idx/.gz files, import them as IDX.',
      { params: { path: root } }
    )
  }
}

/** The chosen folder's real path (it may itself be reached through links), in the disk's own letter case. */
function realRoot(root: string): string {
  try {
    return fs.realpathSync.native(root)
  } catch (err) {
    throw new DatasetError(
      'unreadable',
      `Cannot open "${root}": ${describeFsError(err)}. Check that you may read it.`,
      { cause: err, params: { path: root, reason: describeFsError(err) } }
    )
  }
}

/** Whether `inner` is `outer` or inside it (both real, absolute paths). */
function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep)
}

/** Links followed before a chain is taken for a cycle (Linux's own limit is 40). */
const MAX_LINK_HOPS = 40

/**
 * The links a cycle goes round, starting at `full`, as `a → b → a`; undefined when following
 * `full` ends somewhere (a long chain, or one through a linked folder, reads as no cycle).
 */
function linkCycle(full: string, show: (p: string) => string): string | undefined {
  const chain: string[] = []
  let at = full
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let target: string
    try {
      if (!fs.lstatSync(at).isSymbolicLink()) return undefined
      target = fs.readlinkSync(at)
    } catch {
      return undefined
    }
    const seen = chain.indexOf(at)
    if (seen >= 0) return [...chain.slice(seen), at].map(show).join(' → ')
    chain.push(at)
    at = path.resolve(path.dirname(at), target)
  }
  return undefined
}

function notAnImage(name: string): [string, Pick<SkippedFile, 'code' | 'params'>] {
  const ext = path.extname(name).toLowerCase()
  const extensions = IMAGE_EXTENSIONS.join(' ')
  return ext
    ? [
        `not an image type the studio reads (${ext}; reads ${extensions})`,
        { code: 'skip-not-image', params: { ext, extensions } }
      ]
    : [
        `no file extension (images need one of ${extensions})`,
        { code: 'skip-no-extension', params: { extensions } }
      ]
}

type Kind = { kind: 'dir' | 'file'; real: string } | { kind: 'other' }

class Walker {
  readonly skipped: SkippedFile[] = []
  private seen = 0

  constructor(
    private root: string,
    /** The chosen folder's real path: links are followed only to what lies inside it. */
    readonly rootReal: string,
    private options: ScanOptions
  ) {}

  skip(rel: string, reason: string, why?: Pick<SkippedFile, 'code' | 'params'>): void {
    this.skipped.push({ path: rel, reason, ...why })
  }

  /** Counts a file; every YIELD_EVERY files, lets the event loop run. */
  counted(): boolean {
    return ++this.seen % YIELD_EVERY === 0
  }

  async yieldNow(): Promise<void> {
    this.options.onProgress?.({ phase: 'scan', done: this.seen, total: this.seen })
    await new Promise<void>((resolve) => setImmediate(resolve))
    throwIfAborted(this.options.signal)
  }

  /** Lists a folder; a failure on the root is fatal, below it the folder is skipped with why. */
  readDir(dir: string, isRoot = false): fs.Dirent[] | undefined {
    try {
      return fs.readdirSync(dir, { withFileTypes: true })
    } catch (err) {
      if (isRoot) {
        throw new DatasetError(
          'unreadable',
          `Cannot list the folder "${dir}": ${describeFsError(err)}. ` +
            'Check its permissions (it must be readable and searchable), then open it again.',
          { cause: err, params: { path: dir, reason: describeFsError(err) } }
        )
      }
      const code = (err as NodeJS.ErrnoException).code
      const advice = code === 'EACCES' || code === 'EPERM' ? ' (check its permissions)' : ''
      this.skip(
        this.rel(dir),
        `folder not read: ${describeFsError(err)}; its images are left out${advice}`,
        { code: 'skip-folder-unreadable', params: { detail: describeFsError(err) } }
      )
      return undefined
    }
  }

  /**
   * What an entry of the folder whose real path is `inReal` is, and its real path. Symbolic
   * links are followed (as ImageFolder does) only to what lies inside the chosen folder and
   * is not a folder above the link (which would count its images twice, or loop); cycles,
   * broken links and the links not followed are skipped, each with why.
   */
  kindOf(entry: fs.Dirent, full: string, rel: string, inReal: string): Kind {
    if (entry.isDirectory()) return { kind: 'dir', real: inReal + path.sep + entry.name }
    if (entry.isFile()) return { kind: 'file', real: inReal + path.sep + entry.name }
    if (!entry.isSymbolicLink()) return { kind: 'other' }
    let real: string
    let stat: fs.Stats
    try {
      real = fs.realpathSync.native(full)
      stat = fs.statSync(real)
    } catch (err) {
      this.skip(rel, this.brokenLink(full, err))
      return { kind: 'other' }
    }
    const kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other'
    if (kind === 'other') return { kind }
    if (!isWithin(real, this.rootReal)) {
      this.skip(
        rel,
        `symbolic link to ${real}, outside the chosen folder; not followed (copy what it ` +
          'points to into the folder, or open a folder that holds both)'
      )
      return { kind: 'other' }
    }
    if (kind === 'dir' && isWithin(inReal, real)) {
      this.skip(
        rel,
        `symbolic link to ${this.show(real)}, a folder that contains it (a link loop); not ` +
          'followed, so no image is counted twice'
      )
      return { kind: 'other' }
    }
    return { kind, real }
  }

  /** Why a link cannot be followed: a cycle (named), a missing target, or another error. */
  private brokenLink(full: string, err: unknown): string {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ELOOP') {
      const cycle = linkCycle(full, (p) => this.showLink(p))
      return cycle
        ? `symbolic link cycle: ${cycle}; not followed`
        : 'symbolic link cycle: following it leads back to itself; not followed'
    }
    if (code === 'ENOENT') {
      let target = ''
      try {
        target = ` to ${fs.readlinkSync(full)}`
      } catch {
        // vanished itself
      }
      return `broken symbolic link${target}: what it points to does not exist`
    }
    return `broken symbolic link: ${describeFsError(err)}`
  }

  statImage(full: string, rel: string, classIndex: number): ScannedFile | undefined {
    try {
      const stat = fs.statSync(full)
      if (!stat.isFile()) {
        this.skip(rel, 'no longer a file (replaced while the folder was being read)', {
          code: 'skip-replaced'
        })
        return undefined
      }
      return { path: full, rel, classIndex, size: stat.size, mtimeMs: stat.mtimeMs }
    } catch (err) {
      this.skip(rel, `cannot read: ${describeFsError(err)}`, {
        code: 'skip-unreadable',
        params: { detail: describeFsError(err) }
      })
      return undefined
    }
  }

  /** All images under one class folder, ordered as torchvision's sorted(os.walk(...)). */
  async walkClass(sub: string, classIndex: number, real: string): Promise<ScannedFile[]> {
    const byFolder: { rel: string; full: string; names: string[] }[] = []
    // Each real folder is walked once per class: two links to one folder (or a bind mount
    // of an ancestor) would otherwise count its images twice, or loop.
    const walked = new Map<string, string>()
    const stack: { rel: string; real: string }[] = [{ rel: sub, real }]
    let folders = 0
    while (stack.length > 0) {
      const { rel: relDir, real: realDir } = stack.pop() as { rel: string; real: string }
      const full = path.join(this.root, relDir)
      const id = this.folderId(full)
      if (id === undefined) continue
      const first = walked.get(id)
      if (first !== undefined) {
        this.skip(
          relDir,
          `the same folder as ${first}, already counted in this class (a link loop, or two ` +
            'links to one folder); not followed again'
        )
        continue
      }
      walked.set(id, relDir)
      if (++folders > MAX_FOLDERS_PER_CLASS) {
        this.skip(
          relDir,
          `more than ${MAX_FOLDERS_PER_CLASS} folders in one class; the rest are left out`
        )
        break
      }
      const entries = this.readDir(full)
      if (!entries) continue
      const names: string[] = []
      const subfolders: { rel: string; real: string }[] = []
      for (const entry of entries) {
        const name = entry.name
        if (isHidden(name)) continue
        // The common case first, with no path built: a plain image file.
        if (entry.isFile() && isImageName(name)) {
          names.push(name)
          continue
        }
        const rel = relDir + path.sep + name
        const found = this.kindOf(entry, full + path.sep + name, rel, realDir)
        if (found.kind === 'dir') subfolders.push({ rel, real: found.real })
        else if (found.kind === 'file') {
          if (isImageName(name)) names.push(name)
          else this.skip(rel, ...notAnImage(name))
        }
      }
      // Pushed in reverse order, so folders are walked in sorted order whatever readdir says.
      const order = subfolders.map((f) => f.rel)
      sortByCodePoint(order)
      const byRel = new Map(subfolders.map((f) => [f.rel, f]))
      for (let i = order.length - 1; i >= 0; i--) stack.push(byRel.get(order[i]!)!)
      byFolder.push({ rel: relDir, full, names })
      throwIfAborted(this.options.signal)
    }

    // Python sorts os.walk's (root, dirs, files) tuples by root path, then each folder's names.
    const slashed = (rel: string): string => rel.split(path.sep).join('/')
    byFolder.sort((a, b) => compareCodePoints(slashed(a.rel), slashed(b.rel)))
    const files: ScannedFile[] = []
    for (const folder of byFolder) {
      sortByCodePoint(folder.names)
      const relPrefix = folder.rel + path.sep
      const fullPrefix = folder.full + path.sep
      for (const name of folder.names) {
        const file = this.statImage(fullPrefix + name, relPrefix + name, classIndex)
        if (file) files.push(file)
        if (this.counted()) await this.yieldNow()
      }
    }
    return files
  }

  private folderId(full: string): string | undefined {
    try {
      const stat = fs.statSync(full)
      return `${stat.dev}:${stat.ino}`
    } catch (err) {
      this.skip(this.rel(full), `folder not read: ${describeFsError(err)}`)
      return undefined
    }
  }

  private rel(full: string): string {
    return path.relative(this.root, full) || '.'
  }

  /** A real path inside the chosen folder, as a person finds it there. */
  private show(real: string): string {
    const rel = path.relative(this.rootReal, real)
    return rel === '' ? 'the chosen folder itself' : `"${rel}"`
  }

  /** A link's own path, relative to the chosen folder when it is inside. */
  private showLink(full: string): string {
    const rel = path.relative(this.root, full)
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : full
  }
}
