# Copied unchanged from shared/bench/peer_dcgan.py (the peer the bench compares against), so the bench runs only scripts in this repository.
"""Reference peer: the same DCGAN-28 / conditional DCGAN-28 in PyTorch, for side-by-side figures.

Runs on Debian's PyTorch (apt-get install python3-torch python3-pil dataset-fashion-mnist):
  /usr/bin/python3 peer_dcgan.py --steps 20               # throughput: training images per second
  /usr/bin/python3 peer_dcgan.py --epochs 5 --out DIR     # train on Fashion-MNIST, write DIR/<label>/*.png

Architecture (the project's default for 28x28, one channel):
  G: [z(100) ++ onehot(label)] -> Dense 7*7*128 (no bias) -> BN -> ReLU -> 7x7x128
     -> ConvT 64 5x5 s2 same (no bias) -> BN -> ReLU -> ConvT 1 5x5 s2 same -> tanh
  D: [x ++ onehot(label) as 10 constant planes] -> Conv 64 5x5 s2 same -> LeakyReLU .2
     -> Conv 128 5x5 s2 same -> LeakyReLU .2 -> Flatten -> Dense 1 (logit)
  Non-saturating loss, Adam lr 2e-4 betas (0.5, 0.999), batch 64, one D step per G step.
"""
import argparse, gzip, os, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--steps', type=int, default=0); p.add_argument('--epochs', type=int, default=0)
p.add_argument('--out', default=''); p.add_argument('--threads', type=int, default=2)
p.add_argument('--batch', type=int, default=64); p.add_argument('--unconditional', action='store_true')
p.add_argument('--per-label', type=int, default=100); p.add_argument('--seed', type=int, default=0)
a = p.parse_args(); torch.set_num_threads(a.threads); torch.manual_seed(a.seed)
Z, C, B = 100, (0 if a.unconditional else 10), a.batch
ROOT = '/usr/share/datasets/fashion-mnist'

def load():
    with gzip.open(f'{ROOT}/train-images-idx3-ubyte.gz') as f: x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(f'{ROOT}/train-labels-idx1-ubyte.gz') as f: y = np.frombuffer(f.read(), np.uint8, offset=8)
    return torch.tensor(x, dtype=torch.float32) / 127.5 - 1, torch.tensor(y, dtype=torch.long)

class G(nn.Module):
    def __init__(s):
        super().__init__()
        s.fc = nn.Linear(Z + C, 7 * 7 * 128, bias=False); s.bn0 = nn.BatchNorm1d(7 * 7 * 128)
        s.up1 = nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False); s.bn1 = nn.BatchNorm2d(64)
        s.up2 = nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1)
    def forward(s, z, y):
        if C: z = torch.cat([z, F.one_hot(y, C).float()], 1)
        h = F.relu(s.bn0(s.fc(z))).view(-1, 128, 7, 7)
        return torch.tanh(s.up2(F.relu(s.bn1(s.up1(h)))))

class D(nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = nn.Conv2d(1 + C, 64, 5, 2, 2); s.c2 = nn.Conv2d(64, 128, 5, 2, 2); s.fc = nn.Linear(128 * 7 * 7, 1)
    def forward(s, x, y):
        if C: x = torch.cat([x, F.one_hot(y, C).float()[:, :, None, None].expand(-1, -1, 28, 28)], 1)
        return s.fc(F.leaky_relu(s.c2(F.leaky_relu(s.c1(x), .2)), .2).flatten(1))

g, d = G(), D()
og = torch.optim.Adam(g.parameters(), 2e-4, betas=(.5, .999)); od = torch.optim.Adam(d.parameters(), 2e-4, betas=(.5, .999))
bce = nn.BCEWithLogitsLoss(); ones, zeros = torch.ones(B, 1), torch.zeros(B, 1)

def step(x, y):
    z = torch.randn(B, Z); fake = g(z, y)
    od.zero_grad(); (bce(d(x, y), ones) + bce(d(fake.detach(), y), zeros)).backward(); od.step()
    og.zero_grad(); lg = bce(d(fake, y), ones); lg.backward(); og.step()
    return lg.item()

x, y = load()
if a.steps:
    for i in range(3): step(x[i * B:(i + 1) * B], y[i * B:(i + 1) * B])
    t = time.time()
    for i in range(a.steps): j = (i * B) % (len(x) - B); step(x[j:j + B], y[j:j + B])
    dt = time.time() - t
    print(f'peer pytorch {torch.__version__} threads={a.threads} {"uncond" if not C else "cond"}: {a.steps / dt:.3f} steps/s, {a.steps * B / dt:.1f} img/s')
for ep in range(a.epochs):
    perm = torch.randperm(len(x)); t = time.time()
    for i in range(0, len(x) - B + 1, B): idx = perm[i:i + B]; lg = step(x[idx], y[idx])
    print(f'epoch {ep + 1}: {time.time() - t:.0f}s, last G loss {lg:.3f}', flush=True)
if a.out:
    from PIL import Image
    g.eval()
    with torch.no_grad():
        for c in range(10):
            os.makedirs(f'{a.out}/{c}', exist_ok=True)
            imgs = g(torch.randn(a.per_label, Z), torch.full((a.per_label,), c, dtype=torch.long))
            for k, im in enumerate(((imgs[:, 0] + 1) * 127.5).clamp(0, 255).byte().numpy()):
                Image.fromarray(im).save(f'{a.out}/{c}/{k:04d}.png')
