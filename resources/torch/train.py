"""GAN Studio's run, continued in PyTorch with DistributedDataParallel.

Written by `gan-studio export-torch`; job.json beside it holds the run's settings. The model,
losses and optimiser settings are the studio's own (see README.md), so the studio's weights
load here and this job's checkpoints load back there (`gan-studio import-torch <this folder>`).

  torchrun --nproc_per_node=2 train.py                       # one machine, two processes
  torchrun --nnodes=4 --nproc_per_node=8 --rdzv_backend=c10d \\
      --rdzv_endpoint=HOST:29400 --rdzv_id=JOB train.py      # a cluster
  python3 train.py                                           # one process, no torchrun

The studio's techniques come along: projection D, spectral norm, EMA of G, hinge, R1, TTUR
rates and DiffAugment (fixed or adaptive, its p carried in torch.json).

Writes, as the studio does: metrics.jsonl (one line per step), samples/step-<n>.png (the
fixed-noise grid), checkpoints/step-<n>/ (torch.pt for PyTorch, state.safetensors for the
studio), all from rank 0 only.
"""
import argparse
import copy
import json
import math
import os
import struct
import sys
import time
from datetime import datetime, timezone

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = 5
STRIDE = 2
SLOPE = 0.2
GRID_COLUMNS = 8

# ---------------------------------------------------------------------------------------
# safetensors, read and written without the package (a header of JSON, then raw data).

_DTYPES = {'F32': (np.float32, torch.float32), 'I64': (np.int64, torch.int64)}


def read_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n].decode('utf8'))
    body = data[8 + n:]
    out = {}
    for name, spec in header.items():
        if name == '__metadata__':
            continue
        if spec['dtype'] not in _DTYPES:
            raise ValueError(f'{path}: tensor {name} has dtype {spec["dtype"]}; only F32 and I64 are read')
        np_type = _DTYPES[spec['dtype']][0]
        begin, end = spec['data_offsets']
        array = np.frombuffer(body[begin:end], dtype=np_type).reshape(spec['shape'])
        out[name] = torch.from_numpy(array.copy())
    return out, header.get('__metadata__', {})


