import * as tf from '@tensorflow/tfjs'
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { TrainConfigSchema, type TrainConfig } from '../../../../src/shared/train'
import { buildGenerator } from '../../../../src/main/engine/models/dcgan'
import {
  DISCRIMINATOR_DIR,
  GENERATOR_DIR,
  loadLayersModelFrom
} from '../../../../src/main/engine/runs/checkpoint'
import { exportTorchJob, refuseUnsupported } from '../../../../src/main/engine/torch/exportTorch'
import { importTorchJob } from '../../../../src/main/engine/torch/importTorch'
import {
  generatorPlaces,
  inversePerm,
  modelToTorch,
  permute
} from '../../../../src/main/engine/torch/layout'
import { decodeSafetensors, encodeSafetensors } from '../../../../src/main/engine/torch/safetensors'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { restoredOptimizerSlots } from '../../../helpers/checkpointValues'
import { trainTinyRun } from '../../../helpers/tinyTraining'

const root = tempDir('gan-torch-conv-')
beforeAll(useWasmBackend)

describe('safetensors', () => {
  it('round-trips float32 tensors (and 0-d ones) with metadata, from a pooled Buffer too', () => {
    const tensors = new Map([
      [
        'a.weight',
        {
          dtype: 'F32' as const,
          shape: [2, 3],
          data: Float32Array.of(-2.5, -1.5, 0, 1e-8, 3.25, 7)
        }
      ],
      ['adam.step', { dtype: 'F32' as const, shape: [], data: Float32Array.of(42) }]
    ])
    const bytes = encodeSafetensors(tensors, { by: 'test' })
    // Padded so the data starts 8-aligned.
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0)
    // A Buffer inside a larger allocation, as readFile may return.
    const pooled = Buffer.concat([Buffer.alloc(5), Buffer.from(bytes)]).subarray(5)
    const { tensors: back, metadata } = decodeSafetensors(pooled)
    expect(metadata).toEqual({ by: 'test' })
    expect([...back.keys()]).toEqual(['a.weight', 'adam.step'])
    expect(back.get('a.weight')!.shape).toEqual([2, 3])
    expect(Array.from(back.get('a.weight')!.data)).toEqual(
      Array.from(tensors.get('a.weight')!.data)
    )
    expect(Array.from(back.get('adam.step')!.data)).toEqual([42])
  })

  it('says what is wrong with a truncated or damaged file', () => {
    const bytes = encodeSafetensors(
      new Map([['x', { dtype: 'F32' as const, shape: [4], data: new Float32Array(4) }]])
    )
    expect(() =>
      decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'state.safetensors')
    ).toThrow(/state.safetensors is truncated \(tensor x runs past its end\)/)
    expect(() => decodeSafetensors(Uint8Array.of(1, 2), 'f')).toThrow(/too short/)
    const bad = Uint8Array.from(bytes)
    bad[9] = 0x7b // '{{' is not JSON
    expect(() => decodeSafetensors(bad, 'f')).toThrow(/damaged header/)
  })
})

describe('layouts', () => {
  it('moves HWIO conv kernels to OIHW and back, as tf.transpose does', () => {
    const shape = [5, 5, 3, 4]
    const t = tf.randomNormal(shape, 0, 1, 'float32', 1)
    const data = t.dataSync() as Float32Array
    const oihw = permute(data, shape, [3, 2, 0, 1])
    expect(oihw.shape).toEqual([4, 3, 5, 5])
    expect(Array.from(oihw.data)).toEqual(Array.from(tf.transpose(t, [3, 2, 0, 1]).dataSync()))
    const back = permute(oihw.data, oihw.shape, inversePerm([3, 2, 0, 1]))
    expect(Array.from(back.data)).toEqual(Array.from(data))
    t.dispose()
  })

  it('covers every weight of the generator, and refuses a model with weights it does not know', () => {
    const spec = {
      resolution: 32 as const,
      channels: 3 as const,
      noiseDim: 8,
      numClasses: 2,
      width: 4
    }
    const g = buildGenerator(spec)
    const torch = modelToTorch(g, generatorPlaces(spec))
    expect([...torch.keys()].sort()).toEqual(
      [
        'fc.weight',
        ...[0, 1, 2].flatMap((i) =>
          ['weight', 'bias', 'running_mean', 'running_var'].map((w) => `bn.${i}.${w}`)
        ),
        'up.0.weight',
        'up.1.weight',
        'up.2.weight',
        'up.2.bias'
      ].sort()
    )
    // fc: [in, out] → [out, in]; the last ConvT: [k, k, out, in] → [in, out, k, k].
    expect(torch.get('fc.weight')!.shape).toEqual([4 * 4 * 16, 10])
    expect(torch.get('up.2.weight')!.shape).toEqual([4, 3, 5, 5])
    expect(() => modelToTorch(g, generatorPlaces(spec).slice(1))).toThrow(
      /generator has weights the PyTorch export does not know \(g_fc\/kernel\)/
    )
    g.dispose()
  })
})

