"""Runs the exported job's own train.py code on inputs a test gives, for side-by-side checks.

  python3 torchProbe.py <job dir> <request.json>

request: {"task": "generate" | "steps" | "augment", "state": <state.safetensors>,
          "dropOptimizer": bool, "ema": bool (generate with the EMA of G),
          "z": <f32 file>, "labels": [...], "images": <f32 NHWC file>, "out": <f32 file>,
          "steps": [{"x": <f32 NHWC file>, "y": [...], "z": <f32 file>}],
          "values": {per-image transform values, as the studio's AugmentDraws}}
Prints one JSON line of results.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

job_dir, request_path = sys.argv[1], sys.argv[2]
sys.path.insert(0, job_dir)
import train as T  # noqa: E402  (the job's train.py)

torch.set_num_threads(1)
with open(os.path.join(job_dir, 'job.json')) as f:
    job = json.load(f)
with open(request_path) as f:
    req = json.load(f)
spec, cfg = job['spec'], job['config']
classes = spec['numClasses']
g, d = T.build_models(spec)
g_opt, d_opt = T.make_optimizers(g, d, cfg)
ema = T.GeneratorEma(g, cfg.get('emaDecay', 0.999)) if cfg.get('ema') else None
flat, _ = T.read_safetensors(req['state'])
if req.get('dropOptimizer'):
    flat = {k: v for k, v in flat.items() if '.adam.' not in k}
T.load_flat_state(flat, g, d, g_opt, d_opt, ema)


def read(path, shape):
    return torch.from_numpy(np.fromfile(path, dtype='<f4').reshape(shape).copy())


def onehot(labels):
    return F.one_hot(torch.tensor(labels, dtype=torch.long), classes).float() if classes else None


size, chans = spec['resolution'], spec['channels']
if req['task'] == 'augment':
    v = req['values']
    n = len(v['cut'])
    x = read(req['images'], (n, size, size, chans)).permute(0, 3, 1, 2).contiguous()
    values = {k: torch.tensor(v[k], dtype=torch.long if k in ('shiftY', 'shiftX', 'cutY', 'cutX') else torch.float32)
              for k in ('brightness', 'saturation', 'contrast', 'shiftY', 'shiftX', 'cutY', 'cutX')}
    values['cut'] = torch.tensor(v['cut'], dtype=torch.bool)
    T.apply_augment(x, values).permute(0, 2, 3, 1).contiguous().numpy().astype('<f4').tofile(req['out'])
    print(json.dumps({'ok': True}))
elif req['task'] == 'generate':
    n = len(req['labels']) if classes else req['count']
    if req.get('ema'):
        g = ema.model
    g.eval()
    with torch.no_grad():
        images = g(read(req['z'], (n, spec['noiseDim'])), onehot(req['labels']))
        logits = d(read(req['images'], (n, size, size, chans)).permute(0, 3, 1, 2), onehot(req['labels']))
    images.permute(0, 2, 3, 1).contiguous().numpy().astype('<f4').tofile(req['out'])
    print(json.dumps({'logits': logits.flatten().tolist()}))
else:
    results = []
    for s in req['steps']:
        b = len(s['y'])
        x = read(s['x'], (b, size, size, chans)).permute(0, 3, 1, 2).contiguous()
        y = torch.tensor(s['y'], dtype=torch.long)
        z = read(s['z'], (b, spec['noiseDim']))
        numbers = T.train_step(g, d, d, g_opt, d_opt, cfg, classes, [(x, y)], lambda n: z, 0.0, torch.Generator())
        results.append(numbers.tolist())
    print(json.dumps({'steps': results}))