def write_safetensors(path, tensors, metadata=None):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        code = 'I64' if t.dtype == torch.int64 else 'F32'
        raw = t.to(torch.int64 if code == 'I64' else torch.float32).numpy().astype('<i8' if code == 'I64' else '<f4').tobytes()
        header[name] = {'dtype': code, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header['__metadata__'] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(',', ':')).encode('utf8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    atomic_write(path, struct.pack('<Q', len(text)) + text + b''.join(chunks))


def atomic_write(path, data):
    tmp = f'{path}.{os.getpid()}.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)

# ---------------------------------------------------------------------------------------
# The studio's DCGAN (src/main/engine/models/dcgan.ts), layer for layer.


def same_pad(size):
    """TensorFlow's 'same' padding of a 5x5 stride-2 conv: (before, after). For even sizes
    TF pads 1 before and 2 after, where torch's padding=2 would pad 2 and 2."""
    out = -(-size // STRIDE)
    total = max((out - 1) * STRIDE + KERNEL - size, 0)
    return total // 2, total - total // 2


class StudioBatchNorm(nn.Module):
    """Batch norm as the studio's (Keras's): batch statistics in training, and moving averages
    of the *biased* batch variance (torch's BatchNorm uses the unbiased one). momentum 0.1
    here is Keras's 0.9; epsilon 1e-5. State-dict keys are torch's BatchNorm's."""

    def __init__(self, features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(features))
        self.bias = nn.Parameter(torch.zeros(features))
        self.register_buffer('running_mean', torch.zeros(features))
        self.register_buffer('running_var', torch.ones(features))
        self.register_buffer('num_batches_tracked', torch.tensor(0, dtype=torch.long))

    def forward(self, x):
        shape = [1, -1] + [1] * (x.dim() - 2)
        if self.training:
            dims = [0] + list(range(2, x.dim()))
            mean = x.mean(dims)
            var = x.var(dims, unbiased=False)
            with torch.no_grad():
                self.running_mean.mul_(1 - self.momentum).add_(mean.detach(), alpha=self.momentum)
                self.running_var.mul_(1 - self.momentum).add_(var.detach(), alpha=self.momentum)
                self.num_batches_tracked += 1
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean.view(shape)) * torch.rsqrt(var.view(shape) + self.eps) * self.weight.view(shape) + self.bias.view(shape)


def plan(spec):
    width = spec.get('width') or 64
    start = 7 if spec['resolution'] == 28 else 4
    blocks = int(round(math.log2(spec['resolution'] / start)))
    return start, [width * 2 ** (blocks - 1 - i) for i in range(blocks)]


class Generator(nn.Module):
    """[z ++ onehot(label)] -> Linear -> BN -> ReLU -> (ConvT -> BN -> ReLU)* -> ConvT -> tanh.

    The linear layer's units are in the studio's NHWC order, reshaped to NHWC and then
    permuted to NCHW, so its weights need only a transpose."""

    def __init__(self, spec):
        super().__init__()
        self.start, filters = plan(spec)
        self.classes = spec['numClasses']
        self.first = filters[0]
        units = self.start * self.start * self.first
        self.fc = nn.Linear(spec['noiseDim'] + self.classes, units, bias=False)
        self.bn = nn.ModuleList([StudioBatchNorm(units)] + [StudioBatchNorm(f) for f in filters[1:]])
        outs = filters[1:] + [spec['channels']]
        ins = filters
        self.up = nn.ModuleList([
            nn.ConvTranspose2d(i, o, KERNEL, STRIDE, padding=0, bias=(n == len(outs) - 1))
            for n, (i, o) in enumerate(zip(ins, outs))
        ])

    def forward(self, z, onehot=None):
        h = torch.cat([z, onehot], 1) if self.classes else z
        h = F.relu(self.bn[0](self.fc(h)))
        h = h.view(-1, self.start, self.start, self.first).permute(0, 3, 1, 2)
        for i, up in enumerate(self.up):
            size = h.shape[-1]
            # TF's 'same' transposed conv: the full output cropped 1 before and 2 after.
            h = up(h)[:, :, 1:1 + STRIDE * size, 1:1 + STRIDE * size]
            if i + 1 < len(self.up):
                h = F.relu(self.bn[i + 1](h))
        return torch.tanh(h)


def _normalize(x):
    return x / (x.norm() + 1e-12)


class SpectralNormed(nn.Module):
    """Spectral normalisation as the studio's (src/main/engine/models/spectralNorm.ts): every
    weight of normalised() is used divided by sigma, its largest singular value, estimated by
    one power-iteration step per D update from a stored u (buffers sn.u<i>, the studio's own
    vectors), none in G's update; u and v are constants to the gradient."""

    def init_spectral(self, on):
        self.spectral = bool(on)
        self._pairs = None
        if self.spectral:
            self.sn = nn.Module()
            for i, w in enumerate(self.normalised()):
                self.sn.register_buffer(f'u{i}', _normalize(torch.randn(w.shape[0])))

    @torch.no_grad()
    def power_iteration(self, update):
        """(u, v) for the next forwards: v = W^T u/|W^T u|, then with `update` u <- W v/|W v|,
        stored. W is the weight as [out, rest]; the studio's u (size out) is the same vector."""
        if not self.spectral:
            return
        pairs = []
        for i, w in enumerate(self.normalised()):
            m = w.reshape(w.shape[0], -1)
            u = getattr(self.sn, f'u{i}')
            v = _normalize(m.t() @ u)
            if update:
                u.copy_(_normalize(m @ v))
            pairs.append((u.clone(), v))
        self._pairs = pairs

    def weights(self):
        ws = self.normalised()
        if not self.spectral:
            return ws
        if self._pairs is None:
            self.power_iteration(False)
        # W / sigma with sigma = u . (W v): differentiable in W, as the studio's.
        return [w / torch.dot(u, w.reshape(w.shape[0], -1) @ v) for w, (u, v) in zip(ws, self._pairs)]


class Discriminator(SpectralNormed):
    """[x ++ onehot(label) as constant planes] -> (Conv s2 -> LeakyReLU .2)* -> Flatten (NHWC) -> Linear 1.

    With projection conditioning (Miyato & Koyama 2018) the label enters at the end instead:
    logit = linear(phi(x)) + <embed(y), phi(x)>, phi(x) the flattened features, embed a
    bias-free Linear on the one-hot label (the studio's d_embed).

    With spectral normalisation every weight (convs, logit, embedding) is divided by sigma."""

    def __init__(self, spec):
        super().__init__()
        _, filters = plan(spec)
        self.classes = spec['numClasses']
        self.projection = bool(self.classes) and spec.get('conditioning') == 'projection'
        planes = self.classes if self.classes and not self.projection else 0
        chans = [spec['channels'] + planes] + list(reversed(filters))
        self.conv = nn.ModuleList([nn.Conv2d(chans[i], chans[i + 1], KERNEL, STRIDE) for i in range(len(filters))])
        size = spec['resolution']
        for _ in filters:
            size = -(-size // STRIDE)
        features = size * size * chans[-1]
        self.logit = nn.Linear(features, 1)
        if self.projection:
            self.embed = nn.Linear(self.classes, features, bias=False)
        self.init_spectral(spec.get('spectralNorm'))

    def normalised(self):
        """The weights spectral normalisation divides, in the order of the studio's u vectors."""
        return [c.weight for c in self.conv] + [self.logit.weight] + ([self.embed.weight] if self.projection else [])

    def forward(self, x, onehot=None):
        w = self.weights()
        h = x
        if self.classes and not self.projection:
            planes = onehot[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
            h = torch.cat([x, planes], 1)
        for i, conv in enumerate(self.conv):
            a, b = same_pad(h.shape[-1])
            h = F.leaky_relu(F.conv2d(F.pad(h, (a, b, a, b)), w[i], conv.bias, STRIDE), SLOPE)
        flat = h.permute(0, 2, 3, 1).flatten(1)
        n = len(self.conv)
        logit = F.linear(flat, w[n], self.logit.bias)
        if self.projection:
            logit = logit + (flat * F.linear(onehot, w[n + 1])).sum(1, keepdim=True)
        return logit


# ---------------------------------------------------------------------------------------
# The studio's resnet (src/main/engine/models/resnet.ts), SNGAN-style, layer for layer.


class ResnetGenerator(nn.Module):
    """[z ++ onehot] -> Linear -> (BN ReLU x2 conv3 BN ReLU conv3 + x2 conv1)* -> BN ReLU conv3 -> tanh.

    The studio runs this G through the layers API, forward again in G's update (the same z,
    so the same fakes; BN's moving averages move twice a step): train_step does the same."""

    forward_in_g_update = True

    def __init__(self, spec):
        super().__init__()
        self.start, filters = plan(spec)
        self.classes = spec['numClasses']
        self.first = filters[0]
        self.fc = nn.Linear(spec['noiseDim'] + self.classes, self.start * self.start * self.first)
        blocks = []
        for i, cin in enumerate(filters):
            cout = filters[i + 1] if i + 1 < len(filters) else filters[-1]
            block = nn.Module()
            block.bn1, block.conv1 = StudioBatchNorm(cin), nn.Conv2d(cin, cout, 3, padding=1)
            block.bn2, block.conv2 = StudioBatchNorm(cout), nn.Conv2d(cout, cout, 3, padding=1)
            block.skip = nn.Conv2d(cin, cout, 1)
            blocks.append(block)
        self.blocks = nn.ModuleList(blocks)
        self.bn_out = StudioBatchNorm(filters[-1])
        self.out = nn.Conv2d(filters[-1], spec['channels'], 3, padding=1)

    def forward(self, z, onehot=None):
        h = self.fc(torch.cat([z, onehot], 1) if self.classes else z)
        h = h.view(-1, self.start, self.start, self.first).permute(0, 3, 1, 2)
        up = lambda t: F.interpolate(t, scale_factor=2, mode='nearest')
        for b in self.blocks:
            main = b.conv1(up(F.relu(b.bn1(h))))
            main = b.conv2(F.relu(b.bn2(main)))
            h = main + b.skip(up(h))
        return torch.tanh(self.out(F.relu(self.bn_out(h))))


class ResnetDiscriminator(SpectralNormed):
    """(ReLU conv3 ReLU conv3 avgpool + conv1 avgpool)* (no leading ReLU in the first) -> ReLU ->
    global average pool -> Linear 1, plus the projection of the label when conditional."""

    def __init__(self, spec):
        super().__init__()
        _, filters = plan(spec)
        self.classes = spec['numClasses']
        self.projection = bool(self.classes)
        blocks, cin = [], spec['channels']
        for cout in reversed(filters):
            block = nn.Module()
            block.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
            block.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
            block.skip = nn.Conv2d(cin, cout, 1)
            blocks.append(block)
            cin = cout
        self.blocks = nn.ModuleList(blocks)
        self.logit = nn.Linear(cin, 1)
        if self.projection:
            self.embed = nn.Linear(self.classes, cin, bias=False)
        self.init_spectral(spec.get('spectralNorm'))

    def normalised(self):
        convs = [c.weight for b in self.blocks for c in (b.conv1, b.conv2, b.skip)]
        return convs + [self.logit.weight] + ([self.embed.weight] if self.projection else [])

    def forward(self, x, onehot=None):
        w = self.weights()
        h = x
        for i, b in enumerate(self.blocks):
            main = h if i == 0 else F.relu(h)
            main = F.conv2d(main, w[3 * i], b.conv1.bias, padding=1)
            main = F.conv2d(F.relu(main), w[3 * i + 1], b.conv2.bias, padding=1)
            skip = F.conv2d(h, w[3 * i + 2], b.skip.bias)
            h = F.avg_pool2d(main, 2) + F.avg_pool2d(skip, 2)
        features = F.relu(h).mean([2, 3])
        n = 3 * len(self.blocks)
        logit = F.linear(features, w[n], self.logit.bias)
        if self.projection:
            logit = logit + (features * F.linear(onehot, w[n + 1])).sum(1, keepdim=True)
        return logit


def build_models(spec):
    """G and D of the job's architecture (job.json spec.architecture: dcgan or resnet)."""
    if spec.get('architecture') == 'resnet':
        return ResnetGenerator(spec), ResnetDiscriminator(spec)
    return Generator(spec), Discriminator(spec)


class GeneratorEma:
    """An exponential moving average of G's weights (src/main/engine/train/ema.ts):
    ema <- ema + (1 - b_t)(w - ema), b_t = min(decay, (1 + t)/(10 + t)) after G's t-th update;
    BN's running statistics copied, not averaged, then measured on its own output (`stand`)
    before samples and checkpoints use it."""

    def __init__(self, g, decay):
        self.model = copy.deepcopy(g)
        self.model.requires_grad_(False)
        self.decay = decay

    @torch.no_grad()
    def update(self, g, t):
        beta = min(self.decay, (1 + t) / (10 + t))
        for e, w in zip(self.model.parameters(), g.parameters()):
            e.add_(w - e, alpha=1 - beta)
        for e, b in zip(self.model.buffers(), g.buffers()):
            e.copy_(b)

    @torch.no_grad()
    def stand(self, noise_dim, classes, batch, seed, device, batches=16):
        """Standing statistics (BigGAN; src/main/engine/train/standingStats.ts): each BN
        layer's running mean and variance become the mean of the batch means and (biased)
        batch variances it sees over `batches` batches of the average's own output, in
        training mode, classes in turn. G's, copied, were measured on other weights."""
        bns = [m for m in self.model.modules() if isinstance(m, StudioBatchNorm)]
        if not bns:
            return
        sums = {}

        def measure(m, inputs, _out):
            x = inputs[0]
            dims = [0] + list(range(2, x.dim()))
            mean, var = x.mean(dims), x.var(dims, unbiased=False)
            old = sums.get(m)
            sums[m] = (mean, var) if old is None else (old[0] + mean, old[1] + var)

        hooks = [m.register_forward_hook(measure) for m in bns]
        draws = torch.Generator().manual_seed(seed)
        was_training = self.model.training
        self.model.train()
        try:
            for b in range(batches):
                z = torch.randn(batch, noise_dim, generator=draws).to(device)
                y = None
                if classes:
                    y = F.one_hot(torch.arange(b * batch, (b + 1) * batch) % classes, classes).float().to(device)
                self.model(z, y)
        finally:
            for h in hooks:
                h.remove()
            self.model.train(was_training)
        for m in bns:
            m.running_mean.copy_(sums[m][0] / batches)
            m.running_var.copy_(sums[m][1] / batches)
            m.num_batches_tracked -= batches  # the measuring passes were not training

# ---------------------------------------------------------------------------------------
# DiffAugment (src/main/engine/augment/diffAugment.ts): the same transforms on reals and
# fakes before D, differentiable, each applied to each image with probability p.

AUGMENT_DRAWS = 10  # per image, as the studio takes them: every draw, applied or not
ADJUST_IMAGES = 50_000  # ADA: p moves by at most one full swing over this many real images


def _js_round(x):
    return int(math.floor(x + 0.5))


def augment_values(draws, ops, p, h, w):
    """Per-image transform values from raw uniform draws [batch, 10] and p (drawAugment)."""
    r = draws
    zero = torch.zeros_like(r[:, 0])
    colour = (r[:, 0] < p) if 'color' in ops else zero.bool()
    shift = (r[:, 4] < p) if 'translation' in ops else zero.bool()
    cut = (r[:, 7] < p) if 'cutout' in ops else zero.bool()
    max_y, max_x = _js_round(h / 8), _js_round(w / 8)
    cut_h, cut_w = _js_round(h / 2), _js_round(w / 2)
    return {
        'brightness': torch.where(colour, r[:, 1] - 0.5, zero),
        'saturation': torch.where(colour, r[:, 2] * 2, zero + 1),
        'contrast': torch.where(colour, r[:, 3] + 0.5, zero + 1),
        'shiftY': torch.where(shift, torch.floor(r[:, 5] * (2 * max_y + 1)) - max_y, zero).long(),
        'shiftX': torch.where(shift, torch.floor(r[:, 6] * (2 * max_x + 1)) - max_x, zero).long(),
        'cut': cut,
        'cutY': (torch.floor(r[:, 8] * (h + (1 - cut_h % 2))) - cut_h // 2).long(),
        'cutX': (torch.floor(r[:, 9] * (w + (1 - cut_w % 2))) - cut_w // 2).long(),
    }


def apply_augment(x, v):
    """The transforms of `v` on NCHW images in [-1, 1] (applyAugment): colour, translation
    with zeros shifted in, cutout of a half-side square clipped at the edges."""
    b, c, h, w = x.shape
    per = lambda t: t.to(x.dtype).view(b, 1, 1, 1)
    y = x
    if bool((v['brightness'] != 0).any()):
        y = y + per(v['brightness'])
    if bool((v['saturation'] != 1).any()):
        mean = y.mean(1, keepdim=True)
        y = (y - mean) * per(v['saturation']) + mean
    if bool((v['contrast'] != 1).any()):
        mean = y.mean([1, 2, 3], keepdim=True)
        y = (y - mean) * per(v['contrast']) + mean
    if bool((v['shiftY'] != 0).any() or (v['shiftX'] != 0).any()):
        # out[i, j] = in[i - dy, j - dx], zero where that falls outside.
        iy = torch.arange(h, device=x.device)[None, :, None] - v['shiftY'].to(x.device)[:, None, None]
        ix = torch.arange(w, device=x.device)[None, None, :] - v['shiftX'].to(x.device)[:, None, None]
        valid = ((iy >= 0) & (iy < h) & (ix >= 0) & (ix < w)).to(x.dtype)
        rows = torch.arange(b, device=x.device)[:, None, None]
        y = y.permute(0, 2, 3, 1)[rows, iy.clamp(0, h - 1), ix.clamp(0, w - 1)] * valid[..., None]
        y = y.permute(0, 3, 1, 2)
    if bool(v['cut'].any()):
        cut_h, cut_w = _js_round(h / 2), _js_round(w / 2)
        top, left = v['cutY'].to(x.device)[:, None, None], v['cutX'].to(x.device)[:, None, None]
        i = torch.arange(h, device=x.device)[None, :, None]
        j = torch.arange(w, device=x.device)[None, None, :]
        inside = (i >= top) & (i < top + cut_h) & (j >= left) & (j < left + cut_w) & v['cut'].to(x.device)[:, None, None]
        y = y * (~inside).to(x.dtype)[:, None]
    return y


class Augmentation:
    """config.augment: fixed p (augmentStrength) or adaptive p (ADA's controller: p rises
    while the mean sign of D's output on reals exceeds the target, falls otherwise)."""

    def __init__(self, cfg, p=None):
        self.ops = list(cfg.get('augmentOps') or ['translation', 'cutout', 'color'])
        self.adaptive = cfg.get('augment') == 'adaptive'
        self.target = cfg.get('augmentTarget', 0.6)
        self.p = (p or 0.0) if self.adaptive else cfg.get('augmentStrength', 0.5)

    def __call__(self, x, draws):
        if self.p <= 0 or not self.ops:
            return x
        return apply_augment(x, augment_values(draws, self.ops, self.p, x.shape[2], x.shape[3]))

    def update(self, r, images):
        if self.adaptive and math.isfinite(r):
            step = ((r > self.target) - (r < self.target)) * images / ADJUST_IMAGES
            self.p = min(1.0, max(0.0, self.p + step))

# ---------------------------------------------------------------------------------------
# Losses on logits (src/main/engine/train/losses.ts).


def d_loss(loss, real, fake, mismatched=None, smoothing=0.0):
    if loss in ('minimax', 'non-saturating'):
        real_term = (F.softplus(real) - real * (1 - smoothing)).mean()
        fake_term = lambda l: F.softplus(l).mean()
    elif loss == 'hinge':
        real_term = F.relu(1 - real).mean()
        fake_term = lambda l: F.relu(1 + l).mean()
    elif loss == 'wgan-gp':
        real_term = -real.mean()
        fake_term = lambda l: l.mean()
    else:
        raise ValueError(f'unknown loss {loss}')
    fakes = 0.5 * (fake_term(fake) + fake_term(mismatched)) if mismatched is not None else fake_term(fake)
    return real_term + fakes


def g_loss(loss, fake):
    if loss == 'minimax':
        return -F.softplus(fake).mean()
    if loss == 'non-saturating':
        return F.softplus(-fake).mean()
    return -fake.mean()


def mean_output(loss, logits):
    return torch.sigmoid(logits).mean() if loss in ('minimax', 'non-saturating') else logits.mean()


def gradient_penalty(d, real, fake, onehot, eps):
    x_hat = (fake + eps * (real - fake)).detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(d(x_hat, onehot).sum(), x_hat, create_graph=True)
    norm = torch.sqrt(grad.pow(2).sum([1, 2, 3]) + 1e-12)
    return ((norm - 1) ** 2).mean()

def r1_penalty(d, real, onehot):
    """R1 (Mescheder et al. 2018): E[|grad_x D(x)|^2] on the reals D saw; weighed by gamma/2."""
    x = real.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(d(x, onehot).sum(), x, create_graph=True)
    return grad.pow(2).sum([1, 2, 3]).mean()


def train_step(g, d, d_net, g_opt, d_opt, cfg, classes, batches, draw_z, std, noise, step=0,
               aug=None, mean_all=None, images=0):
    """One generator step, as the studio's (src/main/engine/train/step.ts): k discriminator
    updates, each on its own batch and fresh fakes from G in training mode, then one generator
    update on the last D update's fakes (and their instance noise and augmentation draws).
    `aug`: an Augmentation (its adaptive p moves after each D update by the mean sign of D on
    the reals, averaged over processes by `mean_all`; `images`: the global batch).
    Returns [D loss, mean D(x), mean D(G(z)), G loss]."""
    loss_name, k = cfg['loss'], len(batches)
    device = batches[0][0].device
    r1 = cfg.get('r1Gamma', 0) or 0
    onehot = (lambda y: F.one_hot(y, classes).float()) if classes else (lambda y: None)
    with_noise = (lambda t: t) if std <= 0 else (lambda t: t + std * torch.randn(t.shape, generator=noise, device=device))
    fake_draws = None
    d_sum = torch.zeros(3, device=device)
    again = getattr(getattr(g, 'module', g), 'forward_in_g_update', False)
    for i, (x, y) in enumerate(batches):
        batch = x.shape[0]
        labels = onehot(y)
        z = draw_z(batch)
        with torch.set_grad_enabled(i == k - 1 and not again):
            fake = g(z, labels)  # training mode: batch statistics, as the studio's
        real_in = with_noise(x)
        fake_in = with_noise(fake.detach())
        fake_noise = fake_in - fake.detach()
        if aug is not None:
            # Each image its own draws, taken whether or not p applies them (p moves under ADA).
            real_draws = torch.rand(batch, AUGMENT_DRAWS, generator=noise, device=device)
            fake_draws = torch.rand(batch, AUGMENT_DRAWS, generator=noise, device=device)
            real_in, fake_in = aug(real_in, real_draws), aug(fake_in, fake_draws)
        parts = [real_in, fake_in]
        all_labels = [labels, labels] if classes else None
        if cfg.get('mismatchedLabels') and classes:
            shift = torch.randint(1, classes, y.shape, generator=noise, device=device)
            parts.append(real_in)
            all_labels.append(onehot((y + shift) % classes))
        d_net.power_iteration(True)  # spectral norm: one step per D update
        logits = d(torch.cat(parts), torch.cat(all_labels) if classes else None)
        split = logits.split(batch)
        loss = d_loss(loss_name, split[0], split[1], split[2] if len(split) > 2 else None, cfg.get('labelSmoothing', 0))
        if loss_name == 'wgan-gp' and cfg.get('gpWeight', 0) > 0:
            eps = torch.rand(batch, 1, 1, 1, generator=noise, device=device)
            loss = loss + cfg['gpWeight'] * gradient_penalty(d_net, real_in, fake_in, labels, eps)
        if r1 > 0:
            loss = loss + r1 / 2 * r1_penalty(d_net, real_in, labels)
        if not torch.isfinite(loss):
            raise SystemExit(f'Training stopped at step {step}: the discriminator loss became {loss.item()}. '
                             'Lower the learning rates, or try wgan-gp or hinge.')
        d_opt.zero_grad(set_to_none=True)
        loss.backward()
        d_opt.step()
        d_sum += torch.stack([loss.detach(), mean_output(loss_name, split[0]).detach(),
                              mean_output(loss_name, split[1]).detach()]) / k
        if aug is not None and aug.adaptive:
            sign = torch.sign(split[0].detach()).mean()
            aug.update(float(mean_all(sign) if mean_all else sign), images or batch)
    # G's update on the last D update's fakes, their instance noise and augmentation draws,
    # against D as its update left it (spectral norm: the stored u, no further iteration).
    d_net.power_iteration(False)
    if again:
        fake = g(z, labels)
    fake_in = fake + fake_noise
    lg = g_loss(loss_name, d(fake_in if aug is None else aug(fake_in, fake_draws), labels))
    if not torch.isfinite(lg):
        raise SystemExit(f'Training stopped at step {step}: the generator loss became {lg.item()}.')
    g_opt.zero_grad(set_to_none=True)
    lg.backward()
    g_opt.step()
    d_opt.zero_grad(set_to_none=True)  # D's gradients from G's update are not D's to apply
    return torch.cat([d_sum, lg.detach().reshape(1)])


# ---------------------------------------------------------------------------------------
# Weights and optimiser state by name: the studio's import reads state.safetensors.


def make_optimizers(g, d, cfg):
    # The studio's Adam (tfjs) adds epsilon 1e-7 to sqrt(v̂); the same formula as torch's.
    betas = (cfg['beta1'], cfg['beta2'])
    return (torch.optim.Adam(g.parameters(), cfg['lrG'], betas=betas, eps=1e-7),
            torch.optim.Adam(d.parameters(), cfg['lrD'], betas=betas, eps=1e-7))


def flat_state(g, d, g_opt, d_opt, ema=None):
    out = {}
    if ema is not None:
        for k, v in ema.model.state_dict().items():
            out[f'generator_ema.{k}'] = v
    for prefix, model, opt in (('generator', g, g_opt), ('discriminator', d, d_opt)):
        for k, v in model.state_dict().items():
            out[f'{prefix}.{k}'] = v
        for name, p in model.named_parameters():
            s = opt.state.get(p)
            if s:
                out[f'{prefix}.adam.{name}.exp_avg'] = s['exp_avg']
                out[f'{prefix}.adam.{name}.exp_avg_sq'] = s['exp_avg_sq']
                out[f'{prefix}.adam.step'] = torch.tensor(float(s['step']), dtype=torch.float32)
    return out


def load_flat_state(flat, g, d, g_opt, d_opt, ema=None):
    """Weights, Adam state and (with `ema`) the EMA of G: the job's own when it has one, else
    G's weights, as the studio starts an average."""
    if ema is not None:
        sd = {k[len('generator_ema.'):]: v for k, v in flat.items() if k.startswith('generator_ema.')}
        ema.model.load_state_dict(sd if sd else {k[len('generator.'):]: v for k, v in flat.items()
                                                  if k.startswith('generator.') and '.adam.' not in k}, strict=True)
    for prefix, model, opt in (('generator', g, g_opt), ('discriminator', d, d_opt)):
        sd = {k[len(prefix) + 1:]: v for k, v in flat.items() if k.startswith(prefix + '.') and '.adam.' not in k}
        model.load_state_dict(sd, strict=True)
        step_key = f'{prefix}.adam.step'
        if step_key not in flat:
            continue  # a fresh run: Adam starts empty, as the studio's does
        step = flat[step_key].reshape(()).to(torch.float32)
        for name, p in model.named_parameters():
            opt.state[p] = {
                'step': step.clone(),
                'exp_avg': flat[f'{prefix}.adam.{name}.exp_avg'].clone().to(p.device),
                'exp_avg_sq': flat[f'{prefix}.adam.{name}.exp_avg_sq'].clone().to(p.device),
            }

# ---------------------------------------------------------------------------------------
# Data: an ImageFolder, one subfolder per class, in the studio's class order.


def load_dataset(job):
    import torchvision
    from PIL import Image, ImageOps
    data = job['data']
    size, channels = job['spec']['resolution'], job['spec']['channels']
    mode = 'L' if channels == 1 else 'RGB'
    fit, background = data.get('fit', 'crop'), data.get('background', '#000000')

    def prepare(img):
        if img.mode in ('RGBA', 'LA', 'P'):
            img = img.convert('RGBA')
            base = Image.new('RGBA', img.size, background)
            img = Image.alpha_composite(base, img)
        img = img.convert(mode)
        if img.size != (size, size):
            if fit == 'letterbox':
                img = ImageOps.pad(img, (size, size), color=background if mode == 'RGB' else 0)
            else:
                img = ImageOps.fit(img, (size, size))
        array = np.asarray(img, dtype=np.float32).reshape(size, size, channels)
        return torch.from_numpy(array).permute(2, 0, 1) / 127.5 - 1

    root = data['path'] if os.path.isabs(data['path']) else os.path.join(HERE, data['path'])
    folder = torchvision.datasets.ImageFolder(root, loader=lambda p: Image.open(p), transform=prepare)
    limit = data.get('limitPerClass')
    if limit:
        seen, keep = {}, []
        for i, (_, label) in enumerate(folder.samples):
            seen[label] = seen.get(label, 0) + 1
            if seen[label] <= limit:
                keep.append(i)
        folder = torch.utils.data.Subset(folder, keep)
    classes = len(folder.classes if hasattr(folder, 'classes') else folder.dataset.classes)
    expected = len(job['classNames'])
    if job['labeled'] and classes != expected:
        raise SystemExit(f'{root} has {classes} class folders; the run trained on {expected} ({", ".join(job["classNames"])}).')
    return folder

# ---------------------------------------------------------------------------------------
# The sample grid, as the studio draws it (src/main/engine/image/grid.ts).


def grid_png(images, rows, path):
    from PIL import Image
    n, c, size, _ = images.shape
    scale = 2 if size <= 32 else 1
    gap, cell = 1, size * scale
    width = GRID_COLUMNS * cell + (GRID_COLUMNS + 1) * gap
    height = rows * cell + (rows + 1) * gap
    canvas = np.full((height, width, c), 128, dtype=np.uint8)
    pixels = ((images.permute(0, 2, 3, 1) + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).cpu().numpy()
    for i in range(min(n, rows * GRID_COLUMNS)):
        top, left = gap + (i // GRID_COLUMNS) * (cell + gap), gap + (i % GRID_COLUMNS) * (cell + gap)
        canvas[top:top + cell, left:left + cell] = pixels[i].repeat(scale, 0).repeat(scale, 1)
    image = Image.fromarray(canvas[:, :, 0] if c == 1 else canvas, 'L' if c == 1 else 'RGB')
    tmp = f'{path}.{os.getpid()}.tmp'
    image.save(tmp, format='PNG')
    os.replace(tmp, path)

# ---------------------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--steps', type=int, default=0, help='train until this generator step (default: the run\'s own total)')
    p.add_argument('--resume', default='', help='a checkpoints/step-<n> folder of this job to continue from')
    p.add_argument('--backend', default='', help='nccl (GPUs) or gloo (CPUs); default: nccl when CUDA is available')
    p.add_argument('--threads', type=int, default=0, help='CPU threads per process (default: torch\'s choice)')
    p.add_argument('--out', default=HERE, help='where metrics, samples and checkpoints go (default: this folder)')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    with open(os.path.join(HERE, 'job.json')) as f:
        job = json.load(f)
    cfg, spec = job['config'], job['spec']
    distributed = 'WORLD_SIZE' in os.environ
    if distributed:
        backend = args.backend or ('nccl' if torch.cuda.is_available() else 'gloo')
        dist.init_process_group(backend)
        rank, world = dist.get_rank(), dist.get_world_size()
        local = int(os.environ.get('LOCAL_RANK', 0))
    else:
        backend, rank, world, local = 'none', 0, 1, 0
    device = torch.device(f'cuda:{local}' if torch.cuda.is_available() and backend != 'gloo' else 'cpu')
    if device.type == 'cuda':
        torch.cuda.set_device(device)
    if args.threads:
        torch.set_num_threads(args.threads)

    global_batch = cfg['batchSize']
    if global_batch % world:
        raise SystemExit(f'The batch of {global_batch} does not split over {world} processes; run with a number of processes that divides it.')
    batch = global_batch // world
    k, loss_name, classes = cfg['dSteps'], cfg['loss'], spec['numClasses']

    g_net, d_net = (m.to(device) for m in build_models(spec))
    g_opt, d_opt = make_optimizers(g_net, d_net, cfg)
    ema = GeneratorEma(g_net, cfg.get('emaDecay', 0.999)) if cfg.get('ema') else None
    start_step, start_epoch = 0, 1
    source = args.resume or os.path.join(HERE, 'init')
    flat, _ = read_safetensors(os.path.join(source, 'state.safetensors'))
    load_flat_state(flat, g_net, d_net, g_opt, d_opt, ema)
    with open(os.path.join(source, 'torch.json')) as f:
        meta = json.load(f)
    start_step, start_epoch = meta['step'], max(meta.get('epoch', 1), 1)
    # DiffAugment; adaptive p goes on from where the studio (or this job) left it.
    aug = Augmentation(cfg, meta.get('augmentP')) if cfg.get('augment', 'off') != 'off' else None
    g, d = g_net, d_net
    if distributed:
        ids = [local] if device.type == 'cuda' else None
        g = nn.parallel.DistributedDataParallel(g_net, device_ids=ids)
        d = nn.parallel.DistributedDataParallel(d_net, device_ids=ids)

    dataset = load_dataset(job)
    sampler = torch.utils.data.distributed.DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=cfg['seed'], drop_last=True)
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch, sampler=sampler, drop_last=True, num_workers=0)
    steps_per_epoch = len(dataset) // global_batch
    if steps_per_epoch < 1:
        raise SystemExit(f'The dataset has {len(dataset)} images, fewer than one batch of {global_batch}.')
    total = args.steps or cfg.get('maxSteps') or max(1, (cfg['epochs'] * steps_per_epoch) // k)

    out = os.path.abspath(args.out)
    samples_dir, checkpoints_dir = os.path.join(out, 'samples'), os.path.join(out, 'checkpoints')
    if rank == 0:
        os.makedirs(samples_dir, exist_ok=True)
        os.makedirs(checkpoints_dir, exist_ok=True)
    fixed = job['grid']
    fixed_z = torch.from_numpy(np.fromfile(os.path.join(HERE, fixed['noise']), dtype='<f4').reshape(fixed['count'], spec['noiseDim']).copy()).to(device)
    fixed_y = torch.tensor(fixed['labels'], dtype=torch.long, device=device) if classes else None

    # Noise differs per process and per resumed start, and repeats for the same job.
    noise = torch.Generator(device=device)
    noise.manual_seed((cfg['seed'] * 1_000_003 + rank * 7919 + start_step) % (2 ** 63))

    def onehot(y):
        return F.one_hot(y, classes).float() if classes else None

    def mean_all(t):
        # ADA's signal over every process's reals, so p stays the same number everywhere.
        t = t.detach().clone().reshape(1)
        dist.all_reduce(t)
        return t / world

    def instance_noise_std(step):
        n = cfg.get('instanceNoise') or {'std': 0, 'decaySteps': 1}
        return n['std'] * max(0.0, 1 - (step - 1) / n['decaySteps'])

    epoch = start_epoch - 1
    sampler.set_epoch(epoch)
    batches = iter(loader)

    def next_batch():
        nonlocal batches, epoch
        try:
            return next(batches)
        except StopIteration:
            epoch += 1
            sampler.set_epoch(epoch)
            batches = iter(loader)
            return next(batches)

    stood = [-1]

    def stand_ema(step):
        # Once per step it is used at, with its own BN statistics (as the studio does).
        if ema is not None and stood[0] != step:
            ema.stand(spec['noiseDim'], classes, cfg['batchSize'], cfg.get('seed', 0), device)
            stood[0] = step

    def sample(step):
        # With EMA on, every picture of the run comes from the averaged weights.
        stand_ema(step)
        sampler = ema.model if ema is not None else g_net
        sampler.eval()
        with torch.no_grad():
            images = sampler(fixed_z, onehot(fixed_y) if classes else None)
        sampler.train()
        grid_png(images, fixed['rows'], os.path.join(samples_dir, f'step-{step}.png'))
        if aug is not None and aug.adaptive:
            print(f'Adaptive augmentation at step {step}: p = {aug.p:.3f}', flush=True)

    def checkpoint(step, stats):
        stand_ema(step)
        folder = os.path.join(checkpoints_dir, f'step-{step}')
        tmp = folder + f'.{os.getpid()}.partial'
        os.makedirs(tmp, exist_ok=True)
        saved = {'generator': g_net.state_dict(), 'discriminator': d_net.state_dict(),
                 'g_opt': g_opt.state_dict(), 'd_opt': d_opt.state_dict(), 'step': step, 'epoch': epoch + 1}
        if ema is not None:
            saved['generator_ema'] = ema.model.state_dict()
        if aug is not None and aug.adaptive:
            saved['augment_p'] = aug.p
        torch.save(saved, os.path.join(tmp, 'torch.pt'))
        write_safetensors(os.path.join(tmp, 'state.safetensors'), flat_state(g_net, d_net, g_opt, d_opt, ema))
        info = {'format': 'gan-studio-torch', 'version': 1, 'step': step, 'epoch': epoch + 1,
                'time': datetime.now(timezone.utc).isoformat().replace('+00:00', 'Z'),
                'dLoss': stats[0], 'gLoss': stats[1], 'worldSize': world,
                'backend': f'pytorch {torch.__version__} {backend} {device.type}'}
        if aug is not None and aug.adaptive:
            info['augmentP'] = aug.p
        atomic_write(os.path.join(tmp, 'torch.json'), (json.dumps(info, indent=2) + '\n').encode())
        if os.path.exists(folder):
            import shutil
            shutil.rmtree(folder)
        os.replace(tmp, folder)
        kept = sorted(int(n[5:]) for n in os.listdir(checkpoints_dir) if n.startswith('step-') and n[5:].isdigit())
        for old in kept[:max(0, len(kept) - cfg['keepCheckpoints'])]:
            import shutil
            shutil.rmtree(os.path.join(checkpoints_dir, f'step-{old}'))

    metrics = open(os.path.join(out, 'metrics.jsonl'), 'a') if rank == 0 else None
    elapsed, rate = 0.0, 0.0
    step, stats = start_step, (float('nan'), float('nan'))
    if rank == 0:
        print(f'gan-studio torch job: {world} process(es), {backend}, {device.type}; steps {start_step} -> {total}, batch {batch} per process', flush=True)
    while step < total:
        began = time.perf_counter()
        step += 1
        std = instance_noise_std(step)
        drawn = [next_batch() for _ in range(k)]
        numbers = train_step(g, d, d_net, g_opt, d_opt, cfg, classes,
                             [(x.to(device), y.to(device)) for x, y in drawn],
                             lambda n: torch.randn(n, spec['noiseDim'], generator=noise, device=device),
                             std, noise, step, aug=aug, images=global_batch,
                             mean_all=mean_all if distributed else None)
        if ema is not None:
            ema.update(g_net, step)
        if distributed:
            dist.all_reduce(numbers)
            numbers /= world
        d_loss_v, d_real, d_fake, g_loss_v = numbers.tolist()
        stats = (d_loss_v, g_loss_v)
        spent = time.perf_counter() - began
        elapsed += spent
        rate = 1 / spent if rate == 0 else 0.7 * rate + 0.3 / spent
        if rank == 0:
            record = {'runId': job['runId'], 'step': step, 'epoch': epoch + 1, 'totalSteps': total,
                      'dLoss': d_loss_v, 'gLoss': g_loss_v, 'dReal': d_real, 'dFake': d_fake,
                      'imagesPerSecond': global_batch * k / spent, 'etaSeconds': (total - step) / rate,
                      'elapsedSeconds': elapsed}
            metrics.write(json.dumps(record) + '\n')
            if step % cfg['sampleEvery'] == 0 or step == total:
                sample(step)
                metrics.flush()
            if step % cfg['checkpointEvery'] == 0 or step == total:
                metrics.flush()
                os.fsync(metrics.fileno())
                checkpoint(step, stats)
    if rank == 0:
        metrics.close()
        print(f'done: step {step}, D loss {stats[0]:.4f}, G loss {stats[1]:.4f}; import with: gan-studio import-torch {out}', flush=True)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    sys.exit(main())