describe('settings train.py does not build', () => {
  const base = TrainConfigSchema.parse({ dataset: { kind: 'builtin', name: 'shapes' } })
  it('passes the DCGAN with any loss, k and label smoothing', () => {
    for (const loss of ['non-saturating', 'minimax', 'wgan-gp', 'hinge'] as const) {
      expect(() =>
        refuseUnsupported({ ...base, loss, dSteps: 3, labelSmoothing: 0.1 })
      ).not.toThrow()
    }
  })
  it('passes the techniques of issue #22 and the resnet, and refuses by name a setting it lacks', () => {
    const withTechniques = {
      ...base,
      spectralNorm: true,
      conditioning: 'projection',
      ema: true,
      augment: 'adaptive',
      r1Gamma: 1
    } as TrainConfig
    expect(() => refuseUnsupported(withTechniques)).not.toThrow()
    expect(() => refuseUnsupported({ ...withTechniques, model: 'resnet' })).not.toThrow()
    // An unknown setting that is on is named, so a new technique is never exported silently.
    const unknown = { ...base, sharpen: true } as unknown as TrainConfig
    expect(() => refuseUnsupported(unknown)).toThrow(
      /^The PyTorch export does not support this run's sharpen = true yet/
    )
  })
})

describe('export, then import, without PyTorch', () => {
  it('brings back the same weights and Adam state it sent', async () => {
    const runDir = await trainTinyRun(join(root, 'studio', 'runs'), 'tiny', {
      datasetOptions: { resolution: 28, channels: 1, limitPerClass: 16 }
    })
    const checkpoint = join(runDir, 'checkpoints', 'step-4')
    const job = join(root, 'job')
    await exportTorchJob(checkpoint, job)
    // What train.py would save having trained no step: the state it loaded, as step 4.
    await mkdir(join(job, 'checkpoints', 'step-4'), { recursive: true })
    await cp(
      join(job, 'init', 'state.safetensors'),
      join(job, 'checkpoints', 'step-4', 'state.safetensors')
    )
    const info = JSON.parse(await readFile(join(job, 'init', 'torch.json'), 'utf8')) as object
    await writeFile(
      join(job, 'checkpoints', 'step-4', 'torch.json'),
      JSON.stringify({ ...info, backend: 'pytorch test' })
    )

    const { runDir: imported, steps } = await importTorchJob(job, join(root, 'data', 'runs'))
    expect(steps).toEqual([4])
    const back = join(imported, 'checkpoints', 'step-4')
    for (const sub of [GENERATOR_DIR, DISCRIMINATOR_DIR]) {
      const a = await loadLayersModelFrom(join(checkpoint, sub))
      const b = await loadLayersModelFrom(join(back, sub))
      a.weights.forEach((w, i) =>
        expect(Array.from(b.weights[i]!.read().dataSync())).toEqual(Array.from(w.read().dataSync()))
      )
      a.dispose()
      b.dispose()
    }
    const slots = (dir: string) => restoredOptimizerSlots(dir, { g: 2e-4, d: 2e-4 })
    expect(await slots(back)).toEqual(await slots(checkpoint))
  })
})
