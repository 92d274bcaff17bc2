#!/usr/bin/env bash
# Sets up and runs every test on a fresh Debian machine: the Debian packages the tests
# use, the npm packages, then type-check, lint, build, unit and end-to-end tests.
# README.md's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium drives the end-to-end tests; Fashion-MNIST is the real data; python3
# zips the stand-in Electron of the desktop tests; torchvision is the ImageFolder the folder
# scan is checked against. Tests that need these fail, not skip, under this variable.
export GAN_STUDIO_REQUIRE_TEST_DEPS=1
# libopenblas0-pthread: without it Debian's python3-torch falls back to netlib's reference
# BLAS and the bench's PyTorch peer runs 2-4 times slower (36-71 against 140-190 img/s on 2
# cores), which would flatter the studio's ratio.
# fonts-wqy-microhei: a font with Chinese glyphs (both scripts), so the end-to-end tests lay
# out and screenshot the studio in zh-CN and zh-TW as a Chinese system would draw it.
apt_packages=(chromium dataset-fashion-mnist python3 python3-torchvision libopenblas0-pthread fonts-wqy-microhei)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

# Electron 45 fetches its binary on first use, never at install; the desktop tests serve
# a stand-in from 127.0.0.1 (test/helpers/electronMirror.ts), since the real one cannot be
# fetched on offline build machines.
npm ci --no-audit --no-fund

mkdir -p test-output
npm run typecheck
npm run lint
npm run build
npx vitest run --reporter=default --reporter=json --outputFile=test-output/unit.json
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile=test-output/e2e.json
node scripts/summarise-tests.js test-output/unit.json test-output/e2e.json
