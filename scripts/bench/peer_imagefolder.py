# Copied unchanged from shared/bench/peer_imagefolder.py (the peer the bench compares against), so the bench runs only scripts in this repository.
"""Reference peer for dataset ingest: torchvision's ImageFolder decoding a folder once.

  /usr/bin/python3 peer_imagefolder.py DIR [--size 28] [--workers 2]
Prints classes, image count and images per second for one full pass (decode, grayscale
or RGB, resize, to tensor), the work the studio's ingest does before training.
Needs Debian's python3-torchvision and python3-pil.
"""
import argparse, time, torch, torchvision
from torchvision import transforms as T
p = argparse.ArgumentParser(); p.add_argument('dir'); p.add_argument('--size', type=int, default=28)
p.add_argument('--workers', type=int, default=2); p.add_argument('--gray', action='store_true')
a = p.parse_args()
tf = T.Compose(([T.Grayscale()] if a.gray else []) + [T.Resize(a.size), T.CenterCrop(a.size), T.ToTensor()])
t = time.time(); ds = torchvision.datasets.ImageFolder(a.dir, transform=tf); scan = time.time() - t
n = 0; t = time.time()
for x, y in torch.utils.data.DataLoader(ds, batch_size=256, num_workers=a.workers): n += len(x)
dt = time.time() - t
print(f'peer torchvision {torchvision.__version__}: classes={ds.classes} images={n} scan={scan:.2f}s decode={dt:.2f}s {n / dt:.0f} img/s')
