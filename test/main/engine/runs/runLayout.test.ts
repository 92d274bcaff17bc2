import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkpointDirName,
  isPartialSave,
  isTempFile,
  partialSaveDir,
  RunLayout,
  sampleFileName,
  stepOfDirName,
  stepOfSampleName,
  stepsOf
} from '../../../../src/main/engine/runs/runLayout'

describe('RunLayout', () => {
  const run = new RunLayout(join('/data', 'runs', 'r1'))

  it('names every part of a run folder', () => {
    expect(run.configPath).toBe(join('/data', 'runs', 'r1', 'config.json'))
    expect(run.metricsPath).toBe(join('/data', 'runs', 'r1', 'metrics.jsonl'))
    expect(run.metaPath).toBe(join('/data', 'runs', 'r1', 'meta.json'))
    expect(run.samplePath(12)).toBe(join('/data', 'runs', 'r1', 'samples', 'step-12.png'))
    expect(run.checkpointDir(40)).toBe(join('/data', 'runs', 'r1', 'checkpoints', 'step-40'))
  })

  it('parses what it names, and nothing else', () => {
    for (const step of [0, 7, 123456]) {
      expect(stepOfDirName(checkpointDirName(step))).toBe(step)
      expect(stepOfSampleName(sampleFileName(step))).toBe(step)
    }
    for (const name of [
      'step-',
      'step-1a',
      'Step-1',
      'step-1.png',
      '.step-1.ab.partial',
      'step-007',
      'x'
    ]) {
      expect(stepOfDirName(name)).toBeUndefined()
    }
    expect(stepOfSampleName('step-3')).toBeUndefined()
    expect(stepOfSampleName('step-03.png')).toBeUndefined()
    expect(stepsOf(['step-10', 'step-9', 'junk', 'step-100'], stepOfDirName)).toEqual([9, 10, 100])
  })

  it('knows its leftovers: partial checkpoint saves and temporary files', () => {
    const partial = partialSaveDir(run.checkpointDir(4), 'beef')
    expect(partial).toBe(join(run.checkpointsDir, '.step-4.beef.partial'))
    expect(isPartialSave('.step-4.beef.partial')).toBe(true)
    expect(isPartialSave('step-4')).toBe(false)
    expect(isTempFile('.config.json.12.ab.tmp')).toBe(true)
    expect(isTempFile('config.json')).toBe(false)
  })

  it('reads a path as a checkpoint folder or a run folder', () => {
    const ck = RunLayout.ofPath(run.checkpointDir(8))
    expect(ck).toMatchObject({ runId: 'r1', step: 8 })
    expect(ck.layout.dir).toBe(run.dir)
    const whole = RunLayout.ofPath(run.dir)
    expect(whole).toMatchObject({ runId: 'r1', step: undefined })
    expect(whole.layout.dir).toBe(run.dir)
  })
})
