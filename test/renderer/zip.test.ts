/// <reference types="node" />
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeZip } from '@renderer/lib/zip'

describe('the zip of generated images', () => {
  it("writes a zip that python3's zipfile reads back byte for byte, CRCs checked", () => {
    const files = [
      { name: 'Sneaker-seed7-0.png', data: new Uint8Array([137, 80, 78, 71, 0, 255, 1]) },
      { name: 'Ankle boot-seed7-1.png', data: new Uint8Array(70_000).map((_, i) => i * 31) },
      { name: 'ünïcode-2.png', data: new Uint8Array(0) }
    ]
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'))
    try {
      const path = join(dir, 'images.zip')
      writeFileSync(path, makeZip(files))
      const script = [
        'import sys, zipfile, json, hashlib',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'print(json.dumps([[i.filename, i.compress_type, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))'
      ].join('\n')
      const out = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }))
      // One python3 start only: on a busy machine each takes seconds.
      const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
      expect(out).toEqual(files.map((f) => [f.name, 0, sha(f.data)]))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // A child process, not a measurement: room for a loaded machine.
  }, 60_000)
})
